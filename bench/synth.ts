// Section "synth": the domains of the BFCL catalogs and of the corpus emitted as server packages,
// each synth run timed as its own process; then every package opened in process with its own
// runtime and each of its tools called once with arguments drawn from its seed, and a sample of
// packages started as `node index.js` and asked for tools/list over stdio.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, Section } from './context.js';
import { type Cell, count, fixed, percent, table, type Target, targetTable } from './markdown.js';
import { median, medianOf, parseJson, repeat, runNode } from './measure.js';
import { corpusCatalog, corpusName } from './plan.js';
import { type FailureKind, mergeProbeReports, type ProbeCounts, type ProbeReport } from './probe-report.js';
import { startStdio } from './stdio.js';
import { bfclWorkspace, corpusWorkspace } from './workspaces.js';

/** Targets of synth and the emitted servers. */
export const SYNTH_TARGETS = { domainsPerSecond: 20, boundAllRequired: 0.9, readsOk: 0.95, stdioSample: 50 } as const;

/** Corpus domains a quick run synthesizes (a full run takes all of them: synth runs at well over 20 domains/s). */
const QUICK_LIMIT = 300;
/** Packages per probe child: a child keeps every runtime it imported, so batches bound its memory. */
const PROBE_BATCH = 400;

/** The part of `synth --json` the bench reads. */
interface SynthJson {
  domains: number;
  tables: number;
  rows: number;
  tools: number;
  bound: number;
  boundAllRequired: number;
  requiredUnbound: number;
  unaccounted: number;
  seconds: number;
  peakRssMb: number;
  fidelity: { opaque: { count: number } };
}

/** One timed synth run. */
interface SynthRun extends Omit<SynthJson, 'fidelity'> {
  /** Tools marked opaque (they answer, but no task uses them). */
  opaque: number;
  /** Spawn to exit, Node start-up included. */
  wallSeconds: number;
  cpuSeconds: number;
}

/** Synth, probes and stdio starts on one catalog. */
interface CatalogResult {
  label: string;
  /** How the domains were chosen, for the text. */
  selection: string;
  /** Domains synth was asked for. */
  selected: number;
  runs: SynthRun[];
  /** Package folders of the emitted domains after the last run. */
  dirs: string[];
  /** Domains synth could not emit (synth.json `failed`), with why. */
  failed: { slug: string; reason: string }[];
  probes: ProbeReport;
  stdio: StdioCheck;
}

/** The stdio start check of a sample of packages. */
interface StdioCheck {
  tried: number;
  /** Started, answered tools/list, and listed exactly the tools of domain.json. */
  ok: number;
  failures: { slug: string; error: string }[];
  /** Milliseconds from spawn to the tools/list answer, per package. */
  millis: number[];
}

function domainCount(ws: string): number {
  return (JSON.parse(readFileSync(join(ws, 'domains.json'), 'utf8')) as { domains: unknown[] }).domains.length;
}

/** `synth --ws WS --json [--limit N]` `runs` times, each into an empty servers/ folder. */
async function timeSynth(context: BenchContext, label: string, ws: string, limit: number | undefined): Promise<SynthRun[]> {
  const args = ['synth', '--ws', ws, '--json', ...(limit === undefined ? [] : ['--limit', String(limit)])];
  return repeat(context.plan.runs, async (run) => {
    context.discard(join(ws, 'servers'));
    context.say(`${label}: synth run ${run}/${context.plan.runs}${limit === undefined ? '' : ` (--limit ${limit})`}`);
    const child = await runNode(context.cli, args, context.root);
    const json = parseJson<SynthJson>(child, `agentscaler ${args.join(' ')}`);
    context.say(`  ${json.domains} domains in ${json.seconds.toFixed(1)} s (${(json.domains / json.seconds).toFixed(0)} domains/s)`);
    const { fidelity, ...counts } = json;
    return { ...counts, opaque: fidelity.opaque.count, wallSeconds: child.wallSeconds, cpuSeconds: child.cpuSeconds ?? NaN };
  });
}

/** Probe every package in child processes, a batch each, as many at once as there are cores (up to 2). */
async function probeAll(context: BenchContext, label: string, dirs: string[]): Promise<ProbeReport> {
  const batches: string[][] = [];
  for (let i = 0; i < dirs.length; i += PROBE_BATCH) batches.push(dirs.slice(i, i + PROBE_BATCH));
  const script = join(context.root, 'dist', 'bench', 'probe-servers.js');
  const folder = context.folder(`probe-${label.replace(/[^a-z0-9]+/gi, '-')}`);
  const reports: ProbeReport[] = [];
  let next = 0;
  // Probing is not timed, so batches may share the cores.
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      const list = join(folder, `batch-${index}.json`);
      writeFileSync(list, JSON.stringify({ dirs: batches[index] }));
      const child = await runNode(script, [list], context.root);
      reports[index] = parseJson<ProbeReport>(child, `probe-servers ${list}`);
      context.say(`  ${label}: probed batch ${index + 1}/${batches.length}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(2, availableParallelism(), batches.length) }, worker));
  return mergeProbeReports(reports);
}

/** `n` packages spread evenly over `dirs` (all of them when there are fewer). */
function spread(dirs: string[], n: number): string[] {
  if (dirs.length <= n) return dirs;
  return Array.from({ length: n }, (_, i) => dirs[Math.floor((i * dirs.length) / n)]!);
}

/** Start each package as `node index.js --db FILE` and check its tools/list against domain.json. */
async function checkStdio(context: BenchContext, label: string, dirs: string[]): Promise<StdioCheck> {
  const folder = context.folder(`stdio-${label.replace(/[^a-z0-9]+/gi, '-')}`);
  const check: StdioCheck = { tried: 0, ok: 0, failures: [], millis: [] };
  for (const [i, dir] of dirs.entries()) {
    const slug = dir.slice(dir.lastIndexOf('/') + 1);
    check.tried++;
    const expected = (JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as { tools: { name: string }[] }).tools.map((t) => t.name);
    const started = performance.now();
    try {
      const server = await startStdio(join(dir, 'index.js'), ['--db', join(folder, `${i}.sqlite`)]);
      try {
        const { tools } = await server.client.listTools();
        check.millis.push(performance.now() - started);
        const listed = tools.map((t) => t.name);
        if (listed.join('\n') === expected.join('\n')) check.ok++;
        else check.failures.push({ slug, error: `listed ${listed.length} tools, domain.json has ${expected.length}` });
      } finally {
        await server.close();
      }
    } catch (error) {
      check.failures.push({ slug, error: (error instanceof Error ? error.message : String(error)).slice(0, 300) });
    }
  }
  context.say(`  ${label}: ${check.ok}/${check.tried} packages started over stdio and listed their tools`);
  return check;
}

/** Synth (timed), then probes and stdio starts (untimed) on one workspace. */
async function measureCatalog(context: BenchContext, label: string, ws: string, limit: number | undefined, stdioCount: number): Promise<CatalogResult> {
  const total = domainCount(ws);
  const runs = await timeSynth(context, label, ws, limit);
  // Synth skips a domain it cannot emit and records it; the runs are deterministic, so the last one speaks for all.
  const { failed } = JSON.parse(readFileSync(join(ws, 'synth.json'), 'utf8')) as { failed?: { slug: string; reason: string }[] };
  const skipped = new Set((failed ?? []).map((f) => f.slug));
  const servers = join(ws, 'servers');
  const dirs = readdirSync(servers, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !skipped.has(d.name))
    .map((d) => join(servers, d.name))
    .sort();
  context.say(`${label}: probing every tool of ${dirs.length} packages in process`);
  const probes = await probeAll(context, label, dirs);
  context.say(`${label}: starting ${Math.min(stdioCount, dirs.length)} packages over stdio`);
  const stdio = await checkStdio(context, label, spread(dirs, stdioCount));
  const selected = limit === undefined ? total : Math.min(limit, total);
  const selection = limit === undefined ? `all ${count(total)} domains` : `the first ${count(selected)} of ${count(total)} domains (\`--limit ${limit}\`)`;
  return { label, selection, selected, runs, dirs, failed: failed ?? [], probes, stdio };
}

function runRow(label: string, r: SynthRun): Cell[] {
  return [
    label,
    r.domains,
    r.tools,
    r.tables,
    r.rows,
    `${count(r.boundAllRequired)} (${percent(r.boundAllRequired / r.tools)})`,
    fixed(r.seconds, 2),
    fixed(r.domains / r.seconds, 0),
    fixed(r.wallSeconds, 2),
    fixed(r.cpuSeconds, 2),
    r.peakRssMb,
  ];
}

function medianRun(runs: SynthRun[]): SynthRun {
  const m = (field: keyof SynthRun) => medianOf(runs, (r) => r[field]);
  return {
    domains: m('domains'),
    tables: m('tables'),
    rows: m('rows'),
    tools: m('tools'),
    bound: m('bound'),
    boundAllRequired: m('boundAllRequired'),
    requiredUnbound: m('requiredUnbound'),
    opaque: m('opaque'),
    unaccounted: m('unaccounted'),
    seconds: m('seconds'),
    peakRssMb: m('peakRssMb'),
    wallSeconds: m('wallSeconds'),
    cpuSeconds: m('cpuSeconds'),
  };
}

/** Domains per second of each run, and their median. */
function throughput(runs: SynthRun[]): number {
  return median(runs.map((r) => r.domains / r.seconds));
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

function kinds(c: ProbeCounts): string {
  const entries = (Object.entries(c.byKind) as [FailureKind, number][]).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([kind, n]) => `${count(n)} ${kind}`).join(', ') : 'none';
}

/** Failed write calls, and those that left the digest unchanged (reads are checked per domain: readsChangedState). */
function failedCalls(p: ProbeReport): { failed: number; unchanged: number } {
  const noCall = p.writes.byKind['no row to work on'] ?? 0;
  const failed = p.writes.tools - p.writes.ok - noCall;
  return { failed, unchanged: p.writes.failedUnchanged };
}

function probeRow(r: CatalogResult): Cell[] {
  const p = r.probes;
  const { failed, unchanged } = failedCalls(p);
  return [
    r.label,
    p.reads.tools,
    `${count(p.reads.ok)} (${percent(share(p.reads.ok, p.reads.tools))})`,
    p.writes.tools,
    `${count(p.writes.ok)} (${percent(share(p.writes.ok, p.writes.tools))})`,
    `${count(unchanged)} of ${count(failed)}`,
    p.readsChangedState.length,
  ];
}

function startRow(r: CatalogResult): Cell[] {
  return [
    r.label,
    r.selected,
    medianRun(r.runs).domains,
    r.failed.length,
    `${count(r.probes.opened)} of ${count(r.probes.domains)}`,
    `${count(r.stdio.ok)} of ${count(r.stdio.tried)}`,
    r.stdio.millis.length ? fixed(median(r.stdio.millis), 0) : 'n/a',
  ];
}

/** A few failures of a catalog, quoted. */
function samples(r: CatalogResult): string[] {
  const lines: string[] = [];
  for (const f of r.failed.slice(0, 10)) lines.push(`- ${r.label}, \`${f.slug}\` not emitted: ${f.reason}`);
  for (const f of r.probes.openFailures.slice(0, 5)) lines.push(`- ${r.label}, \`${f.slug}\` does not open: ${f.error}`);
  for (const f of r.stdio.failures.slice(0, 5)) lines.push(`- ${r.label}, \`${f.slug}\` over stdio: ${f.error}`);
  if (r.probes.failedWritesChangedState.length) lines.push(`- ${r.label}: failed writes that changed the state: ${r.probes.failedWritesChangedState.slice(0, 10).join(', ')}`);
  if (r.probes.readsChangedState.length) lines.push(`- ${r.label}: domains whose reads changed the state: ${r.probes.readsChangedState.slice(0, 10).join(', ')}`);
  for (const s of r.probes.samples.filter((x) => x.read)) {
    lines.push(`- ${r.label}, read \`${s.slug}/${s.tool}\` (${s.kind}): ${s.text.replace(/\s+/g, ' ').replaceAll('|', '\\|')}`);
  }
  return lines;
}

/** The verdict rows of the section. */
function targets(bfcl: CatalogResult, corpus: CatalogResult): Target[] {
  const t = SYNTH_TARGETS;
  const both = [bfcl, corpus];
  const rate = throughput(corpus.runs);
  const m = medianRun(corpus.runs);
  const selected = bfcl.selected + corpus.selected;
  const emitted = medianRun(bfcl.runs).domains + medianRun(corpus.runs).domains;
  const opened = bfcl.probes.opened + corpus.probes.opened;
  const folders = bfcl.dirs.length + corpus.dirs.length;
  const tried = bfcl.stdio.tried + corpus.stdio.tried;
  const started = bfcl.stdio.ok + corpus.stdio.ok;
  const calls = both.map((r) => failedCalls(r.probes)).reduce((a, b) => ({ failed: a.failed + b.failed, unchanged: a.unchanged + b.unchanged }));
  const out: Target[] = [
    { name: `synth throughput (${corpus.label}; synth stage time)`, goal: `≥ ${t.domainsPerSecond} domains/s`, measured: `${fixed(rate, 0)} domains/s`, pass: rate >= t.domainsPerSecond },
  ];
  for (const r of both) {
    const mr = r === corpus ? m : medianRun(r.runs);
    const bound = share(mr.boundAllRequired, mr.tools);
    out.push({ name: `tools bound with every required param (${r.label})`, goal: `≥ ${percent(t.boundAllRequired)}`, measured: percent(bound), pass: bound >= t.boundAllRequired });
    // A tool that cannot honour a required argument is marked opaque: it answers, but no task relies on it.
    out.push({ name: `tools with every required param used, or marked opaque (${r.label}; ${count(mr.opaque)} opaque)`, goal: '100 %', measured: percent(share(mr.tools - mr.unaccounted, mr.tools)), pass: mr.unaccounted === 0 });
  }
  out.push(
    { name: 'domains that emit a package', goal: '100 %', measured: `${count(emitted)} of ${count(selected)}`, pass: emitted === selected },
    { name: 'packages that open in process (`openEnvironment`)', goal: '100 %', measured: `${count(opened)} of ${count(folders)}`, pass: opened === folders && folders === emitted },
    {
      name: 'sample started as `node index.js`, tools/list over stdio',
      goal: `100 % of ≥ ${t.stdioSample}`,
      measured: `${count(started)} of ${count(tried)}`,
      pass: started === tried && tried >= t.stdioSample,
    },
  );
  for (const r of both) {
    const ok = share(r.probes.reads.ok, r.probes.reads.tools);
    out.push({ name: `read tools that succeed on seed arguments (${r.label})`, goal: `≥ ${percent(t.readsOk)}`, measured: percent(ok), pass: ok >= t.readsOk });
  }
  const changed = both.reduce((n, r) => n + r.probes.readsChangedState.length + r.probes.failedWritesChangedState.length, 0);
  out.push({
    name: 'failed write calls that left `env.digest()` unchanged (and reads never change it)',
    goal: '100 %',
    measured: `${count(calls.unchanged)} of ${count(calls.failed)}`,
    pass: changed === 0 && calls.unchanged === calls.failed,
  });
  return out;
}

/** Synth on the BFCL catalogs and the corpus: throughput, binding coverage, and every package checked. */
export const synthSection: Section = {
  id: 'synth',
  title: (plan) => `synth: BFCL catalogs and ${corpusName(plan)}`,
  async render(context) {
    const { plan } = context;
    const bfcl = await measureCatalog(context, 'BFCL', await bfclWorkspace(context), undefined, Infinity);
    const corpusLimit = plan.quick ? QUICK_LIMIT : undefined;
    const corpus = await measureCatalog(context, corpusCatalog(plan), await corpusWorkspace(context), corpusLimit, plan.quick ? 32 : 100);
    const headers = ['catalog / run', 'domains', 'tools', 'tables', 'seed rows', 'every required param used', 'synth s', 'domains/s', 'wall s', 'CPU s', 'peak RSS MB'];
    const runRows = [bfcl, corpus].flatMap((r) => [...r.runs.map((run, i) => runRow(`${r.label} ${i + 1}`, run)), runRow(`**${r.label} median**`, medianRun(r.runs))]);
    const failureLines = [bfcl, corpus].flatMap(samples);
    return [
      `\`agentscaler synth --ws WS --json\` as a child process, ${plan.runs} run(s) each into an empty \`servers/\`: ` +
        `BFCL is the 8 catalogs of \`catalogs/bfcl\` (\`--catalog functions:catalogs/bfcl\`, ${bfcl.selection}); ` +
        `${corpus.label} is the tools.jsonl of "ingest + graph" graphed at the default options, ${corpus.selection}. ` +
        '"synth s" is the stage time the CLI reports (Node start-up excluded; "wall s" includes it); domains/s is domains ÷ synth s.',
      '',
      table(headers, runRows),
      '',
      'Every emitted package is then opened in process with its own runtime (`servers/<slug>/runtime/environment.js`, `openEnvironment({ dir })`), ' +
        `in child processes of ${PROBE_BATCH} packages. Each read tool is called once on the seed state, each write tool once on a fresh copy of the seed, ` +
        'with arguments from `probeArguments` (a row that exists, values that fit, a faker seeded per tool); a failed call must leave `env.digest()` as it was. ' +
        `A sample of packages spread over the list is started as \`node index.js --db FILE\` and asked for tools/list by the SDK client over stdio.`,
      '',
      table(['catalog', 'domains asked', 'packages emitted', 'not emitted (synth.json failed)', 'open in process', 'stdio: started and listed their tools', 'spawn → tools/list ms (median)'], [startRow(bfcl), startRow(corpus)]),
      '',
      table(['catalog', 'read tools', 'reads that succeed', 'write tools', 'writes that succeed', 'failed writes, digest unchanged', 'domains whose reads changed state'], [probeRow(bfcl), probeRow(corpus)]),
      '',
      ...[bfcl, corpus].map((r) => `- ${r.label}: reads not succeeding: ${kinds(r.probes.reads)}; writes not succeeding: ${kinds(r.probes.writes)}.`),
      '',
      targetTable(targets(bfcl, corpus), plan.quick),
      ...(failureLines.length ? ['', 'Failures, a few of each kind:', '', ...failureLines] : []),
    ].join('\n');
  },
};
