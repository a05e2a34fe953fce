// Required outputs: every value the user asked to be told appears in what the agent said. Numbers
// match by value whatever their formatting, strings case- and spacing-insensitively as whole words,
// booleans as a yes/true or no/false/not. Strict on answers that only look right: a value found
// only inside pasted tool output (a JSON dump, a code block) is not stated, and a string value
// stated in the same sentence as another value the same field took in the results is a hedge.
import type { RequiredOutput, Task } from '../../formats/task.js';
import type { Message, Trajectory } from '../../formats/trajectory.js';
import type { CheckResult } from './verdict.js';

/** Number tokens: optional sign, thousands separators, decimals (`-1,234.50`, `$1234.5` → 1234.5). */
const NUMBER = /(?<![\w.])(-)?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?!\d)/g;
const NUMERIC_STRING = /^\s*-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$/;

/** Check that each required output of the task is stated in the agent's own words, once. */
export function checkOutputs(task: Task, trajectory: Trajectory): CheckResult {
  if (task.requiredOutputs.length === 0) return { applies: false, pass: true, reasons: ['not checked: the task asks for no outputs'] };
  const text = agentText(trajectory.messages);
  const prose = withoutPastedOutput(text);
  const results = [...task.gold.map((g) => g.result), ...trajectory.calls.map((c) => c.result)];
  const reasons: string[] = [];
  for (const output of task.requiredOutputs) {
    const named = `required output '${output.asked}' = ${String(output.value)}`;
    if (!mentions(prose, output.value)) {
      reasons.push(mentions(text, output.value) ? `${named} appears only inside pasted tool output, not in the agent's own words` : `${named} not found in the agent's messages`);
      continue;
    }
    const other = contradiction(prose, output, results);
    if (other !== undefined) reasons.push(`${named} is stated next to ${JSON.stringify(other)}, another value of ${output.path.split('.').at(-1)}, in one sentence: one value was asked for`);
  }
  return { applies: true, pass: reasons.length === 0, reasons };
}

/** The text with code blocks and JSON objects or arrays pasted into it taken out. */
export function withoutPastedOutput(text: string): string {
  let out = text.replace(/```[\s\S]*?(?:```|$)/g, ' ');
  for (let at = out.search(/[[{]/); at !== -1; ) {
    const end = jsonEnd(out, at);
    if (end !== -1) out = `${out.slice(0, at)} ${out.slice(end)}`;
    const next = out.slice(at + 1).search(/[[{]/);
    at = next === -1 ? -1 : at + 1 + next;
  }
  return out;
}

/** Where a JSON object or array starting at `start` ends (exclusive), or -1 when none parses there. */
function jsonEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) {
        try {
          const value: unknown = JSON.parse(text.slice(start, i + 1));
          // `[1]` or `{}` in prose is not a dump.
          return typeof value === 'object' && value !== null && JSON.stringify(value).length > 8 ? i + 1 : -1;
        } catch {
          return -1;
        }
      }
    }
  }
  return -1;
}

/** Another string value the output's field took in `results`, stated in a sentence that states the output; undefined when none. */
function contradiction(prose: string, output: RequiredOutput, results: unknown[]): string | undefined {
  if (typeof output.value !== 'string' || /^\s*-?[\d,.]+\s*$/.test(output.value)) return undefined;
  const value = output.value;
  const field = output.path.split('.').at(-1)!;
  const others = new Set<string>();
  const collect = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, v] of Object.entries(node)) {
        if (key === field && typeof v === 'string' && v.trim() !== '' && !mentions(v, value) && !mentions(value, v)) others.add(v);
        else collect(v);
      }
    }
  };
  results.forEach(collect);
  for (const sentence of prose.split(/(?<=[.!?;])\s+|\n+/)) {
    if (!mentions(sentence, value)) continue;
    for (const other of others) if (mentions(sentence, other)) return other;
  }
  return undefined;
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
