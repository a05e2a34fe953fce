// `agentscaler funnel --run RUN...`: the paper's filtering funnel over every trajectory of a run —
// validity → state → calls → outputs — with how many enter, stay and drop at each stage and the
// commonest reasons (grouped by shape: numbers, ids, quoted values and digests stripped), written to
// RUN/funnel.json. Each line's decision is `funnelOf(line)`: the one its verifier recorded, or
// derived for lines recorded before verdicts carried it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../formats/run.js';
import type { FunnelStage, TrajectoryV2 } from '../../formats/trajectory.js';
import { FUNNEL_STAGES, funnelOf } from '../verify/funnel.js';
import { oneVersion, parseTrajectoryLine } from '../verify/trajectory-lines.js';
import { RunInputError } from './input-error.js';

/** Where a run's funnel is written. */
export const FUNNEL_FILE = 'funnel.json';
/** Reasons listed per stage. */
const TOP_REASONS = 5;

/** A reason shape and how many trajectories it dropped. */
export interface ReasonCount {
  /** The reason with numbers, ids, quoted values and digests stripped (`call N: expected close_ticket {ticket_id: N}…`). */
  shape: string;
  count: number;
  /** One reason of this shape as written. */
  example: string;
}

/** One stage of the funnel. */
export interface StageCounts {
  stage: FunnelStage;
  /** Trajectories that reached this stage. */
  entered: number;
  /** Those that passed it. */
  kept: number;
  dropped: number;
  /** The commonest reasons for dropping here (the first reason of each dropped trajectory), most first. */
  reasons: ReasonCount[];
}

/** RUN/funnel.json. */
export interface FunnelReport {
  version: 1;
  run: string;
  trajectories: number;
  /** Passed every stage: fit to train on. */
  kept: number;
  /** Kept trajectories in which some tool call returned an error the agent then recovered from. */
  keptWithToolErrors: number;
  /** Lines whose reward passed (verdict.pass), beside the funnel's count, to show the two apart. */
  rewardPassed: number;
  /** Lines with the decision their verifier recorded, and lines whose decision was derived (recorded before verdicts carried it). */
  recorded: number;
  derived: number;
  stages: StageCounts[];
}

/** A reason's shape: what is left when the values that differ from one trajectory to the next are taken out. */
export function reasonShape(reason: string): string {
  return reason
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\b(?:v\d+:)?sha256:[0-9a-f]+\b/g, 'DIGEST')
    .replace(/\b[A-Za-z]+_\d+\b/g, 'ID')
    .replace(/-?\d+(?:[.,]\d+)*/g, 'N');
}

/** The lines of a run folder, each checked (file, line and field named when one is bad). */
function linesOf(run: string): TrajectoryV2[] {
  const file = join(run, RUN_FILES.trajectories);
  if (!existsSync(join(run, RUN_FILES.manifest))) throw new RunInputError(`${join(run, RUN_FILES.manifest)} not found: ${run} is not a run folder (make one with agentscaler rollout --out ${run})`);
  if (!existsSync(file)) return [];
  const versions = oneVersion(file);
  const out: TrajectoryV2[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    if (text.trim() === '') return;
    const line = parseTrajectoryLine(text, file, i + 1);
    versions(line, i + 1);
    if (line.version !== 2) throw new RunInputError(`${file} line ${i + 1} is trajectory version ${line.version}; a run folder holds the version-2 lines rollout writes`);
    out.push(line);
  });
  return out;
}

/** The funnel of one run's lines. */
export function funnelOfLines(run: string, lines: TrajectoryV2[]): FunnelReport {
  const decisions = lines.map((line) => ({ line, funnel: funnelOf(line) }));
  const stages: StageCounts[] = [];
  let entered = decisions.length;
  for (const stage of FUNNEL_STAGES) {
    const dropped = decisions.filter((d) => d.funnel.stage === stage);
    const shapes = new Map<string, ReasonCount>();
    for (const { funnel } of dropped) {
      const reason = funnel.reasons[0] ?? 'no reason given';
      const shape = reasonShape(reason);
      const counted = shapes.get(shape) ?? { shape, count: 0, example: reason };
      counted.count++;
      shapes.set(shape, counted);
    }
    const reasons = [...shapes.values()].sort((a, b) => b.count - a.count || a.shape.localeCompare(b.shape)).slice(0, TOP_REASONS);
    stages.push({ stage, entered, kept: entered - dropped.length, dropped: dropped.length, reasons });
    entered -= dropped.length;
  }
  const kept = decisions.filter((d) => d.funnel.kept);
  return {
    version: 1,
    run,
    trajectories: lines.length,
    kept: kept.length,
    keptWithToolErrors: kept.filter((d) => d.line.calls.some((c) => c.isError) || d.line.errors.some((e) => e.kind === 'tool_error')).length,
    rewardPassed: lines.filter((l) => l.verdict?.pass === true).length,
    recorded: lines.filter((l) => l.verdict?.funnel !== undefined).length,
    derived: lines.filter((l) => l.verdict?.funnel === undefined).length,
    stages,
  };
}

/** The funnel of each run folder, each written to RUN/funnel.json (through a temp file and a rename). */
export function funnelRuns(runs: string[]): FunnelReport[] {
  if (runs.length === 0) throw new RunInputError('funnel needs the run folders: agentscaler funnel --run RUN...');
  return runs.map((run) => {
    const report = funnelOfLines(run, linesOf(run));
    const file = join(run, FUNNEL_FILE);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    return report;
  });
}
