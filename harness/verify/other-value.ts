// Another valid value for one tool argument, as a mutant uses it: an agent that picked the wrong
// row, the wrong status, a different amount or text. The value stays within the argument's schema
// and its column (another existing key, another enum value), so the changed call can still succeed.
import type Database from 'better-sqlite3';
import type { Faker } from '@faker-js/faker';
import type { Column, DomainContract, Table, ToolContract } from '../../formats/contract.js';
import { schemaValue, valueFor } from '../../generator/values.js';
import type { Json, Schema } from '../../formats/toolspec.js';
import { canonical } from './arguments.js';

/** Where the value goes: the tool, its argument, and a state to draw existing keys from. */
export interface ValueSite {
  contract: DomainContract;
  tool: ToolContract;
  argument: string;
  /** A state of the domain; without one, keys change to a neighbouring key. */
  state?: Database.Database;
}

/** The table of the tool's binding. */
const tableOf = (contract: DomainContract, name: string): Table | undefined => contract.tables.find((t) => t.name === name);

/** The column behind an argument of `tool` (key, filter, value, adjusted column), if any. */
export function columnOf(contract: DomainContract, tool: ToolContract, argument: string): Column | undefined {
  const b = tool.binding;
  const entry = [...(b.key ? [b.key] : []), ...b.filters, ...b.values].find((e) => e.argument === argument);
  const name = entry?.column ?? (b.adjust?.argument === argument ? b.adjust.column : undefined);
  return name === undefined ? undefined : tableOf(contract, b.table)?.columns.find((c) => c.name === name);
}

/** A value of the argument at `site` other than `value`, or undefined when none can be made. */
export function otherValue(value: Json, site: ValueSite, faker: Faker): Json | undefined {
  const schema = site.tool.input.properties[site.argument] ?? {};
  const column = columnOf(site.contract, site.tool, site.argument);
  const b = site.tool.binding;
  const table = tableOf(site.contract, b.table);
  // A key or a reference: another row that exists (for a transition, one it can start from).
  if (typeof value === 'string' || typeof value === 'number') {
    const parent = column?.references ? tableOf(site.contract, column.references) : undefined;
    const key = b.key?.argument === site.argument && table ? { table, column: b.key.column, ...(b.transition ? { from: b.transition } : {}) } : parent ? { table: parent, column: parent.primaryKey } : undefined;
    // With no other row to point at, a key that exists nowhere is still a mistake an agent makes.
    const other = key ? otherKey(value, key, site.state, faker) : undefined;
    if (other !== undefined) return other;
  }
  const choices = schema.enum ?? column?.enum;
  if (choices) {
    const others = choices.filter((c) => canonical(c) !== canonical(value));
    return others.length > 0 ? (faker.helpers.arrayElement(others) as Json) : undefined;
  }
  return changed(value, schema, column, faker);
}

/** Another value of a key column in the state (preferring rows a transition can start from), or a neighbour. */
function otherKey(value: string | number, key: { table: Table; column: string; from?: { column: string; from: string[] } }, state: Database.Database | undefined, faker: Faker): Json | undefined {
  if (state) {
    const rows = state.prepare(`SELECT * FROM "${key.table.name}" ORDER BY "${key.table.primaryKey}"`).all() as Record<string, unknown>[];
    const values = (of: Record<string, unknown>[]) => of.map((r) => r[key.column]).filter((v): v is Json => (typeof v === typeof value) && canonical(v) !== canonical(value));
    const from = key.from;
    const ready = from ? values(rows.filter((r) => from.from.includes(r[from.column] as string))) : [];
    const any = values(rows);
    if (ready.length > 0) return faker.helpers.arrayElement(ready);
    return any.length > 0 ? faker.helpers.arrayElement(any) : undefined;
  }
  if (typeof value === 'number') return value > 1 ? value - 1 : value + 1;
  // Text keys end in a number (`cus_0003`): the neighbouring one.
  const match = /^(.*?)(\d+)$/.exec(value);
  if (!match) return undefined;
  const n = Number(match[2]);
  return `${match[1]}${String(n > 1 ? n - 1 : n + 1).padStart(match[2]!.length, '0')}`;
}

/** A different value of the same type within the schema's bounds. */
function changed(value: Json, schema: Schema, column: Column | undefined, faker: Faker): Json | undefined {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return changedNumber(value, schema);
  if (typeof value === 'string') return changedString(value, schema, column, faker);
  if (Array.isArray(value)) {
    if (value.length > 0) {
      const first = changed(value[0]!, schema.items ?? {}, undefined, faker);
      if (first !== undefined) return [first, ...value.slice(1)];
    }
    return [...value, schemaValue(schema.items ?? { type: 'string' }, faker)];
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) {
      const member = changed(value[key]!, schema.properties?.[key] ?? {}, undefined, faker);
      if (member !== undefined) return { ...value, [key]: member };
    }
  }
  return undefined;
}

/** The number one up (one down at the maximum), with the value's own decimals. */
function changedNumber(value: number, schema: Schema): number | undefined {
  const decimals = String(value).split('.')[1]?.length ?? 0;
  const round = (n: number) => Number(n.toFixed(decimals));
  const up = round(value + 1);
  if (up <= (schema.maximum ?? Infinity)) return up;
  const down = round(value - 1);
  return down >= (schema.minimum ?? -Infinity) ? down : undefined;
}

/** Another string: a date a day later, a fresh value for the column, or the text with a word added. */
function changedString(value: string, schema: Schema, column: Column | undefined, faker: Faker): string | undefined {
  const format = schema.format ?? column?.format;
  if ((format === 'date' || format === 'date-time') && !Number.isNaN(Date.parse(value))) {
    const later = new Date(Date.parse(value) + 86_400_000).toISOString();
    return format === 'date' ? later.slice(0, 10) : later;
  }
  const fresh = column && column.type === 'text' ? valueFor(column, faker, 1) : undefined;
  const candidates = [typeof fresh === 'string' ? fresh : undefined, `${value} ${faker.word.noun()}`, `${faker.word.noun()}`];
  const fits = (s: string) => s !== value && s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity);
  return candidates.find((s): s is string => s !== undefined && fits(s));
}
