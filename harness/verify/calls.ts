// Exact match of the calls, the funnel's third stage: the agent's successful calls do what the gold
// calls do, in order. Fair to correct work: calls compare on what they do (the operator, table and
// effective arguments of their binding, so an equivalent tool is the same call), extra reads (a
// check before acting) are allowed unless `strict`, and a call made in another order is fine when
// the final state is gold and the call returned what the gold call did (the order changed nothing).
// Errored calls are skipped: a rejected call changed nothing and a corrected retry may follow.
// Mismatches are explained on an alignment (longest common subsequence), so one extra write reads
// as one extra call, not as every later call being wrong.
import type { DomainContract } from '../../formats/contract.js';
import type { Task } from '../../formats/task.js';
import type { Trajectory } from '../../formats/trajectory.js';
import { callKey, canonical, describeCall } from './arguments.js';
import { effectKey, toolOf } from './effect.js';
import type { CheckResult, ExactMatch } from './verdict.js';

/** At most this many mismatches are spelled out. */
const MAX_REASONS = 5;

/**
 * Whether exact match decides the reward of this task under `mode`. A read-only task without
 * required outputs has nothing else to decide it (the tasks stage keeps none, but a hand-made task may).
 */
export function callsDecide(task: Task, mode: ExactMatch): boolean {
  return mode === 'all' || (mode === 'read-only' && task.readOnly) || (task.readOnly && task.requiredOutputs.length === 0);
}

/** How calls are matched. */
export interface CallMatch {
  /** Extra successful read calls fail the match too. */
  strict?: boolean;
  /** The domain contract: bindings (equivalent tools) and which tools read; without it, tools compare by name and only gold reads are known reads. */
  contract?: DomainContract;
  /** Whether the final state is the gold state (a call in another order is then fine if it returned what the gold call did). */
  stateIsGold?: boolean;
}

/** Compare the trajectory's successful calls with the task's gold calls. */
export function checkCalls(task: Task, trajectory: Trajectory, how: CallMatch = {}): CheckResult {
  const { contract } = how;
  const succeeded = trajectory.calls.filter((call) => !call.isError);
  const gold = task.gold;
  const keyOf = (c: Made) => effectKey(contract, c.tool, c.arguments);
  const goldReads = new Set(gold.filter((g) => g.read).map((g) => g.tool));
  const isRead = (tool: string) => (contract ? toolOf(contract, tool)?.annotations.readOnlyHint === true : goldReads.has(tool));
  const made = succeeded;
  // Extra reads changed nothing: allowed, unless strict.
  const allowExtra = (m: number) => how.strict !== true && isRead(made[m]!.tool);
  const mayMove = (g: number, m: number) => how.stateIsGold === true && (gold[g]!.tool !== made[m]!.tool || canonical(gold[g]!.result) === canonical(made[m]!.result));
  const mismatches = explain(gold, made, { keyOf, mayMove, allowExtra });
  if (mismatches.length === 0) return { applies: true, pass: true, reasons: [] };
  const reasons = mismatches.slice(0, MAX_REASONS);
  if (mismatches.length > MAX_REASONS) reasons.push(`… and ${mismatches.length - MAX_REASONS} more mismatches`);
  const skipped = trajectory.calls.length - succeeded.length;
  reasons.push(`${succeeded.length} successful call${succeeded.length === 1 ? '' : 's'} against ${gold.length} gold call${gold.length === 1 ? '' : 's'}${skipped > 0 ? ` (${skipped} errored call${skipped === 1 ? '' : 's'} skipped)` : ''}`);
  return { applies: true, pass: false, reasons };
}

interface Made {
  tool: string;
  arguments: unknown;
  /** What the call returned, when known. */
  result?: unknown;
}

/** How `explain` compares: the identity of a call, and which calls made out of order are fine. */
interface Comparison {
  keyOf?: (call: Made) => string;
  /** Whether made call `made` may stand, out of order, for gold call `gold`. */
  mayMove?: (gold: number, made: number) => boolean;
  /** Whether made call `made` may be extra (where no gold call is missing beside it). */
  allowExtra?: (made: number) => boolean;
}

/** One step of the alignment: both sides agree, a gold call is missing, or a made call is extra. */
type Step = { kind: 'match' } | { kind: 'missing'; gold: number } | { kind: 'extra'; made: number };

/** The reasons two call sequences differ, in order of the agent's calls; none when they are equal. */
export function explain(gold: Made[], made: Made[], how: Comparison = {}): string[] {
  const keyOf = how.keyOf ?? ((c: Made) => callKey(c.tool, c.arguments));
  const g = gold.map(keyOf);
  const m = made.map(keyOf);
  const steps = align(g, m);
  // A call on both sides that the alignment could not keep is made in another order.
  const moved = new Map<number, number>();
  const missing = steps.flatMap((s) => (s.kind === 'missing' ? [s.gold] : []));
  for (const step of steps) {
    if (step.kind !== 'extra') continue;
    const at = missing.findIndex((i) => g[i] === m[step.made]);
    if (at !== -1) moved.set(step.made, missing.splice(at, 1)[0]!);
  }
  const movedGold = new Set(moved.values());
  const out: string[] = [];
  let gap: { missing: number[]; extra: number[] } = { missing: [], extra: [] };
  const flush = () => {
    // Within a gap, a missing and an extra call side by side read as one call made differently.
    if (gap.missing.length === 0 && how.allowExtra) gap.extra = gap.extra.filter((e) => !how.allowExtra!(e));
    const pairs = Math.min(gap.missing.length, gap.extra.length);
    for (let k = 0; k < pairs; k++) {
      const e = gap.extra[k]!;
      const w = gap.missing[k]!;
      out.push(`call ${e + 1}: expected ${describeCall(gold[w]!.tool, gold[w]!.arguments)}, got ${describeCall(made[e]!.tool, made[e]!.arguments)}`);
    }
    for (const w of gap.missing.slice(pairs)) out.push(`gold call ${w + 1} missing: expected ${describeCall(gold[w]!.tool, gold[w]!.arguments)}, got no call`);
    for (const e of gap.extra.slice(pairs)) out.push(`call ${e + 1}: got ${describeCall(made[e]!.tool, made[e]!.arguments)}, which the gold calls do not have`);
    gap = { missing: [], extra: [] };
  };
  for (const step of steps) {
    if (step.kind === 'match') flush();
    else if (step.kind === 'missing') {
      if (!movedGold.has(step.gold)) gap.missing.push(step.gold);
    } else if (moved.has(step.made)) {
      if (how.mayMove?.(moved.get(step.made)!, step.made)) continue;
      flush();
      out.push(`call ${step.made + 1}: ${describeCall(made[step.made]!.tool, made[step.made]!.arguments)} is out of order (gold call ${moved.get(step.made)! + 1})`);
    } else gap.extra.push(step.made);
  }
  flush();
  return out;
}

/** A longest-common-subsequence alignment of two key sequences. */
function align(a: string[], b: string[]): Step[] {
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      steps.push({ kind: 'match' });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) steps.push({ kind: 'extra', made: j++ });
    else steps.push({ kind: 'missing', gold: i++ });
  }
  return steps;
}
