// A gold write the final state does not need (a later write overwrites it) is a step the grader
// cannot check: an agent that skips it passes anyway. Such chains are not kept.
import type { Environment } from '../../templates/runtime/environment.js';
import type { Step } from './chain.js';

/**
 * The index of a write whose removal leaves the gold digest unchanged, or null when every write
 * counts. Runs inside the caller's open transaction, from the state the chain started in, and
 * leaves that state as it found it.
 */
export function redundantWrite(env: Environment, steps: Step[], goldDigest: string): number | null {
  if (steps.length < 2) return null;
  for (let skip = 0; skip < steps.length; skip++) {
    if (steps[skip]!.tool.annotations.readOnlyHint) continue;
    env.db.exec('SAVEPOINT without_step');
    try {
      // Later calls may fail without the skipped one (its new key is missing): that is a difference too.
      steps.forEach((step, i) => i !== skip && env.call(step.tool.name, step.arguments));
      if (env.digest() === goldDigest) return skip;
    } finally {
      env.db.exec('ROLLBACK TO without_step');
      env.db.exec('RELEASE without_step');
    }
  }
  return null;
}
