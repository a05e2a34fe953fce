// What the user asks to be told at the end of a chain: a value a call computed (the id of what was
// created, a balance after a deposit, how many rows a list holds) or looked up for them (the
// column a lookup tool is for, or a row's status) — never an arbitrary stored column, and never a
// value the user already said.
import type { Column, Table } from '../../formats/contract.js';
import type { Json } from '../../formats/toolspec.js';
import { words } from '../naming.js';
import { describedBy } from '../synth/values/described.js';
import type { Step } from './chain.js';

/** One value the user asks for, before it is put in words. */
export interface Answer {
  /** Index of the step whose result holds it. */
  call: number;
  /** Where in the result. */
  path: string;
  value: string | number;
  kind: 'count' | 'new-id' | 'changed' | 'looked-up' | 'computed';
  /** The column asked for (kinds changed and looked-up). */
  column?: Column;
}

/** Scalars inside a JSON value. */
function scalars(value: Json): (string | number | boolean)[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap(scalars);
  if (typeof value === 'object') return Object.values(value).flatMap(scalars);
  return [value];
}

/** Number tokens as a grader reads them in text ("2017-06-01" holds 2017, 06 and 01). */
const NUMBER = /(?<![\w.])-?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?!\d)/g;

/**
 * Every value the instruction will state: the arguments of the calls and the values that name rows,
 * and every number written inside them — an answer of 1 is no answer when "eu-west-1" is said.
 */
export function statedValues(steps: Step[]): Set<string> {
  const out = new Set<string>();
  const add = (v: string | number | boolean) => {
    out.add(String(v).toLowerCase());
    if (typeof v === 'string') for (const m of v.matchAll(NUMBER)) out.add(String(Number(m[1]!.replaceAll(',', ''))));
  };
  for (const step of steps) {
    for (const v of scalars(step.arguments)) add(v);
    if (step.link?.chosenBy) add(step.link.chosenBy.value);
    // A status a transition sets is said by asking for it ("should be marked cancelled").
    if (step.tool.binding.transition) out.add(step.tool.binding.transition.to.toLowerCase());
  }
  return out;
}

/** Columns whose values are bookkeeping, not something a person asks about. */
const BOOKKEEPING = /(^|_)(created|updated|modified|deleted|etag|version|revision|self|href|link|odata|kind|object|type)(_|$)|_(at|on|by)$/;

/** Whether a column of a row could be an answer: a short scalar the user has not said. */
function askable(column: Column, table: Table, value: Json, said: Set<string>): value is string | number {
  if (column.name === table.primaryKey || column.references || column.type === 'json' || column.type === 'boolean') return false;
  // An answer must be checkable in what the agent says: "." or "-" is in every reply.
  if (typeof value === 'string') return /[\p{L}\p{N}]/u.test(value) && value.length <= 60 && !said.has(value.toLowerCase());
  return typeof value === 'number' && !said.has(String(value));
}

/** Words that say nothing of which column a lookup is about. */
const GENERIC = new Set(['get', 'gets', 'retrieve', 'retrieves', 'fetch', 'fetches', 'return', 'returns', 'show', 'shows', 'list', 'lists', 'read', 'reads', 'find', 'look', 'details', 'detail', 'information', 'info', 'data', 'specified', 'given', 'the', 'for', 'with', 'and', 'from', 'this', 'that', 'one', 'all', 'its', 'by', 'id', 'ids', 'object', 'resource', 'record', 'single', 'specific', 'existing', 'current', 'api', 'request', 'response']);

/** The words a tool's title and description use, beyond its entity's own: what the lookup is about. */
function aboutWords(step: Step): Set<string> {
  const own = new Set(words(step.table.entity));
  return new Set(words(`${step.tool.title} ${step.tool.description}`).filter((w) => w.length > 2 && !GENERIC.has(w) && !own.has(w)));
}

/**
 * The answer the last step gives, if it gives one: a list's count, a new row's id, a value the
 * chain changed, or the column a lookup is about. Null when the last step answers nothing worth asking.
 */
export function answerOf(steps: Step[]): Answer | null {
  const index = steps.length - 1;
  const last = steps[index];
  if (!last) return null;
  const b = last.tool.binding;
  const result = last.result;
  const said = statedValues(steps);
  if (b.operator === 'list' || b.operator === 'search') {
    const count = result.count as number;
    const limit = b.limit?.default ?? 20;
    return count > 0 && count < limit && !said.has(String(count)) ? { call: index, path: 'count', value: count, kind: 'count' } : null;
  }
  if (b.operator === 'insert') {
    const id = result.id;
    return (typeof id === 'string' || typeof id === 'number') && !said.has(String(id).toLowerCase()) ? { call: index, path: 'id', value: id, kind: 'new-id' } : null;
  }
  if (b.operator === 'compute' && b.compute) {
    // A computation's only point is its answer: a number a person can say and a grader can tell
    // from its neighbours (no exponent notation, well inside double precision).
    const value = result[b.compute.result];
    const sayable = typeof value === 'number' && !/e/i.test(String(value)) && Math.abs(value) < 1e12 && !said.has(String(value));
    return sayable ? { call: index, path: b.compute.result, value, kind: 'computed' } : null;
  }
  if (b.operator === 'composite' && b.adjust) {
    const column = last.table.columns.find((c) => c.name === b.adjust!.column);
    const value = result[b.adjust.column];
    return column && (typeof value === 'number' || typeof value === 'string') && !said.has(String(value)) ? { call: index, path: column.name, value, kind: 'changed', column } : null;
  }
  if (b.operator !== 'get') return null;
  const table = last.table;
  const candidates = table.columns.filter((c) => askable(c, table, result[c.name] ?? null, said) && !BOOKKEEPING.test(c.name));
  // A value an earlier call of the chain saw differently: the chain changed it (a balance, a status).
  const changed = candidates.find((c) => steps.slice(0, index).some((s) => s.table === table && c.name in s.result && s.result[c.name] !== result[c.name]));
  if (changed) return { call: index, path: changed.name, value: result[changed.name] as string | number, kind: 'changed', column: changed };
  // The column the lookup is for ("Get the current stock price" → price), else the row's status.
  const about = aboutWords(last);
  const named = candidates.find((c) => words(c.name).some((w) => w.length > 2 && about.has(w)));
  const status = candidates.find((c) => c.name === table.status?.column || /(^|_)status$/.test(c.name));
  // A pure lookup (nothing in the chain wrote the row) answers a question about the row itself:
  // one of its fields with a meaning ("the email of the contact named …").
  const pure = !steps.slice(0, index).some((s) => !s.tool.annotations.readOnlyHint && s.table === table);
  const meaningful = pure ? candidates.filter((c) => describedBy(c, c.name) >= 2 && !/(^|_)(name|title)$/.test(c.name)) : [];
  const column = named ?? status ?? (meaningful.length > 0 ? meaningful[Number(String(result[table.primaryKey] ?? 0).replace(/\D/g, '') || 0) % meaningful.length] : undefined);
  return column ? { call: index, path: column.name, value: result[column.name] as string | number, kind: 'looked-up', column } : null;
}
