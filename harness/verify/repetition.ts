// Degenerate repetition: an agent stuck in a loop calls the same tool with the same arguments over
// and over, or its text repeats the same phrases. Both are measured here; validity.ts judges them.
import { callKey } from './arguments.js';

/** A stretch of identical consecutive calls. */
export interface CallRun {
  /** Index of the first call of the run. */
  start: number;
  length: number;
  tool: string;
  arguments: unknown;
}

/** Runs of identical consecutive calls (same tool, same canonical arguments) longer than `max`. */
export function repeatedCalls(calls: { tool: string; arguments: unknown }[], max: number): CallRun[] {
  const runs: CallRun[] = [];
  let start = 0;
  for (let i = 1; i <= calls.length; i++) {
    const same = i < calls.length && callKey(calls[i]!.tool, calls[i]!.arguments) === callKey(calls[start]!.tool, calls[start]!.arguments);
    if (same) continue;
    const length = i - start;
    if (length > max) runs.push({ start, length, tool: calls[start]!.tool, arguments: calls[start]!.arguments });
    start = i;
  }
  return runs;
}

/** The words of a text, lower-cased (letters, digits and inner apostrophes). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
}

/** Share of a text's word n-grams that repeat an earlier one (0 for texts shorter than n words). */
export function repeatedNgramShare(tokens: string[], n = 4): number {
  const total = tokens.length - n + 1;
  if (total <= 0) return 0;
  const seen = new Set<string>();
  let repeated = 0;
  for (let i = 0; i < total; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    if (seen.has(gram)) repeated++;
    else seen.add(gram);
  }
  return repeated / total;
}
