// Section "rollout": `agentscaler rollout` timed against floors measured in the same run — the
// oracle in process (vs. restore + gold calls + digest without MCP), the openai agent against a
// local gold-playing chat endpoint (HTTP included; harness time per turn vs. raw env.call), the
// spawn host at concurrency 8 (vs. starting servers and getting a first result), and the peak
// memory of 500 concurrent in-process episodes.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TrajectoryV2 } from '../formats/trajectory.js';
import type { BenchContext, Section } from './context.js';
import { fixed, table, type Target, targetTable } from './markdown.js';
import { median, parseJson, repeat, runNode } from './measure.js';
import type { FloorResult } from './rollout-floor.js';
import type { SpawnFloor } from './spawn-floor.js';
import { corpusWorkspace } from './workspaces.js';

/** The targets. */
export const ROLLOUT_TARGETS = { oraclePerMinute: 10_000, openaiPerMinute: 3_000, harnessMsPerTurn: 1, spawnShare: 0.8, concurrent: 500, peakRssMb: 1536 } as const;

interface RolloutJson {
  episodes: number;
  passed: number;
  graded: number;
  peakRssMb: number;
  time: { runSeconds: number; episodesPerMinute: number };
}

const corpusDomains = (quick: boolean) => (quick ? 60 : 300);

/** `n` items spread evenly over `items`. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/** BFCL and a spread of corpus domains, built with tasks, joined in one workspace of symlinked servers. */
async function rolloutWorkspace(context: BenchContext): Promise<{ ws: string; bfcl: string; corpusCount: number }> {
  const bfcl = context.folder('rollout-bfcl');
  context.say('rollout: BFCL workspace with tasks (not timed)');
  await runNode(context.cli, ['build', '--catalog', `functions:${join(context.root, 'catalogs', 'bfcl')}`, '--out', bfcl, '--json'], context.root);
  const shared = await corpusWorkspace(context);
  const corpus = context.folder('rollout-corpus');
  symlinkSync(join(shared, 'tools.jsonl'), join(corpus, 'tools.jsonl'));
  writeFileSync(join(corpus, 'domains.json'), readFileSync(join(shared, 'domains.json')));
  const { domains } = JSON.parse(readFileSync(join(corpus, 'domains.json'), 'utf8')) as { domains: { slug: string }[] };
  const picked = spread(domains.map((d) => d.slug).sort(), corpusDomains(context.plan.quick));
  context.say(`rollout: synth + tasks of ${picked.length} corpus domains (not timed)`);
  await runNode(context.cli, ['synth', '--ws', corpus, '--domains', picked.join(','), '--json'], context.root);
  await runNode(context.cli, ['tasks', '--ws', corpus, '--json'], context.root);
  const ws = context.folder('rollout-ws');
  mkdirSync(join(ws, 'servers'));
  let corpusCount = 0;
  for (const [from, counted] of [[bfcl, false], [corpus, true]] as const) {
    for (const slug of readdirSync(join(from, 'servers'))) {
      try {
        symlinkSync(join(from, 'servers', slug), join(ws, 'servers', slug));
        if (counted) corpusCount++;
      } catch {
        // A corpus slug equal to a BFCL one: the BFCL domain stays.
      }
    }
  }
  return { ws, bfcl, corpusCount };
}

/** Start the gold-playing chat endpoint; resolves with its URL and a stop function. */
async function chatEndpoint(context: BenchContext, ws: string, holdMs: number): Promise<{ url: string; stop(): void }> {
  const config = join(context.folder(`chat-${holdMs}`), 'config.json');
  writeFileSync(config, JSON.stringify({ ws, holdMs }));
  const child: ChildProcess = spawn(process.execPath, [join(context.root, 'dist', 'bench', 'chat-endpoint.js'), config], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the chat endpoint exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.stdin!.end() };
}

async function rolloutRun(context: BenchContext, label: string, args: string[]): Promise<{ json: RolloutJson; lines: TrajectoryV2[]; cpuSeconds: number }> {
  const out = join(context.folder(`run-${label}`), 'run');
  const child = await runNode(context.cli, ['rollout', ...args, '--out', out, '--json'], context.root);
  const json = parseJson<RolloutJson>(child, `agentscaler rollout ${args.join(' ')}`);
  const lines = readFileSync(join(out, 'trajectories.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TrajectoryV2);
  context.say(`  ${label}: ${json.episodes} episodes, ${json.passed} pass, ${fixed(json.time.episodesPerMinute, 0)}/min, peak RSS ${json.peakRssMb} MB`);
  return { json, lines, cpuSeconds: child.cpuSeconds ?? NaN };
}

/** Processes left running by the spawn host (their command line names its episode folders). */
function leftovers(): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('agentscaler-episodes-')) n++;
    } catch {
      // Gone.
    }
  }
  return n;
}

/**
 * The harness's own CPU milliseconds per agent turn: the rollout process's CPU time (every thread:
 * HTTP client, MCP, SQLite, grading, writing) less the raw env.call time of its calls, over agent
 * turns. CPU rather than wall time, since concurrent episodes interleave their waits.
 */
function harnessPerTurn(run: { lines: TrajectoryV2[]; cpuSeconds: number }, callMs: number): number {
  const calls = run.lines.reduce((n, l) => n + l.calls.length, 0);
  const turns = run.lines.reduce((n, l) => n + l.modelTurns.length, 0);
  return turns > 0 ? (run.cpuSeconds * 1000 - calls * callMs) / turns : NaN;
}

export const rolloutSection: Section = {
  id: 'rollout',
  title: (plan) => `rollout: episodes per minute against floors measured in the same run${plan.quick ? ' (quick)' : ''}`,
  async render(context) {
    const { plan } = context;
    const { ws, bfcl, corpusCount } = await rolloutWorkspace(context);
    const k = plan.quick ? 2 : 4;
    const floorConfig = join(context.folder('rollout-floor'), 'config.json');
    writeFileSync(floorConfig, JSON.stringify({ ws, k }));
    const oracle = await repeat(plan.runs, async (run) => {
      context.say(`rollout: oracle inproc, run ${run}/${plan.runs}`);
      const floor = parseJson<FloorResult>(await runNode(join(context.root, 'dist', 'bench', 'rollout-floor.js'), [floorConfig], context.root), 'rollout-floor');
      const { json } = await rolloutRun(context, `oracle-${run}`, ['--ws', ws, '--agent', 'oracle', '--k', String(k), '--concurrency', '8']);
      return { floor, json };
    });
    const endpoint = await chatEndpoint(context, ws, 0);
    const openai = await repeat(plan.runs, async (run) => {
      context.say(`rollout: openai agent vs the local endpoint, run ${run}/${plan.runs}`);
      return rolloutRun(context, `openai-${run}`, ['--ws', ws, '--agent', 'openai', '--model', 'gold', '--base-url', endpoint.url, '--concurrency', '16']);
    });
    endpoint.stop();
    const spawnCount = plan.quick ? 24 : 64;
    const spawnConfig = join(context.folder('spawn-floor'), 'config.json');
    writeFileSync(spawnConfig, JSON.stringify({ dir: join(bfcl, 'servers', 'ticket-user'), count: spawnCount, concurrency: 8 }));
    const tickets = readFileSync(join(bfcl, 'servers', 'ticket-user', 'tasks.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    const spawned = await repeat(plan.runs, async (run) => {
      context.say(`rollout: spawn host at concurrency 8, run ${run}/${plan.runs}`);
      const floor = parseJson<SpawnFloor>(await runNode(join(context.root, 'dist', 'bench', 'spawn-floor.js'), [spawnConfig], context.root), 'spawn-floor');
      const { json } = await rolloutRun(context, `spawn-${run}`, ['--ws', bfcl, '--agent', 'oracle', '--host', 'spawn', '--concurrency', '8', '--tasks', 'ticket-user/*', '--k', String(Math.ceil(spawnCount / tickets))]);
      return { floor, json, left: leftovers() };
    });
    const held = await chatEndpoint(context, ws, 1000);
    const task = JSON.parse(readFileSync(join(bfcl, 'servers', 'ticket-user', 'tasks.jsonl'), 'utf8').split('\n')[0]!) as { id: string };
    context.say('rollout: 500 concurrent inproc episodes');
    const concurrent = await rolloutRun(context, 'concurrent', ['--ws', bfcl, '--agent', 'openai', '--model', 'gold', '--base-url', held.url, '--tasks', task.id, '--k', String(ROLLOUT_TARGETS.concurrent), '--concurrency', String(ROLLOUT_TARGETS.concurrent)]);
    held.stop();

    const t = ROLLOUT_TARGETS;
    const floorPerMinute = oracle.map((o) => (o.floor.episodes / o.floor.seconds) * 60);
    const oraclePerMinute = median(oracle.map((o) => o.json.time.episodesPerMinute));
    const callMs = median(oracle.map((o) => o.floor.callMs));
    const openaiPerMinute = median(openai.map((o) => o.json.time.episodesPerMinute));
    const perTurn = median(openai.map((o) => harnessPerTurn(o, callMs)));
    const spawnFloor = median(spawned.map((s) => (s.floor.servers / s.floor.seconds) * 60));
    const spawnRate = median(spawned.map((s) => s.json.time.episodesPerMinute));
    const allPass = (runs: { episodes: number; passed: number }[]) => runs.every((r) => r.passed === r.episodes);
    const targets: Target[] = [
      { name: `oracle, inproc, BFCL + ${corpusCount} corpus domains, k=${k}, graded`, goal: `≥ ${fixed(t.oraclePerMinute, 0)} episodes/min, 100 % pass`, measured: `${fixed(oraclePerMinute, 0)}/min, ${allPass(oracle.map((o) => o.json)) ? '100 %' : 'not all'} pass (floor ${fixed(median(floorPerMinute), 0)}/min)`, pass: oraclePerMinute >= t.oraclePerMinute && allPass(oracle.map((o) => o.json)) },
      { name: 'openai agent vs the local endpoint (HTTP included)', goal: `≥ ${fixed(t.openaiPerMinute, 0)} episodes/min`, measured: `${fixed(openaiPerMinute, 0)}/min`, pass: openaiPerMinute >= t.openaiPerMinute && allPass(openai.map((o) => o.json)) },
      { name: "harness's own CPU time per agent turn (raw env.call beside it)", goal: `≤ ${t.harnessMsPerTurn} ms`, measured: `${fixed(perTurn, 3)} ms (env.call ${fixed(callMs, 3)} ms)`, pass: perTurn <= t.harnessMsPerTurn },
      { name: 'spawn host, --concurrency 8, vs start + first result at 8', goal: `≥ ${t.spawnShare * 100} % of the floor, no process left`, measured: `${fixed(spawnRate, 0)} ÷ ${fixed(spawnFloor, 0)} per min = ${fixed((spawnRate / spawnFloor) * 100, 0)} %, ${Math.max(...spawned.map((s) => s.left))} left`, pass: spawnRate >= t.spawnShare * spawnFloor && spawned.every((s) => s.left === 0) },
      { name: `${t.concurrent} concurrent inproc episodes in one process`, goal: `peak RSS ≤ ${fixed(t.peakRssMb / 1024, 1)} GB`, measured: `${concurrent.json.peakRssMb} MB, ${concurrent.json.passed} of ${concurrent.json.episodes} pass`, pass: concurrent.json.peakRssMb <= t.peakRssMb && concurrent.json.passed === t.concurrent },
    ];
    return [
      `The workspace: the BFCL catalogs built with tasks, and ${corpusCount} corpus domains spread over the corpus's domains in slug order (synth \`--domains\`, then tasks), joined as one \`servers/\` of symlinks. ` +
        'Every timed run is `node dist/cli/index.js rollout … --json` as a fresh child; its episodes/min is its own wall time from planning to the last line written (grading included). ' +
        `Floors run in their own children just before: \`bench/rollout-floor.ts\` (a fresh state from the seed, the gold calls through \`env.call\`, the digest; no MCP, no grading; ${k} trials per task) and \`bench/spawn-floor.ts\` (${spawnCount} servers started 8 at a time, each asked one gold call over stdio by the SDK client). ` +
        'The openai agent talks to `bench/chat-endpoint.ts`, a child process serving chat completions that plays each task\'s gold calls; harness time per turn is the rollout process\'s CPU time (all threads, its start-up included) less the floor\'s per-call env.call time for every call, over agent turns. ' +
        `The ${t.concurrent} concurrent episodes are ${t.concurrent} trials of one BFCL ticket task whose first model reply is held 1 s, so all are open at once.`,
      '',
      table(
        ['run', 'oracle episodes', 'oracle /min', 'floor /min', 'env.call ms', 'openai /min', 'harness CPU ms/turn', 'spawn /min', 'spawn floor /min'],
        oracle.map((o, i) => [`${i + 1}`, o.json.episodes, fixed(o.json.time.episodesPerMinute, 0), fixed(floorPerMinute[i]!, 0), fixed(o.floor.callMs, 3), fixed(openai[i]!.json.time.episodesPerMinute, 0), fixed(harnessPerTurn(openai[i]!, o.floor.callMs), 3), fixed(spawned[i]!.json.time.episodesPerMinute, 0), fixed((spawned[i]!.floor.servers / spawned[i]!.floor.seconds) * 60, 0)]),
      ),
      '',
      targetTable(targets, plan.quick),
    ].join('\n');
  },
};
