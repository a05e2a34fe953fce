// `agentscaler build`: every stage in order on one workspace. A stage whose outputs match its
// inputs, options and code (stages.json) is not redone; synth and tasks continue an interrupted run
// domain by domain; `force` starts over. Each stage's time and peak memory are measured, and every
// domain a stage could not handle is collected for the summary.
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS } from '../../formats/workspace.js';
import { Interrupted, UserError } from '../errors.js';
import type { GraphOptions, GraphSummary } from '../graph/index.js';
import { graphStage } from '../graph/stage.js';
import type { IngestSummary } from '../ingest/index.js';
import { ingestStage } from '../ingest/stage.js';
import { synth, type SynthSummary } from '../synth/index.js';
import { tasks, type TasksSummary } from '../tasks/index.js';
import { ensureWorkspace } from '../workspace.js';
import { StagePeak } from './memory.js';
import { STAGES, type StageName } from './stamps.js';

/** What a build does. */
export interface BuildOptions {
  catalogs: string[];
  /** The workspace. */
  out: string;
  /** Folder relative catalog paths are taken from (default: the current directory). */
  base?: string;
  graph?: Partial<GraphOptions>;
  /** Seed of the generated data and the tasks (the graph's own seed is `graph.seed`). */
  seed?: number;
  /** Only the first N domains are synthesized and given tasks. */
  limit?: number;
  perDomain?: number;
  maxSteps?: number;
  /** The last stage to run (default tasks). */
  stopAfter?: StageName;
  /** Ingest's parsing threads. */
  workers?: number;
  /** Redo every stage, whatever stages.json says. */
  force?: boolean;
  signal?: AbortSignal;
  hooks?: BuildHooks;
}

/** What a build tells whoever shows it. */
export interface BuildHooks {
  /** A stage starts (or is checked, when it may be reused). */
  start?(stage: StageName): void;
  progress?(stage: StageName, done: number, total: number, label: string): void;
  /** One line about a file or domain the stage skipped. */
  problem?(stage: StageName, line: string): void;
  /** A stage ended. */
  done?(report: StageReport): void;
}

/** The summary each stage returns. */
export interface StageSummaries {
  ingest: IngestSummary;
  graph: GraphSummary;
  synth: SynthSummary;
  tasks: TasksSummary;
}

/** One stage's outcome: its summary, time and peak memory, and whether the recorded output was reused. */
export type StageReport = {
  [N in StageName]: { stage: N; summary: StageSummaries[N]; seconds: number; peakRssMb: number; reused: boolean };
}[StageName];

/** A domain a stage could not handle, and why. */
export interface FailedDomain {
  stage: 'synth' | 'tasks';
  slug: string;
  reason: string;
}

/** The outcome of a whole build. */
export interface BuildReport {
  stages: StageReport[];
  failed: FailedDomain[];
  seconds: number;
}

/** A build that produced nothing at some stage: the message says which and why. */
export class BuildError extends UserError {}

/** A build stopped by the user: what it kept, for the message that says how to go on. */
export class BuildInterrupted extends Interrupted {
  constructor(
    stopped: Interrupted,
    /** Stages finished before the stop. */
    readonly finished: StageName[],
  ) {
    super(stopped.stage, stopped.progress);
  }
}

/** Run the build. */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const ws = options.out;
  const hooks = options.hooks ?? {};
  const stopAfter = options.stopAfter ?? 'tasks';
  ensureWorkspace(ws);
  // Starting over: forget what was recorded; the stages then rewrite everything they own.
  if (options.force) for (const name of [ARTIFACTS.stages, ARTIFACTS.journals]) rmSync(join(ws, name), { recursive: true, force: true });
  const reuse = !options.force;
  const report: BuildReport = { stages: [], failed: [], seconds: 0 };
  const on = (stage: StageName) => ({
    onProgress: (done: number, total: number, label = '') => hooks.progress?.(stage, done, total, label),
    onProblem: (line: string) => hooks.problem?.(stage, line),
    signal: options.signal,
  });

  /** Run one stage, measured; a stop is rethrown with what the build kept. */
  const stage = async <N extends StageName>(name: N, run: (reused: () => void) => Promise<StageSummaries[N]>): Promise<StageSummaries[N]> => {
    hooks.start?.(name);
    const peak = new StagePeak();
    const t0 = performance.now();
    let reused = false;
    let summary: StageSummaries[N];
    try {
      summary = await run(() => (reused = true));
    } catch (error) {
      peak.stop();
      if (error instanceof Interrupted) throw new BuildInterrupted(error, report.stages.map((s) => s.stage));
      throw error;
    }
    const stageReport = { stage: name, summary, seconds: (performance.now() - t0) / 1000, peakRssMb: peak.stop(), reused } as StageReport;
    report.stages.push(stageReport);
    hooks.done?.(stageReport);
    return summary;
  };
  const last = (name: StageName) => STAGES.indexOf(name) >= STAGES.indexOf(stopAfter);

  await stage('ingest', (reused) =>
    ingestStage({ catalogs: options.catalogs, out: ws, base: options.base, workers: options.workers, reuse, onReused: reused, ...on('ingest') }),
  );
  if (!last('ingest')) {
    const { onProgress, ...rest } = on('graph');
    const graph = await stage('graph', (reused) =>
      graphStage(ws, options.graph ?? {}, { reuse, onReused: reused, ...rest, onProgress: (phase, done, total) => onProgress(done, total, phase) }),
    );
    if (graph.domains === 0) {
      throw new BuildError(`graph made no domain from ${graph.tools} tools (each needs ${options.graph?.minTools ?? 3} or more related tools); try a lower --min-tools or --threshold`);
    }
  }
  if (!last('graph')) {
    const synthesized = await stage('synth', (reused) => synth({ ws, seed: options.seed, limit: options.limit, reuse, onReused: reused, ...on('synth') }));
    for (const f of synthesized.failed) report.failed.push({ stage: 'synth', slug: f.slug, reason: f.reason });
    if (synthesized.totals.domains === 0) throw new BuildError(`synth emitted no server: every domain failed (see ${join(ws, ARTIFACTS.synth)})`);
  }
  if (!last('synth')) {
    const sampled = await stage('tasks', (reused) =>
      tasks({ ws, seed: options.seed, limit: options.limit, perDomain: options.perDomain, maxSteps: options.maxSteps, reuse, onReused: reused, ...on('tasks') }),
    );
    for (const d of sampled.domains) if (d.failed) report.failed.push({ stage: 'tasks', slug: d.slug, reason: d.failed });
    if (sampled.totals.kept === 0) throw new BuildError(`the tasks stage kept no task in ${sampled.totals.domains} domains (see ${join(ws, ARTIFACTS.tasks)})`);
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** Bytes of every file under `dir` in MB, not following links (the workspace's node_modules is one). */
export function diskUsageMb(dir: string): number {
  let bytes = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) bytes += lstatSync(path).size;
    }
  };
  walk(dir);
  return Math.round(bytes / (1024 * 1024));
}
