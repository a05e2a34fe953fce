// State alignment: the episode's final state is the task's gold state. The digests decide; when they
// differ and the states are at hand, a row-level diff says where, and a diff that only touches
// ignored (bookkeeping) columns passes.
import type { Task } from '../../formats/task.js';
import type { Trajectory } from '../../formats/trajectory.js';
import { describeValue } from './arguments.js';
import { goldState } from './gold-state.js';
import { runtimeOf } from './package.js';
import type { CheckResult, RowDifference } from './verdict.js';

/** At most this many differences are spelled out in the reasons (the verdict's diff has them all). */
const MAX_REASONS = 5;

/** What checking the state needs beyond the digests: the package and the final state, for a diff. */
export interface StateInputs {
  dir?: string;
  finalState?: Buffer;
  ignore?: string[];
}

/** Compare the final state with the gold state. */
export async function checkState(task: Task, trajectory: Trajectory, inputs: StateInputs = {}): Promise<{ check: CheckResult; diff?: RowDifference[] }> {
  const { dir, finalState } = inputs;
  const ignore = inputs.ignore ?? [];
  if (!dir || !finalState) {
    if (trajectory.finalDigest === task.goldDigest) return { check: { applies: true, pass: true, reasons: [] } };
    const hint = finalState ? 'pass dir' : dir ? 'pass finalState' : 'pass dir and finalState';
    return { check: { applies: true, pass: false, reasons: [`the final digest ${trajectory.finalDigest} is not the gold digest ${task.goldDigest} (${hint} for a row-level diff)`] } };
  }

  const { openEnvironment } = await runtimeOf(dir);
  const final = await openEnvironment({ dir, snapshot: finalState });
  try {
    const digest = final.digest();
    // The snapshot and the digest come from the recorder; if they disagree, neither can be trusted.
    if (digest !== trajectory.finalDigest) {
      return { check: { applies: true, pass: false, reasons: [`the final state given has digest ${digest}, but the trajectory records ${trajectory.finalDigest}; the recorder kept another state than it reported`] } };
    }
    if (digest === task.goldDigest) return { check: { applies: true, pass: true, reasons: [] } };

    const gold = await goldState(task, dir);
    const diff = final.diff(gold.snapshot, { ignore });
    if (gold.problems.length > 0) return { check: { applies: true, pass: false, reasons: [`the final digest ${digest} is not the gold digest ${task.goldDigest}`, ...gold.problems] }, diff };
    if (diff.length === 0) {
      return { check: { applies: true, pass: true, reasons: [`the final state differs from the gold state only in ignored columns (${ignore.join(', ')})`] }, diff };
    }
    const reasons = [`the final state differs from the gold state in ${diff.length} place${diff.length === 1 ? '' : 's'}${ignore.length > 0 ? ` (ignoring ${ignore.join(', ')})` : ''}`];
    reasons.push(...diff.slice(0, MAX_REASONS).map(describeDifference));
    if (diff.length > MAX_REASONS) reasons.push(`… and ${diff.length - MAX_REASONS} more`);
    return { check: { applies: true, pass: false, reasons }, diff };
  } finally {
    final.close();
  }
}

/** One difference in words: `tickets 13 status: expected "closed", got "open"`, `missing row tickets 13 …`. */
export function describeDifference(d: RowDifference): string {
  const row = `${d.table} ${describeValue(d.key)}`;
  if (d.column !== '*') return `${row} ${d.column}: expected ${describeValue(d.expected)}, got ${describeValue(d.actual)}`;
  if (d.actual === null) return `missing row ${row}: ${describeValue(d.expected)}`;
  return `extra row ${row}: ${describeValue(d.actual)}`;
}
