// Section "MCP server": one emitted BFCL domain server timed against @modelcontextprotocol/server-memory
// in the same child process (bench/time-server.ts): per-call latency over stdio, memory, spawn to
// first result, calls in process, and fresh states from a 1 MB snapshot.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Section } from './context.js';
import { type Cell, count, fixed, table, type Target, targetTable } from './markdown.js';
import { median, parseJson, repeat, runNode } from './measure.js';
import type { ServerTimings, TimeServerConfig } from './time-server.js';
import { bfclWorkspace } from './workspaces.js';

/** Targets of an emitted server. */
export const SERVER_TARGETS = { stdioRatio: 1.2, inProcessMs: 0.3, rssMb: 90, spawnMs: 500, snapshotOpenMs: 0.5 } as const;

/** The domain and read tool timed: BFCL's ticket server and its get-by-key read. */
const DOMAIN = { slug: 'ticket-user', tool: 'get_ticket' };

/** The smallest snapshot opened: 1 MiB. */
const SNAPSHOT_BYTES = 1024 * 1024;

const ms = (n: number, digits = 2) => `${fixed(n, digits)} ms`;

function row(label: string, t: Summary): Cell[] {
  return [
    label,
    ms(t.stdioOurs),
    ms(t.stdioTheirs),
    `${fixed(t.stdioOurs / t.stdioTheirs, 2)}×`,
    ms(t.stdioOursP95),
    ms(t.stdioTheirsP95),
    ms(t.inProcess, 3),
    fixed(t.rssOurs, 1),
    fixed(t.rssTheirs, 1),
    ms(t.spawnOurs, 0),
    ms(t.spawnTheirs, 0),
    ms(t.spawnNode, 0),
    ms(t.snapshotOpen, 3),
    ms(t.newDatabase, 3),
  ];
}

/** The figures of one run (or the medians over runs). */
interface Summary {
  stdioOurs: number;
  stdioTheirs: number;
  stdioOursP95: number;
  stdioTheirsP95: number;
  inProcess: number;
  rssOurs: number;
  rssTheirs: number;
  spawnOurs: number;
  spawnTheirs: number;
  spawnNode: number;
  snapshotOpen: number;
  newDatabase: number;
}

function summarize(t: ServerTimings): Summary {
  return {
    stdioOurs: t.stdio.ours.p50,
    stdioTheirs: t.stdio.theirs.p50,
    stdioOursP95: t.stdio.ours.p95,
    stdioTheirsP95: t.stdio.theirs.p95,
    inProcess: t.inProcess.p50,
    rssOurs: t.memory.ours?.rss ?? NaN,
    rssTheirs: t.memory.theirs?.rss ?? NaN,
    spawnOurs: median(t.spawn.ours),
    spawnTheirs: median(t.spawn.theirs),
    spawnNode: median(t.spawn.node),
    snapshotOpen: t.snapshot.open.p50,
    newDatabase: t.snapshot.newDatabase.p50,
  };
}

function medianSummary(all: Summary[]): Summary {
  const keys = Object.keys(all[0]!) as (keyof Summary)[];
  return Object.fromEntries(keys.map((key) => [key, median(all.map((s) => s[key]))])) as unknown as Summary;
}

/** An emitted server over stdio and in process, against the reference server measured in the same run. */
export const serverSection: Section = {
  id: 'server',
  title: () => 'MCP server: latency and memory (BFCL ticket server vs @modelcontextprotocol/server-memory)',
  async render(context) {
    const { plan } = context;
    const dir = join(await bfclWorkspace(context), 'servers', DOMAIN.slug);
    if (!existsSync(join(dir, 'domain.json'))) throw new Error(`the BFCL catalogs no longer give a domain '${DOMAIN.slug}'; pick another in bench/server.ts`);
    const memoryServer = join(context.root, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');
    if (!existsSync(memoryServer)) throw new Error(`${memoryServer} is missing; run npm install (it is a devDependency)`);
    const counts = plan.quick
      ? { warmup: 100, calls: 500, block: 100, spawns: 5, inProcessCalls: 2000, opens: 200 }
      : { warmup: 200, calls: 1000, block: 100, spawns: 11, inProcessCalls: 5000, opens: 1000 };
    const script = join(context.root, 'dist', 'bench', 'time-server.js');
    const timings = await repeat(plan.runs, async (run) => {
      context.say(`server: ${DOMAIN.slug} vs server-memory, run ${run}/${plan.runs}`);
      const scratch = context.folder(`server-${run}`);
      const config: TimeServerConfig = { dir, tool: DOMAIN.tool, memoryServer, scratch, ...counts, snapshotBytes: SNAPSHOT_BYTES };
      writeFileSync(join(scratch, 'config.json'), JSON.stringify(config));
      const child = await runNode(script, [join(scratch, 'config.json')], context.root);
      const t = parseJson<ServerTimings>(child, 'time-server');
      context.say(`  stdio p50 ${t.stdio.ours.p50.toFixed(2)} ms vs ${t.stdio.theirs.p50.toFixed(2)} ms; in process ${t.inProcess.p50.toFixed(3)} ms`);
      context.discard(scratch);
      return t;
    });
    const summaries = timings.map(summarize);
    const m = medianSummary(summaries);
    const first = timings[0]!;
    const ratio = m.stdioOurs / m.stdioTheirs;
    const t = SERVER_TARGETS;
    const targets: Target[] = [
      {
        name: 'per call over stdio, p50: ours ÷ server-memory',
        goal: `≤ ${t.stdioRatio}×`,
        measured: `${ms(m.stdioOurs)} ÷ ${ms(m.stdioTheirs)} = ${fixed(ratio, 2)}×`,
        pass: ratio <= t.stdioRatio,
      },
      { name: 'per call in process (`env.call`), p50', goal: `≤ ${t.inProcessMs} ms`, measured: ms(m.inProcess, 3), pass: m.inProcess <= t.inProcessMs },
      { name: 'server RSS after the calls', goal: `≤ ${t.rssMb} MB`, measured: `${fixed(m.rssOurs, 1)} MB`, pass: m.rssOurs <= t.rssMb },
      { name: `spawn → first tool result (median of ${counts.spawns} fresh processes)`, goal: `≤ ${t.spawnMs} ms`, measured: ms(m.spawnOurs, 0), pass: m.spawnOurs <= t.spawnMs },
      {
        name: `fresh in-memory state from a ${fixed(first.snapshot.bytes / 1024 ** 2, 2)} MB snapshot, p50`,
        goal: `≤ ${t.snapshotOpenMs} ms`,
        measured: ms(m.snapshotOpen, 3),
        pass: m.snapshotOpen <= t.snapshotOpenMs,
      },
    ];
    const memoryGraph = '12 entities of 3 observations and 11 relations';
    return [
      `One child process (\`bench/time-server.ts\`) per run, ${plan.runs} run(s). Ours: \`servers/${DOMAIN.slug}\` of the BFCL workspace, ` +
        `\`node index.js --db FILE\`, calling the read tool \`${first.tool}\` with ${'`'}${JSON.stringify(first.args)}${'`'} (arguments drawn from the seed). ` +
        `Reference: \`@modelcontextprotocol/server-memory\` (${referenceVersion(context.root)}) with \`MEMORY_FILE_PATH\` in a temp folder holding ${memoryGraph}, ` +
        `calling \`${first.memoryTool}\` with ${'`'}${JSON.stringify(first.memoryArgs)}${'`'} (one entity matches). Both are spoken to by the SDK Client over \`StdioClientTransport\`, ` +
        `in the same process and minute: ${counts.warmup} untimed calls each, then ${count(counts.calls)} timed calls each in alternating blocks of ${counts.block}.`,
      '',
      `RSS is the server process's VmRSS right after its calls. Spawn → first tool result is a fresh process each time (ours on a new state file), ` +
        `${counts.spawns} times, taking turns with the reference and with a bare \`node -e ""\` (spawn to exit: the floor). ` +
        `In process: \`env.call\` on the seed state, ${count(counts.inProcessCalls)} timed calls. ` +
        `Snapshot: a state filled by inserts to ${count(first.snapshot.bytes)} bytes (${count(first.snapshot.rows)} rows), then ` +
        `\`openEnvironment({ dir, snapshot })\` ${count(counts.opens)} times with the domain already loaded (as a harness running many episodes has it); ` +
        '`new Database(buffer)` alone is timed alongside for reference. Figures are per-run p50s (spawn: the median), then the median over runs.',
      '',
      table(
        ['run', 'stdio p50, ours', 'stdio p50, server-memory', 'ours ÷ theirs', 'stdio p95, ours', 'stdio p95, server-memory', 'in process p50', 'RSS MB, ours', 'RSS MB, server-memory', 'spawn → result, ours', 'spawn → result, server-memory', 'bare node', 'open from snapshot p50', 'new Database p50'],
        [...summaries.map((s, i) => row(`${i + 1}`, s)), row('**median**', m)],
      ),
      '',
      targetTable(targets, plan.quick),
    ].join('\n');
  },
};

/** The installed version of the reference server. */
function referenceVersion(root: string): string {
  const pkg = join(root, 'node_modules', '@modelcontextprotocol', 'server-memory', 'package.json');
  return `v${(JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version}`;
}
