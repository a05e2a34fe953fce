// Each tool becomes one operator on its table: get, list, search, insert, update, delete,
// transition, or a composite read-modify-write. Every required argument is used: as the key, a
// filter or a value. What is left unbound (paging knobs, formats) is recorded with the reason.
import type { Schema } from '../../formats/toolspec.js';
import type { ArgumentColumn, Binding, Column, Operator, Table } from '../../formats/contract.js';
import { targetState } from './status.js';
import { verbOf } from '../ingest/classify.js';
import { actionVerb, PLUMBING, rangeOf, SEARCH, type ToolPlan } from './tables.js';
import type { Arg } from './targets.js';

const LIMIT = new Set(['limit', 'per_page', 'page_size', 'max_results', 'max_result', 'top', 'size', 'count']);
const OFFSET = new Set(['offset', 'skip', 'start']);
const ADD = new Set(['fund', 'deposit', 'fill', 'increase', 'raise', 'add', 'top', 'charge', 'credit', 'refill', 'load']);
const SUBTRACT = new Set(['withdraw', 'decrease', 'lower', 'spend', 'debit', 'deduct', 'drain']);

/** Default and largest page size of list tools. */
export const PAGE = { default: 20, max: 100 };

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

/** What a tool returns, by operator. */
export function outputSchema(operator: Operator, table: Table): Schema & { type: 'object' } {
  const row = rowSchema(table);
  if (operator === 'list' || operator === 'search') {
    return { type: 'object', properties: { items: { type: 'array', items: row }, count: { type: 'integer', description: 'Number of items returned.' } }, required: ['items', 'count'] };
  }
  if (operator === 'delete') {
    const key = table.columns[0]!;
    return { type: 'object', properties: { deleted: { type: 'integer', description: 'Number of rows deleted.' }, ids: { type: 'array', items: columnSchema(key) } }, required: ['deleted', 'ids'] };
  }
  return row;
}

/** Bind one tool to its table. `columnOf` maps a canonical field key to the table's column. */
export function bind(plan: ToolPlan, table: Table, columnOf: (table: string, key: string) => string | undefined): Binding {
  const hasSearch = plan.tool.op === 'read' && plan.args.some((a) => SEARCH.has(a.key));
  const operator = operatorOf(plan, table, hasSearch);
  const binding: Binding = { operator, table: table.name, filters: [], values: [], unbound: [] };
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
  for (const arg of plan.args) {
    if (handled.has(arg.name)) continue;
    const bound = bindArg(arg, binding, table, column, reads);
    if (!bound) binding.unbound.push({ argument: arg.name, reason: unboundReason(arg, binding, column) });
  }

  if (operator === 'list' || operator === 'search') {
    binding.limit ??= { default: PAGE.default, max: PAGE.max };
    binding.order = { column: 'id', direction: 'asc' };
  }
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
  return binding;
}

/** Why an argument was left out of its tool's binding, for domain.json and synth.json. */
function unboundReason(arg: Arg, binding: Binding, column: (k: string) => string | undefined): string {
  const target = column(arg.key);
  if (target && binding.values.some((v) => v.column === target)) return `another argument already sets column ${target}`;
  if (!arg.required && PLUMBING.has(arg.key)) return 'paging or formatting option';
  return 'no column holds it';
}

/** Place one argument in the binding; false when nothing can use it. */
function bindArg(arg: Arg, binding: Binding, table: Table, column: (k: string) => string | undefined, reads: boolean): boolean {
  const readOperator = binding.operator === 'get' || binding.operator === 'list' || binding.operator === 'search';
  if (readOperator && LIMIT.has(arg.key) && (arg.schema.type === 'integer' || arg.schema.type === 'number')) {
    binding.limit = { argument: arg.name, default: PAGE.default, max: PAGE.max };
    return true;
  }
  if (readOperator && OFFSET.has(arg.key) && arg.schema.type === 'integer') {
    binding.offset = arg.name;
    return true;
  }
  if (SEARCH.has(arg.key) && binding.operator === 'search') {
    const text = table.columns.filter((c) => c.type === 'text' && c.name !== 'id' && !c.enum).map((c) => c.name);
    if (text.length === 0) return false;
    binding.search = { argument: arg.name, columns: text.slice(0, 8) };
    return true;
  }
  if (PLUMBING.has(arg.key) || SEARCH.has(arg.key)) return false;
  const range = rangeOf(arg);
  if (range && reads) {
    const target = column(range.stem);
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
    if (arg.schema.type === 'array' && col && col.type !== 'json') entry.match = 'in';
    binding.filters.push(entry);
  } else {
    binding.values.push(entry);
  }
  return true;
}
