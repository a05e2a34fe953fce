// The words both instruction styles share: how identifiers, tables and values are said in a
// sentence, with no word said twice in a row ("budget limit budget limit") and no tool names.
import pluralize from 'pluralize';
import type { Table, ToolContract } from '../../formats/contract.js';
import type { Json } from '../../formats/toolspec.js';
import { words } from '../naming.js';

/** Words singularized wrongly on the way into a name (`odata` → `odatum`), put back. */
const UNSINGULAR: Record<string, string> = { odatum: 'OData', datum: 'data', metadatum: 'metadata', medium: 'media', criterium: 'criteria' };

/** A phrase without a word or group of up to three words said twice in a row. */
export function tidy(phrase: string): string {
  const list = phrase.split(/\s+/).filter(Boolean);
  for (let size = 3; size >= 1; size--) {
    for (let i = 0; i + 2 * size <= list.length; ) {
      const a = list.slice(i, i + size).join(' ').toLowerCase();
      if (a === list.slice(i + size, i + 2 * size).join(' ').toLowerCase()) list.splice(i + size, size);
      else i++;
    }
  }
  return list.join(' ');
}

/** Lower-case words of an identifier, tidied (`created_by` → "created by", `close_account_account_code` → "close account code"). */
export function say(identifier: string): string {
  // Names cut to length end in a short hash (`…_exec_b82d76`): not a word anyone says.
  const spoken = words(identifier).filter((w, i, all) => !(i === all.length - 1 && i > 0 && /^[0-9a-f]{6}$/.test(w) && /\d/.test(w)));
  return tidy(spoken.map((w) => UNSINGULAR[w] ?? w).join(' '));
}

/** How a table's row is named: `tickets` → "ticket". */
export function entity(table: Table): string {
  return say(table.entity);
}

/** The plural: "tickets". */
export function plural(table: Table): string {
  const name = entity(table);
  const parts = name.split(' ');
  parts[parts.length - 1] = pluralize(parts[parts.length - 1]!);
  return parts.join(' ');
}

/** A member of a structured value said after its parent: "association type code" under "association" is "type code". */
export function memberPhrase(parent: string, key: string): string {
  const p = say(parent).split(' ');
  const k = say(key).split(' ');
  // The longest end of the parent's words that starts the member's: "config data" + "data type" → "type";
  // a member named just like its parent ("signature" in "signature") is said by its value alone.
  for (let n = Math.min(p.length, k.length); n > 0; n--) {
    if (p.slice(p.length - n).join(' ') === k.slice(0, n).join(' ')) return k.slice(n).join(' ');
  }
  return k.join(' ');
}

/** A value as the user would write it; members of a structured value are named after `parent` without repeating it. */
export function spoken(value: Json, parent = ''): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => spoken(v, parent)).join(', ');
  if (value === null) return 'nothing';
  // A structured value in words: "(title "Q3 plan", due date "2025-02-01")".
  if (typeof value === 'object') return `(${Object.entries(value).map(([key, v]) => [memberPhrase(parent, key), spoken(v, key)].filter(Boolean).join(' ')).join(', ') || 'nothing'})`;
  return String(value);
}

/** "a, b and c". */
export function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Upper-case the first letter. */
export const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The words for an argument: the column it sets or filters, else its own name. On a one-row state
 * table the argument's own name, since the column carries the tool's prefix.
 */
export function phraseOf(tool: ToolContract, argument: string, table?: Table): string {
  const b = tool.binding;
  const entry = [...b.filters, ...b.values, ...(b.key ? [b.key] : [])].find((e) => e.argument === argument);
  const column = table?.singleton || entry?.column === 'id' || !entry ? argument : entry.column;
  const stem = words(column);
  const base = stem[stem.length - 1] === 'id' && stem.length > 1 ? `${say(stem.slice(0, -1).join('_'))} id` : say(column);
  if (entry?.match === 'min') return `${base} of at least`;
  if (entry?.match === 'max') return `${base} of at most`;
  return base;
}

/** One argument stated: its phrase and its value. */
export interface Stated {
  argument: string;
  phrase: string;
  value: Json;
  /** Set when it is a member of the argument's object value, said on its own. */
  member?: boolean;
}

/**
 * The arguments of a call the user states, in order, leaving out those already said and paging.
 * An object of a few plain members is stated member by member ("title "X" and description "Y""):
 * which argument holds them is the tool's business, not the user's.
 */
export function stated(tool: ToolContract, args: Record<string, Json>, skip: Set<string>, table?: Table): Stated[] {
  const b = tool.binding;
  const paging = new Set([b.limit?.argument, b.offset].filter(Boolean));
  const out: Stated[] = [];
  for (const [name, value] of Object.entries(args)) {
    if (skip.has(name) || paging.has(name)) continue;
    const members = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
    if (members.length > 0 && members.length <= 4 && members.every(([, v]) => v === null || typeof v !== 'object')) {
      for (const [key, v] of members) out.push({ argument: name, phrase: say(key), value: v, member: true });
      continue;
    }
    out.push({ argument: name, phrase: phraseOf(tool, name, table), value });
  }
  // Two arguments said with the same words ("selector "a", selector "b"") are told apart by their own names.
  const counts = new Map<string, number>();
  for (const s of out) counts.set(s.phrase, (counts.get(s.phrase) ?? 0) + 1);
  return out.map((s) => ((counts.get(s.phrase) ?? 0) > 1 && say(s.argument) !== s.phrase ? { ...s, phrase: s.member ? tidy(`${say(s.argument)} ${s.phrase}`) : say(s.argument) } : s));
}

/** `title "X", priority 3 and tags "a", "b"`. */
export function pairs(items: Stated[]): string {
  return joinAnd(items.map((s) => `${s.phrase} ${spoken(s.value, s.phrase)}`));
}

/** `the title "X", the priority 3 and active set to no`, for "should have …". */
export function theAttributes(items: Stated[]): string {
  return joinAnd(items.map((s) => (typeof s.value === 'boolean' ? `${s.phrase} set to ${spoken(s.value)}` : `the ${s.phrase} ${spoken(s.value, s.phrase)}`)));
}

/**
 * What a tool does, from its title in the imperative ("Activates the parking brake of the vehicle"
 * → "activate the parking brake of the vehicle"): on a one-row state table the table alone cannot
 * tell `add` from `subtract`. Null when the title is no help (empty, long, or just the tool's name).
 */
export function titleGoal(tool: ToolContract): string | null {
  // A title that is only the tool's name in words still says what it does ("change filter owner").
  const title = tool.title.split(/(?<=[.!?])\s/)[0]!.replace(/[.!?]$/, '').trim();
  if (title.length === 0 || title.length > 80) return null;
  const [first = '', ...rest] = title.split(/\s+/);
  const lower = first.toLowerCase();
  const verb = /(ss|sh|ch|x|z)es$/.test(lower) ? lower.slice(0, -2) : /ies$/.test(lower) ? `${lower.slice(0, -3)}y` : /[^su]s$/.test(lower) ? lower.slice(0, -1) : lower;
  return tidy([verb, ...rest].join(' '));
}
