// The filtering funnel of the paper over recorded episodes: is a trajectory fit to train on? A
// separate question from the reward: a recovered malformed or unknown-tool call, or a stop signal
// left in the conversation, keeps its reward but stays out of the training data. Stages in order:
// validity → state alignment → exact match of calls → required outputs.
import type { FunnelStage, FunnelVerdict, Trajectory, TrajectoryV2 } from '../../formats/trajectory.js';
import { STOP } from '../users/user.js';

export type { FunnelStage, FunnelVerdict };

/** The funnel's stages, in the order a trajectory meets them. */
export const FUNNEL_STAGES: readonly FunnelStage[] = ['validity', 'state', 'calls', 'outputs'];

/** Episode errors that a passing trajectory may have recovered from, but that are not to be learnt from. */
const UNFIT_ERRORS = new Set(['bad_arguments', 'unknown_tool']);

/**
 * The funnel's decision on one recorded line: the one the verifier recorded, or, for a line
 * recorded before verdicts carried it, derived from what the line holds.
 */
export function funnelOf(line: TrajectoryV2): FunnelVerdict {
  if (line.verdict?.funnel) return line.verdict.funnel;
  if (line.verdict === null) return drop('validity', [`the episode ended in ${line.end.reason}${line.end.detail ? ` (${line.end.detail})` : ''} and was not graded`]);
  const { failed } = line.verdict;
  return funnelFrom({
    validity: [...unfitProblems(line), ...(failed.validity ?? [])],
    state: failed.state ?? [],
    calls: failed.calls ?? [],
    outputs: failed.outputs ?? [],
  });
}

/** What keeps a graded line out of training data though the reward may stand (a version-1 trajectory records no episode errors). */
export function unfitProblems(line: Trajectory): string[] {
  const out = (line.version === 2 ? line.errors : []).filter((e) => UNFIT_ERRORS.has(e.kind)).map((e) => `message ${e.message + 1}: ${e.kind.replace('_', ' ')}: ${e.text}`);
  // The user's stop signal ends an episode and is recorded apart; inside the conversation a model would learn to say it.
  line.messages.forEach((m, i) => {
    if (typeof m.content === 'string' && m.content.includes(STOP)) out.push(`message ${i + 1} holds the stop signal ${STOP}`);
  });
  return out;
}

/** The funnel's decision from each stage's problems, in funnel order: kept when none has any. */
export function funnelFrom(problems: Record<FunnelStage, string[]>): FunnelVerdict {
  for (const stage of FUNNEL_STAGES) if (problems[stage].length > 0) return drop(stage, problems[stage]);
  return { kept: true, stage: null, reasons: [] };
}

const drop = (stage: FunnelStage, reasons: string[]): FunnelVerdict => ({ kept: false, stage, reasons });
