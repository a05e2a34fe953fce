// Chains with a purpose: every step changes state, finds a row a later step works on, or answers
// what the user asks. Reads that do none of these (a lookup by the key the user gives, then a write
// on that key; the row just created read back; the clock read for nothing) are dropped. Reads
// change no state, so the calls left give the same results and the same final state.
import { type Answer, answerOf } from './answers.js';
import type { Step } from './chain.js';

/** A chain with its filler reads dropped, its answer, and how many reads were dropped. */
export interface Purposeful {
  steps: Step[];
  answer: Answer | null;
  dropped: number;
}

const isRead = (step: Step) => step.tool.annotations.readOnlyHint;

/** Whether step `i` found a row a later step works on: the row's key came from it, not from the user. */
function finds(steps: Step[], i: number): boolean {
  return steps.some((later, j) => {
    // A step on a one-row state table states every argument itself, the found key included; so does
    // a list or search, which the user describes by its filters ("the invocations with task id …").
    const op = later.tool.binding.operator;
    if (j <= i || later.link?.from !== i || later.table.singleton || op === 'list' || op === 'search') return false;
    const key = later.arguments[later.link.argument];
    return !Object.values(steps[i]!.arguments).some((v) => v === key);
  });
}

/** Steps `keep` of the chain, with links renumbered and links to dropped steps removed (the key is then the user's). */
function keepOnly(steps: Step[], keep: number[]): Step[] {
  const at = new Map(keep.map((old, now) => [old, now]));
  return keep.map((old) => {
    const step = steps[old]!;
    if (!step.link) return step;
    const from = at.get(step.link.from);
    if (from === undefined) {
      const { link: _gone, ...rest } = step;
      return rest;
    }
    return { ...step, link: { ...step.link, from } };
  });
}

/** Drop the chain's filler reads: trailing reads that answer nothing, then reads that find nothing used later. */
export function purposeful(chain: Step[]): Purposeful {
  let steps = chain;
  let answer = answerOf(steps);
  // A read at the end is there to answer; one that answers nothing worth asking goes, and the one before is tried.
  while (steps.length > 0 && isRead(steps[steps.length - 1]!) && answer === null) {
    steps = steps.slice(0, -1);
    answer = answerOf(steps);
  }
  // A read kept because it found the row of a read that goes too has no purpose left: repeat until nothing changes.
  for (;;) {
    const last = steps.length - 1;
    const keep = steps.map((_, i) => i).filter((i) => !isRead(steps[i]!) || (answer !== null && i === last) || finds(steps, i));
    if (keep.length === steps.length) break;
    steps = keepOnly(steps, keep);
    // The answer's call is the last step, which is always kept.
    if (answer) answer = { ...answer, call: steps.length - 1 };
  }
  return { steps, answer, dropped: chain.length - steps.length };
}
