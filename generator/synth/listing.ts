// The request's own knobs on a read: page size, offset, page number, cursor, keyset bounds, sort
// field and direction, field selection. Each one bound here has its documented effect in tools.js;
// one that cannot (a sort name no column holds) says why, and the caller leaves it out.
import type { Schema } from '../../formats/toolspec.js';
import type { Binding, Table } from '../../formats/contract.js';
import type { ArgumentRole } from './roles.js';
import type { Arg } from './targets.js';

/** Default and largest page size of list tools, where the catalog states neither. */
export const PAGE = { default: 20, max: 100 };

/** A field name as the runtime compares it: lower case, letters and digits only (`modifiedTime` = `modified_time`). */
export function normalizedField(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The column a sort name means: the same name, or the timestamp a verb names (`created` → `created_at`). */
export function sortColumn(name: string, table: Table): string | undefined {
  const wanted = normalizedField(name.replace(/^[-+]/, ''));
  if (wanted === '') return undefined;
  const columns = table.columns.filter((c) => c.type !== 'json');
  const exact = columns.find((c) => normalizedField(c.name) === wanted);
  if (exact) return exact.name;
  for (const suffix of ['at', 'date', 'time', 'on', 'timestamp']) {
    const found = columns.find((c) => normalizedField(c.name) === `${wanted}${suffix}`);
    if (found) return found.name;
  }
  if (wanted === 'id' || wanted === 'key') return table.primaryKey;
  return undefined;
}

/** Members of an object sort argument: the one naming the field and the one naming the direction. */
function sortMembers(schema: Schema): { field?: string; direction?: string } {
  const names = Object.keys(schema.properties ?? {});
  const field = names.find((n) => /^(by|field|key|name|column|property|sort_by|sortby|attribute|on)$/i.test(n));
  const direction = names.find((n) => /^(direction|order|dir|sort_order|ascending)$/i.test(n));
  return { ...(field ? { field } : {}), ...(direction ? { direction } : {}) };
}

/** The accepted sort names of a string schema and the columns they mean; every column for a free string. */
function sortNames(schema: Schema, table: Table): { columns: Record<string, string>; narrowed?: Schema } | null {
  if (schema.type === 'array') {
    const items = sortNames(schema.items ?? { type: 'string' }, table);
    return items && (items.narrowed ? { columns: items.columns, narrowed: { ...schema, items: items.narrowed } } : { columns: items.columns });
  }
  if (schema.enum) {
    const columns: Record<string, string> = {};
    const kept: string[] = [];
    for (const value of schema.enum) {
      if (typeof value !== 'string') continue;
      // `createdDateTime desc` sorts by createdDateTime; the runtime reads the modifier from the value.
      const name = value.replace(/\s+(asc|desc|ascending|descending)$/i, '');
      const column = sortColumn(name, table);
      if (column) {
        columns[name] = column;
        kept.push(value);
      }
    }
    if (kept.length === 0) return null;
    // Names no column holds are taken out of the advertised enum: the tool cannot sort by them.
    return kept.length < schema.enum.length ? { columns, narrowed: { ...schema, enum: kept } } : { columns };
  }
  if (schema.type !== undefined && schema.type !== 'string') return null;
  const columns: Record<string, string> = {};
  for (const column of table.columns) if (column.type !== 'json') columns[normalizedField(column.name)] = column.name;
  return { columns };
}

/** Outcome of binding one knob: bound, or why not (and then the argument has no effect). */
export type KnobResult = { bound: true; schema?: Schema } | { bound: false; reason: string };

const notBound = (reason: string): KnobResult => ({ bound: false, reason });

/** Bind a read's knob argument. `listing` is whether the operator returns several rows. */
export function bindKnob(arg: Arg, role: ArgumentRole, binding: Binding, table: Table, listing: boolean): KnobResult {
  if (role.kind === 'select') {
    if (binding.select) return notBound('another argument already selects fields');
    binding.select = { argument: arg.name };
    return { bound: true };
  }
  if (!listing) return notBound('a paging or sorting option of a tool that returns one row');
  switch (role.kind) {
    case 'page-size': {
      if (binding.limit?.argument) return notBound('another argument already sets the page size');
      const max = typeof arg.schema.maximum === 'number' && arg.schema.maximum >= 1 ? Math.floor(arg.schema.maximum) : PAGE.max;
      const stated = typeof arg.schema.default === 'number' && Number.isInteger(arg.schema.default) && arg.schema.default >= 1 ? arg.schema.default : PAGE.default;
      binding.limit = { argument: arg.name, default: Math.min(stated, max), max };
      return { bound: true };
    }
    case 'offset':
    case 'page':
    case 'cursor': {
      if (binding.offset || binding.page || binding.cursor) return notBound('another argument already pages');
      if (role.kind === 'offset') binding.offset = arg.name;
      else if (role.kind === 'page') binding.page = arg.name;
      else binding.cursor = arg.name;
      return { bound: true };
    }
    case 'after-key':
    case 'before-key': {
      const slot = role.kind === 'after-key' ? 'after' : 'before';
      if (binding[slot]) return notBound('another argument already bounds the keys');
      binding[slot] = arg.name;
      return { bound: true };
    }
    case 'sort': {
      if (binding.sort?.argument) return notBound('another argument already sorts');
      if (arg.schema.type === 'object') {
        const members = sortMembers(arg.schema);
        if (!members.field) return notBound('no member of it names a sort field');
        const names = sortNames(arg.schema.properties![members.field]!, table);
        if (!names) return notBound('no column holds any of its sort fields');
        binding.sort = { ...binding.sort, argument: arg.name, field: members.field, columns: names.columns };
        if (members.direction) binding.sort.direction = { argument: arg.name, field: members.direction };
        const schema = names.narrowed ? { ...arg.schema, properties: { ...arg.schema.properties, [members.field]: names.narrowed } } : undefined;
        return schema ? { bound: true, schema } : { bound: true };
      }
      const names = sortNames(arg.schema, table);
      if (!names) return notBound('no column holds any of its sort fields');
      binding.sort = { ...binding.sort, argument: arg.name, columns: names.columns };
      return names.narrowed ? { bound: true, schema: names.narrowed } : { bound: true };
    }
    case 'direction': {
      if (binding.sort?.direction) return notBound('another argument already sets the direction');
      binding.sort = { ...(binding.sort ?? { columns: {} }), direction: { argument: arg.name } };
      return { bound: true };
    }
    default:
      return notBound('not a paging, sorting or selection option');
  }
}
