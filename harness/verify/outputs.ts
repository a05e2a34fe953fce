// Required outputs: every value the user asked to be told appears in what the agent said. Numbers
// match by value whatever their formatting, strings case- and spacing-insensitively as whole words,
// booleans as a yes/true or no/false/not.
import type { Task } from '../../formats/task.js';
import type { Message, Trajectory } from '../../formats/trajectory.js';
import type { CheckResult } from './verdict.js';

/** Number tokens: optional sign, thousands separators, decimals (`-1,234.50`, `$1234.5` → 1234.5). */
const NUMBER = /(?<![\w.])(-)?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?!\d)/g;
const NUMERIC_STRING = /^\s*-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$/;

/** Check that each required output of the task appears in the agent's messages. */
export function checkOutputs(task: Task, trajectory: Trajectory): CheckResult {
  if (task.requiredOutputs.length === 0) return { applies: false, pass: true, reasons: ['not checked: the task asks for no outputs'] };
  const text = agentText(trajectory.messages);
  const reasons = task.requiredOutputs
    .filter((output) => !mentions(text, output.value))
    .map((output) => `required output '${output.asked}' = ${String(output.value)} not found in the agent's messages`);
  return { applies: true, pass: reasons.length === 0, reasons };
}

/** Everything the agent said: the text of its messages, tool calls left out. */
export function agentText(messages: Message[]): string {
  return messages
    .filter((m) => m.role === 'assistant' && typeof m.content === 'string')
    .map((m) => m.content)
    .join('\n');
}

/** Whether `text` states `value`. */
export function mentions(text: string, value: string | number | boolean): boolean {
  if (typeof value === 'boolean') return value ? /\b(yes|true)\b/i.test(text) : /\b(no|false|not)\b/i.test(text);
  if (typeof value === 'number') return mentionsNumber(text, value);
  if (NUMERIC_STRING.test(value) && mentionsNumber(text, Number(value.replaceAll(',', '')))) return true;
  return mentionsString(text, value);
}

/** A number token of the text equal to `value`, or `value` rounded to the token's (two or more) decimals. */
function mentionsNumber(text: string, value: number): boolean {
  for (const match of text.matchAll(NUMBER)) {
    const digits = match[2]!.replaceAll(',', '');
    const found = Number(digits) * (match[1] ? -1 : 1);
    if (Math.abs(found - value) <= 1e-9 * Math.max(1, Math.abs(value))) return true;
    // "1,162.85" states 1162.8500000001 (or 1162.853): a figure rounded for people.
    const decimals = digits.split('.')[1]?.length ?? 0;
    if (decimals >= 2 && value.toFixed(decimals) === found.toFixed(decimals)) return true;
  }
  return false;
}

const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** The string as a whole phrase of the text, ignoring case and runs of whitespace ("open" is not in "reopened"). */
function mentionsString(text: string, value: string): boolean {
  const needle = normalize(value);
  if (needle === '') return true;
  const haystack = normalize(text);
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = wordChar(needle[0]) && wordChar(haystack[at - 1]);
    const after = wordChar(needle[needle.length - 1]) && wordChar(haystack[at + needle.length]);
    if (!before && !after) return true;
  }
  return false;
}
