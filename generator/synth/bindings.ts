// Each tool becomes one operator on its table: get, list, search, insert, update, delete,
// transition, or a composite read-modify-write. Every argument the tool advertises has an effect: a
// key, a filter, a value (an object of fields sets or matches each field), a search, an amount, or
// one of the read's knobs (listing.ts). Transport and formatting flags, and optional arguments
// nothing can honour, are left out of the schema with the reason; a required one nothing can honour
// stays, recorded as unbound.
import { fieldKey } from '../graph/features.js';
import type { Schema } from '../../formats/toolspec.js';
import type { ArgumentColumn, Binding, Column, OmittedArgument, Operator, Table } from '../../formats/contract.js';
import { targetState } from './status.js';
import { verbOf } from '../ingest/classify.js';
import { bindKnob, PAGE } from './listing.js';
import { bindRelation } from './relation-binding.js';
import { sessionEffects } from './session.js';
import { actionVerb, containerFields, rangeOf, timeBound, timestampColumn, type ToolPlan } from './tables.js';
import type { Arg } from './targets.js';

const ADD = new Set(['fund', 'deposit', 'fill', 'increase', 'raise', 'add', 'top', 'charge', 'credit', 'refill', 'load']);
const SUBTRACT = new Set(['withdraw', 'decrease', 'lower', 'spend', 'debit', 'deduct', 'drain']);

/** Whether a target's key is one value: a list of ids (`imageIds: [...]`) selects rows, not one row. */
function scalarKey(plan: ToolPlan): boolean {
  const type = plan.target.key?.arg.schema.type;
  return plan.target.key !== undefined && type !== 'array' && type !== 'object';
}

function operatorOf(plan: ToolPlan, table: Table, hasSearch: boolean): Operator {
  const { tool } = plan;
  const target = { key: scalarKey(plan) };
  if (tool.op === 'read') return target.key || table.singleton ? 'get' : hasSearch ? 'search' : 'list';
  switch (tool.effect) {
    case 'create':
      // A singleton holds one row: creating on it (mkdir on a file system's state) sets that row.
      return table.singleton ? 'update' : 'insert';
    case 'delete':
      return 'delete';
    case 'action':
    case 'update': {
      const verb = actionVerb(plan) ?? verbOf(tool.name)?.verb;
      const numeric = plan.args.some((a) => a.schema.type === 'number' || a.schema.type === 'integer');
      // An adjustment changes one row: the keyed one, or the state row.
      if (verb && numeric && (ADD.has(verb) || SUBTRACT.has(verb)) && (target.key || table.singleton)) return 'composite';
      if (tool.effect === 'update') return target.key || table.singleton ? 'update' : 'insert';
      if (table.status && (target.key || (table.singleton && plan.args.length === 0))) return 'transition';
      // A keyless action that carries data records it (`send_message` makes a message).
      return target.key || table.singleton ? 'update' : 'insert';
    }
    default:
      return target.key || table.singleton ? 'update' : 'insert';
  }
}

/** JSON Schema of a column's values, for output schemas. */
export function columnSchema(column: Column): Schema {
  const schema: Schema = {};
  if (column.type === 'integer') schema.type = 'integer';
  else if (column.type === 'real') schema.type = 'number';
  else if (column.type === 'boolean') schema.type = 'boolean';
  else if (column.type === 'text') schema.type = 'string';
  if (column.enum) schema.enum = column.enum;
  if (column.format) schema.format = column.format;
  if (column.description) schema.description = column.description;
  return schema;
}

/** The object a row decodes to. */
export function rowSchema(table: Table): Schema & { type: 'object' } {
  return { type: 'object', properties: Object.fromEntries(table.columns.map((c) => [c.name, columnSchema(c)])) };
}

/** What a tool returns, by its binding's operator. */
export function outputSchema(binding: Binding, table: Table): Schema & { type: 'object' } {
  const operator = binding.operator;
  if (binding.compute) {
    const field = binding.compute.result;
    return { type: 'object', properties: { [field]: { type: 'number', description: `The result of ${binding.compute.formula}.` } }, required: [field] };
  }
  const row = rowSchema(table);
  if (operator === 'list' || operator === 'search' || operator === 'link' || operator === 'unlink') {
    const properties: Record<string, Schema> = { items: { type: 'array', items: row }, count: { type: 'integer', description: 'Number of items returned.' } };
    if (binding.cursor) properties.next_cursor = { type: 'string', description: `Present while more rows follow: pass it as ${binding.cursor} to get the next page.` };
    return { type: 'object', properties, required: ['items', 'count'] };
  }
  if (operator === 'delete') {
    const key = table.columns[0]!;
    return { type: 'object', properties: { deleted: { type: 'integer', description: 'Number of rows deleted.' }, ids: { type: 'array', items: columnSchema(key) } }, required: ['deleted', 'ids'] };
  }
  return row;
}

/** A tool's binding, what it leaves out of its schema, and the argument schemas it narrowed. */
export interface BoundTool {
  binding: Binding;
  /** Catalog arguments the tool does not take, with why (transport and formatting flags, no effect). */
  omitted: OmittedArgument[];
  /** Argument name → the schema the tool advertises, where binding narrowed it (sort names it can honour, object members that have an effect). */
  schemas: Map<string, Schema>;
}

/** Bind one tool to its table. `columnOf` maps a canonical field key to the table's column. */
export function bind(plan: ToolPlan, table: Table, columnOf: (table: string, key: string) => string | undefined): BoundTool {
  if (plan.relation) return { ...bindRelation(plan, table, columnOf), schemas: new Map() };
  const role = (arg: Arg) => plan.roles.get(arg.name) ?? { kind: 'data' as const };
  const hasSearch = plan.tool.op === 'read' && plan.args.some((a) => role(a).kind === 'search');
  const operator = operatorOf(plan, table, hasSearch);
  const binding: Binding = { operator, table: table.name, filters: [], values: [], unbound: [] };
  const out: BoundTool = { binding, omitted: [], schemas: new Map() };
  if (plan.formula) {
    binding.operator = 'compute';
    binding.compute = plan.formula;
    const used = new Set(plan.formula.inputs.flatMap((i) => ('argument' in i ? [i.argument] : [])));
    for (const arg of plan.args) {
      const r = role(arg);
      if (r.kind === 'transport' || r.kind === 'format') out.omitted.push({ argument: arg.original, kind: r.kind, reason: r.reason });
      else if (!used.has(arg.name)) out.omitted.push({ argument: arg.original, kind: 'no-effect', reason: 'not an input of the formula' });
    }
    return out;
  }
  const { key, parents } = plan.target;
  const column = (k: string) => columnOf(table.name, plan.prefix + k);
  const handled = new Set<string>();

  if (key && !table.singleton && !scalarKey(plan)) {
    // A list of keys: the rows whose key is in it.
    const keyColumn = key.column === 'id' ? 'id' : column(key.column);
    if (keyColumn && key.arg.schema.type === 'array' && operator !== 'insert') {
      binding.filters.push({ argument: key.arg.name, column: keyColumn, match: 'in' });
      handled.add(key.arg.name);
    }
  } else if (key && !table.singleton) {
    const keyColumn = key.column === 'id' ? 'id' : column(key.column);
    if (keyColumn) {
      // A create that names its own key (PUT /files/{name}) sets it; everything else selects by it.
      if (operator === 'insert') binding.values.push({ argument: key.arg.name, column: keyColumn });
      else binding.key = { argument: key.arg.name, column: keyColumn };
      handled.add(key.arg.name);
    }
  }
  for (const parent of parents) {
    const fk = columnOf(table.name, `${parent.entity}_id`);
    if (!fk) continue;
    // Two path parameters of one entity (`sourceBucket`, `destinationBucket`): the first one is the row's.
    if (operator === 'insert' && binding.values.some((v) => v.column === fk)) continue;
    (operator === 'insert' ? binding.values : binding.filters).push({ argument: parent.arg.name, column: fk });
    handled.add(parent.arg.name);
  }

  const reads = operator === 'get' || operator === 'list' || operator === 'search' || operator === 'delete';
  const listing = operator === 'list' || operator === 'search';
  const leaveOut = (arg: Arg, reason: string) => {
    // A required argument stays in the schema (the real API needs it): counted as unbound, the tool opaque.
    if (arg.required) binding.unbound.push({ argument: arg.name, reason });
    else out.omitted.push({ argument: arg.original, kind: 'no-effect', reason });
  };
  for (const arg of plan.args) {
    if (handled.has(arg.name)) continue;
    const r = role(arg);
    if (r.kind === 'transport' || r.kind === 'format') {
      out.omitted.push({ argument: arg.original, kind: r.kind, reason: r.reason });
      continue;
    }
    if (r.kind === 'search' && operator === 'search') {
      if (!bindSearch(arg, binding, table)) leaveOut(arg, 'no text column to search');
      continue;
    }
    if (r.kind !== 'data' && r.kind !== 'search') {
      const knob = plan.tool.op === 'read' || r.kind === 'select' ? bindKnob(arg, r, binding, table, listing) : { bound: false as const, reason: 'a paging or sorting option of a write' };
      if (knob.bound && knob.schema) out.schemas.set(arg.name, knob.schema);
      if (!knob.bound) leaveOut(arg, knob.reason);
      continue;
    }
    const fields = containerFields(arg);
    if (fields) {
      bindFields(arg, fields, binding, table, column, reads, out, leaveOut);
      continue;
    }
    if (!bindArg(arg, binding, table, column, reads)) leaveOut(arg, unboundReason(arg, binding, column, reads));
  }

  if (listing) {
    binding.limit ??= { default: PAGE.default, max: PAGE.max };
    binding.order = { column: 'id', direction: 'asc' };
  }
  const effects = sessionEffects(plan, table, binding);
  if (effects.length > 0) binding.effects = effects;
  if (operator === 'transition' && table.status) {
    const verb = actionVerb(plan) ?? 'update';
    const status = table.status;
    // The same rule the table used to list its states finds this verb's state among them.
    const to = targetState(verb, status.values, status.initial);
    binding.transition = { column: status.column, to, from: status.values.filter((v) => v !== to) };
  }
  if (operator === 'composite') {
    const verb = actionVerb(plan) ?? verbOf(plan.tool.name)?.verb ?? '';
    const amount = plan.args.find((a) => !handled.has(a.name) && (a.schema.type === 'number' || a.schema.type === 'integer'));
    const own = amount ? column(amount.key) : undefined;
    const numeric = table.columns.filter((c) => (c.type === 'real' || c.type === 'integer') && c.name !== 'id' && c.name !== own && !c.references);
    // The quantity the amount changes: a balance or a level before anything else, the plainest name
    // first (`account_balance` before `fund_new_balance`), so funding and withdrawing meet in one column.
    const ranked = ['balance', 'level', 'total', 'quantity', 'stock', 'amount', 'credit'].flatMap((word) =>
      numeric.filter((c) => c.name === word || c.name.endsWith(`_${word}`)).sort((a, b) => a.name.length - b.name.length || (a.name < b.name ? -1 : 1)),
    );
    const target = amount ? (ranked[0] ?? table.columns.find((c) => c.name === own)) : undefined;
    // No amount left once the key took its number (`overdue(id)`): a plain write, not an adjustment.
    if (amount && target) {
      binding.adjust = { argument: amount.name, column: target.name, direction: SUBTRACT.has(verb) ? 'subtract' : 'add' };
      binding.values = binding.values.filter((v) => v.argument !== amount.name);
      binding.unbound = binding.unbound.filter((u) => u.argument !== amount.name);
    } else {
      binding.operator = binding.key || table.singleton ? 'update' : 'insert';
    }
  }
  return out;
}

/** Why an argument was left out of its tool's binding, for domain.json and synth.json. */
function unboundReason(arg: Arg, binding: Binding, column: (k: string) => string | undefined, reads: boolean): string {
  const target = column(rangeOf(arg)?.stem ?? arg.key);
  if (target && binding.values.some((v) => v.column === target)) return `another argument already sets column ${target}`;
  if (reads) return 'no stored field holds it: it could only filter rows by a value nothing ever writes or returns';
  return 'no column holds it';
}

/** Free-text search over the table's text columns. */
function bindSearch(arg: Arg, binding: Binding, table: Table): boolean {
  if (binding.search) return false;
  const text = table.columns.filter((c) => c.type === 'text' && c.name !== 'id' && !c.enum).map((c) => c.name);
  if (text.length === 0) return false;
  binding.search = { argument: arg.name, columns: text.slice(0, 8) };
  return true;
}

/**
 * An object of fields (`updates: {title, status}`, `filter: {name}`, Asana's `data: {…}`): each member
 * sets or matches the column of the same name. Members nothing holds are taken out of the schema.
 */
function bindFields(
  arg: Arg,
  fields: [string, Schema][],
  binding: Binding,
  table: Table,
  column: (k: string) => string | undefined,
  reads: boolean,
  out: BoundTool,
  leaveOut: (arg: Arg, reason: string) => void,
): void {
  const kept: Record<string, Schema> = {};
  for (const [member, schema] of fields) {
    const target = column(fieldKey(member));
    const taken = [...binding.values, ...binding.filters].some((v) => v.column === target);
    if (!target || (target === table.primaryKey && !reads) || taken) {
      out.omitted.push({ argument: `${arg.original}.${member}`, kind: 'no-effect', reason: target ? `another argument already uses column ${target}` : 'no column holds it' });
      continue;
    }
    const entry: ArgumentColumn = { argument: arg.name, field: member, column: target };
    (reads ? binding.filters : binding.values).push(entry);
    kept[member] = schema;
  }
  const members = Object.keys(kept);
  if (members.length === 0) {
    leaveOut(arg, 'none of its fields is a column of the table');
    return;
  }
  if (members.length < fields.length) {
    const required = (arg.schema.required ?? []).filter((r) => r in kept);
    out.schemas.set(arg.name, { ...arg.schema, properties: kept, ...(arg.schema.required ? { required } : {}) });
  }
}

/** Place one argument in the binding; false when nothing can use it. */
function bindArg(arg: Arg, binding: Binding, table: Table, column: (k: string) => string | undefined, reads: boolean): boolean {
  const range = rangeOf(arg);
  const since = reads && !range ? timeBound(arg, table) : null;
  if (since) {
    binding.filters.push({ argument: arg.name, column: since.column, match: since.bound });
    return true;
  }
  if (range && reads) {
    // `start_date`/`end_date` of a history bound whatever timestamp its rows carry.
    const dated = /date|time/.test(range.stem) || /date/.test(arg.schema.format ?? '');
    const target = column(range.stem) ?? (dated ? timestampColumn(table, range.stem, arg.schema.description ?? '') : undefined);
    if (!target) return false;
    binding.filters.push({ argument: arg.name, column: target, match: range.bound });
    return true;
  }
  const target = column(range ? range.stem : arg.key);
  if (!target) return false;
  const entry: ArgumentColumn = { argument: arg.name, column: target };
  // One argument per column: a second one naming the same column (`parentId` and `id`) is left unbound.
  if (!reads && binding.values.some((v) => v.column === target)) return false;
  // The key of a row never changes: a write that repeats it in its body must name that row.
  if (!reads && target === table.primaryKey && binding.operator !== 'insert') {
    if (!arg.required) return false;
    binding.filters.push(entry);
    return true;
  }
  if (reads) {
    const col = table.columns.find((c) => c.name === target);
    // An object can only equal a JSON column's value (Impala's `name: {eq, like}` modifiers match no text).
    if (arg.schema.type === 'object' && col && col.type !== 'json') return false;
    if (arg.schema.type === 'array' && col && col.type !== 'json') entry.match = 'in';
    binding.filters.push(entry);
  } else {
    binding.values.push(entry);
  }
  return true;
}
