// A verdict as a run folder records it on each line: the reward, the failed checks that decide it,
// the verifier that graded it and the funnel's decision. Rollout and `verify --run` both write it.
import type { RecordedVerdict } from '../../formats/trajectory.js';
import type { Verdict } from './verdict.js';
import { VERIFIER } from './version.js';

/** The verdict as a line of RUN/trajectories.jsonl keeps it. */
export function recordedVerdict(verdict: Verdict): RecordedVerdict {
  const failed = Object.fromEntries(Object.entries(verdict.checks).filter(([, c]) => c.applies && !c.pass).map(([name, c]) => [name, c.reasons]));
  return { pass: verdict.pass, failed, verifier: VERIFIER, funnel: verdict.funnel };
}
