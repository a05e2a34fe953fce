// `agentscaler build --catalog SRC... --out WS [...]`: every generator stage in one go, resumable.
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { type BuildReport, build, diskUsageMb, type StageReport } from '../generator/build/pipeline.js';
import type { StageName } from '../generator/build/stamps.js';
import { processPeakMb } from '../generator/build/memory.js';
import { ARTIFACTS } from '../generator/workspace.js';
import { type GraphFlags, graphOptions, graphRows, withGraphFlags } from './graph.js';
import { stopSignal } from './interrupt.js';
import { CATALOG_HELP, droppedTotal, ingestRows, type IngestFlags, round } from './ingest.js';
import { synthRows } from './synth.js';
import { type TasksFlags, tasksRows, withTasksFlags } from './tasks.js';
import { numberOption, printSummary, ProblemLog, type Progress, progress } from './terminal.js';

type BuildFlags = IngestFlags & GraphFlags & Omit<TasksFlags, 'domains'> & { limit?: number; stopAfter: StageName; force?: boolean };

/** Where each stage writes, for its summary's title. */
const WRITES: Record<StageName, string> = {
  ingest: ARTIFACTS.tools,
  graph: ARTIFACTS.domains,
  synth: ARTIFACTS.servers,
  tasks: `${ARTIFACTS.servers}/*/tasks.jsonl`,
};

/** What each stage's progress bar counts. */
const UNITS: Record<StageName, string> = { ingest: 'specs', graph: 'steps', synth: 'domains', tasks: 'domains' };

/** The human rows of a stage's summary. */
function stageRows(report: StageReport): [string, string | number][] {
  switch (report.stage) {
    case 'ingest':
      return ingestRows(report.summary);
    case 'graph':
      return graphRows(report.summary);
    case 'synth':
      return synthRows(report.summary, report.seconds);
    case 'tasks':
      return tasksRows(report.summary, report.seconds);
  }
}

/** m:ss */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The closing summary: the numbers the README quotes, and every domain a stage could not handle. */
function buildRows(report: BuildReport, ws: string, diskMb: number, peakMb: number): [string, string | number][] {
  const of = <N extends StageName>(name: N) => report.stages.find((s): s is Extract<StageReport, { stage: N }> => s.stage === name);
  const ingest = of('ingest');
  const graph = of('graph');
  const synth = of('synth');
  const tasks = of('tasks');
  const rows: [string, string | number][] = [];
  if (ingest) rows.push(['tools', ingest.summary.tools]);
  if (graph) rows.push(['domains', graph.summary.domains]);
  if (synth) rows.push(['servers', synth.summary.totals.domains]);
  if (tasks) rows.push(['tasks', tasks.summary.totals.kept]);
  if (synth || tasks) {
    const bySynth = report.failed.filter((f) => f.stage === 'synth').length;
    const byTasks = report.failed.filter((f) => f.stage === 'tasks').length;
    rows.push([
      'failed domains',
      report.failed.length === 0 ? 'none' : `${report.failed.length} (synth ${bySynth}, tasks ${byTasks}; listed below, and in ${join(ws, ARTIFACTS.synth)} and ${join(ws, ARTIFACTS.tasks)})`,
    ]);
  }
  rows.push(['time', `${clock(report.seconds)} (${report.stages.map((s) => `${s.stage} ${s.reused ? 'reused' : `${s.seconds.toFixed(1)} s`}`).join(', ')})`]);
  rows.push(['disk', `${diskMb >= 1024 ? `${(diskMb / 1024).toFixed(1)} GB` : `${diskMb} MB`} in ${ws}`]);
  rows.push(['peak memory', `${peakMb.toLocaleString('en-US')} MB (${report.stages.map((s) => `${s.stage} ${s.peakRssMb.toLocaleString('en-US')}`).join(', ')})`]);
  return rows;
}

/** `build --json`: every stage's summary and time, the failed domains, disk and memory. */
function buildJson(report: BuildReport, diskMb: number, peakMb: number): object {
  const json: Record<string, unknown> = { seconds: round(report.seconds), peakRssMb: peakMb, diskMb, failed: report.failed };
  json.stages = report.stages.map((s) => ({ stage: s.stage, seconds: round(s.seconds), peakRssMb: s.peakRssMb, reused: s.reused }));
  for (const s of report.stages) {
    const timing = { seconds: round(s.seconds), peakRssMb: s.peakRssMb, reused: s.reused };
    if (s.stage === 'ingest') {
      Object.assign(json, { tools: s.summary.tools, dropped: droppedTotal(s.summary) });
      json.ingest = { ...s.summary, problems: undefined, skipped: undefined, ...timing };
    } else if (s.stage === 'graph') {
      json.domains = s.summary.domains;
      json.graph = { ...s.summary, ...timing };
    } else if (s.stage === 'synth') {
      json.servers = s.summary.totals.domains;
      json.synth = { ...s.summary.totals, failed: s.summary.failed.length, ...timing };
    } else {
      json.kept = s.summary.totals.kept;
      json.tasks = { ...s.summary.totals, ...timing };
    }
  }
  return json;
}

export function buildCommand(): Command {
  return withTasksFlags(withGraphFlags(
    new Command('build')
      .description('ingest + graph + synth + tasks: catalogs to runnable MCP servers with verifiable tasks, in one command; rerun to continue an interrupted build')
      .requiredOption('--catalog <SRC...>', CATALOG_HELP)
      .requiredOption('--out <WS>', 'workspace folder to write'),
  ))
    .option('--workers <N>', 'worker threads for parsing (default: cores, up to 4; 0 = none)', numberOption({ integer: true }))
    .option('--limit <N>', 'synth only the first N domains (default: all)', numberOption({ integer: true, min: 1 }))
    .addOption(new Option('--stop-after <STAGE>', 'stop after this stage (to study the domains before emitting servers)').choices(['ingest', 'graph', 'synth', 'tasks']).default('tasks'))
    .option('--force', 'redo every stage, even those whose outputs match their inputs and options (stages.json)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: BuildFlags) => {
      const views = new Map<StageName, { bar: Progress; problems: ProblemLog }>();
      const close = (stage: StageName) => {
        const view = views.get(stage);
        if (!view) return;
        views.delete(stage);
        view.bar.stop();
        view.problems.flush(20, join(flags.out, stage === 'ingest' ? ARTIFACTS.ingest : stage === 'synth' ? ARTIFACTS.synth : ARTIFACTS.tasks));
      };
      try {
        const report = await build({
          catalogs: flags.catalog,
          out: flags.out,
          graph: graphOptions(flags),
          // One --seed drives the whole build: the Louvain partition, the generated data and the tasks.
          seed: flags.seed,
          limit: flags.limit,
          perDomain: flags.perDomain,
          maxSteps: flags.maxSteps,
          stopAfter: flags.stopAfter,
          workers: flags.workers,
          force: flags.force,
          signal: stopSignal(),
          hooks: {
            start: (stage) => views.set(stage, { bar: progress(stage, UNITS[stage]), problems: new ProblemLog() }),
            progress: (stage, done, total, label) => views.get(stage)?.bar.update(done, total, label),
            problem: (stage, line) => views.get(stage)?.problems.add(line),
            done: (stage) => {
              close(stage.stage);
              if (flags.json) return;
              const how = stage.reused ? 'reused: its inputs, options and code are unchanged' : `in ${stage.seconds.toFixed(1)} s`;
              printSummary(`${stage.stage} → ${join(flags.out, WRITES[stage.stage])} ${how}`, stageRows(stage), null);
            },
          },
        });
        const diskMb = diskUsageMb(flags.out);
        const peakMb = processPeakMb();
        printSummary(`build → ${flags.out} in ${clock(report.seconds)} (m:ss)`, buildRows(report, flags.out, diskMb, peakMb), flags.json ? buildJson(report, diskMb, peakMb) : null);
        if (!flags.json) {
          for (const f of report.failed.slice(0, 20)) process.stdout.write(`  ! ${f.stage} ${f.slug}: ${f.reason}\n`);
          if (report.failed.length > 20) process.stdout.write(`  ! … and ${report.failed.length - 20} more\n`);
        }
      } finally {
        for (const stage of [...views.keys()]) close(stage);
      }
    });
}
