// Arguments for a tool drawn from a domain's current state: the key of a row that exists, filter
// values that row has, a reference to a real parent, fresh plausible values for what a write sets.
// Used to check every emitted tool (tests, bench) and as the raw material of task sampling.
import type Database from 'better-sqlite3';
import type { Faker } from '@faker-js/faker';
import type { Json, Schema } from '../../formats/toolspec.js';
import type { ArgumentColumn, Column, DomainContract, Table, ToolContract } from '../../formats/contract.js';
import { valueFor } from './seed.js';

export type SqlRow = Record<string, unknown>;

/** A stored value as the argument's schema wants it (stored booleans are 0/1, json is text). */
function asArgument(value: unknown, column: Column | undefined, schema: Schema): Json {
  if (value === null || value === undefined) return null;
  let v: unknown = value;
  if (column?.type === 'boolean') v = v === 1 || v === true;
  if (column?.type === 'json' && typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      // kept as text
    }
  }
  if (schema.type === 'string' && typeof v !== 'string') return typeof v === 'object' ? JSON.stringify(v) : String(v);
  if ((schema.type === 'integer' || schema.type === 'number') && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (schema.type === 'array' && !Array.isArray(v)) return [v as Json];
  return v as Json;
}

/** Whether a value fits what an argument's schema says of its type, enum and length. */
function fits(value: Json, schema: Schema): boolean {
  if (value === null) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' && value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity);
    case 'integer':
      return Number.isInteger(value) && (value as number) >= (schema.minimum ?? -Infinity) && (value as number) <= (schema.maximum ?? Infinity);
    case 'number':
      return typeof value === 'number' && value >= (schema.minimum ?? -Infinity) && value <= (schema.maximum ?? Infinity);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

/** A fresh value that fits a schema with no column behind it. */
export function schemaValue(schema: Schema, faker: Faker): Json {
  if (schema.enum && schema.enum.length > 0) return faker.helpers.arrayElement(schema.enum);
  if (schema.default !== undefined) return schema.default;
  if (schema.example !== undefined && schema.example !== null && typeof schema.example !== 'object') return schema.example;
  switch (schema.type) {
    case 'integer':
      return faker.number.int({ min: Math.max(schema.minimum ?? 1, 1), max: Math.max(Math.min(schema.maximum ?? 10, 10), Math.max(schema.minimum ?? 1, 1)) });
    case 'number':
      return faker.number.float({ min: Math.max(schema.minimum ?? 1, 0), max: Math.max(Math.min(schema.maximum ?? 100, 100), schema.minimum ?? 1), fractionDigits: 2 });
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [schemaValue(schema.items, faker)] : [];
    case 'object': {
      // Required members, and a couple more: an empty object changes nothing.
      const out: Record<string, Json> = {};
      const names = Object.keys(schema.properties ?? {});
      const wanted = new Set([...(schema.required ?? []), ...names.slice(0, 2)]);
      for (const name of wanted) out[name] = schemaValue(schema.properties?.[name] ?? {}, faker);
      return out;
    }
    case 'string': {
      const length = Math.max(schema.minLength ?? 0, 1);
      if (schema.format === 'date-time') return faker.date.recent({ days: 30 }).toISOString();
      if (schema.format === 'date') return faker.date.recent({ days: 30 }).toISOString().slice(0, 10);
      if (schema.format === 'email') return faker.internet.email().toLowerCase();
      const word = faker.word.noun();
      const text = word.length >= length ? word : word.padEnd(length, 'x');
      return schema.maxLength !== undefined ? text.slice(0, Math.max(schema.maxLength, 1)) : text;
    }
    default:
      return faker.word.noun();
  }
}

/** The rows a keyed tool can work on: for a transition, those in a state it starts from. */
function candidateRows(db: Database.Database, table: Table, tool: ToolContract): SqlRow[] {
  const b = tool.binding;
  if (b.transition) return db.prepare(`SELECT * FROM "${table.name}" WHERE "${b.transition.column}" IN (${b.transition.from.map(() => '?').join(', ')}) ORDER BY "${table.primaryKey}"`).all(...b.transition.from) as SqlRow[];
  return db.prepare(`SELECT * FROM "${table.name}" ORDER BY "${table.primaryKey}"`).all() as SqlRow[];
}

/** A key of a row of `tableName`, or null when it has none. */
function existingKey(db: Database.Database, contract: DomainContract, tableName: string, faker: Faker): unknown {
  const target = contract.tables.find((t) => t.name === tableName);
  if (!target) return null;
  const keys = db.prepare(`SELECT "${target.primaryKey}" AS k FROM "${target.name}" ORDER BY "${target.primaryKey}"`).all() as { k: unknown }[];
  return keys.length > 0 ? faker.helpers.arrayElement(keys).k : null;
}

/**
 * Arguments for `tool` from the state in `db`: every required argument, the key, and for writes the
 * values they set. Returns null when the state has nothing the tool could work on (an empty table).
 */
export function probeArguments(
  db: Database.Database,
  contract: DomainContract,
  tool: ToolContract,
  faker: Faker,
  /** Work on this row of the tool's table (a task chain's row) instead of a random one. */
  pick?: SqlRow,
): Record<string, Json> | null {
  const b = tool.binding;
  const table = contract.tables.find((t) => t.name === b.table)!;
  if (b.relation) return relationArguments(db, contract, tool, table, faker, pick);
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const rows = pick ? [pick] : candidateRows(db, table, tool);
  const keyed = b.key !== undefined || b.operator === 'get' || b.operator === 'update' || b.operator === 'transition' || b.operator === 'composite';
  if (keyed && rows.length === 0) return null;
  const row = rows.length > 0 ? faker.helpers.arrayElement(rows) : undefined;
  const args: Record<string, Json> = {};
  const schemaOf = (name: string) => tool.input.properties[name] ?? {};
  const required = new Set(tool.input.required);
  const fromRow = (entry: ArgumentColumn) => {
    const schema = schemaOf(entry.argument);
    let value = asArgument(row?.[entry.column], columns.get(entry.column), schema);
    if (value !== null && entry.match === 'in' && !Array.isArray(value)) value = [value];
    // A stored value the argument cannot take (a json column behind an array argument) is left to the
    // schema when required, and out when optional.
    if (value !== null && fits(value, schema) && (!Array.isArray(value) || value.every((v) => schema.items === undefined || fits(v, schema.items)))) args[entry.argument] = value;
  };

  if (b.key) fromRow(b.key);
  // Filters narrow to the row picked: required ones always, optional ones on keyed tools (they must match).
  for (const filter of b.filters) if (required.has(filter.argument) || keyed) fromRow(filter);
  if (b.search && row) {
    const text = b.search.columns.map((c) => row[c]).find((v): v is string => typeof v === 'string' && v.length > 0);
    if (text) args[b.search.argument] = text.split(/\s+/)[0]!;
    else if (required.has(b.search.argument)) args[b.search.argument] = schemaValue(schemaOf(b.search.argument), faker);
  }
  /** A new value for a column a write sets: an existing parent's key, or one that fits the column and the argument. */
  const freshValue = (entry: ArgumentColumn): Json => {
    const column = columns.get(entry.column);
    const fresh = column?.references ? existingKey(db, contract, column.references, faker) : column ? valueFor(column, faker, rows.length + 1) : null;
    const schema = schemaOf(entry.argument);
    // Structured arguments follow their own schema (nested required fields), not the json column's filler.
    const v = schema.type === 'object' || schema.type === 'array' ? null : asArgument(fresh, column, schema);
    return v !== null && fits(v, schema) ? v : schemaValue(schema, faker);
  };
  for (const value of b.values) {
    // Writes set what they require and, on inserts, everything else they can: a realistic record.
    if (!required.has(value.argument) && b.operator !== 'insert') continue;
    args[value.argument] = freshValue(value);
  }
  // An update must change something: when nothing it sets is required, set the first thing.
  const first = b.values[0];
  if (b.operator === 'update' && first && !b.values.some((v) => v.argument in args)) args[first.argument] = freshValue(first);
  if (b.adjust) args[b.adjust.argument] = b.adjust.direction === 'add' ? 25 : 1;
  for (const name of required) if (!(name in args)) args[name] = schemaValue(schemaOf(name), faker);
  return args;
}

/**
 * Arguments for a link or unlink: an unlink undoes a link that exists; a link joins an existing owner
 * (when the owner is a row of another table) to a member that exists (when members are rows) or a
 * fresh one, in the shape the member argument takes.
 */
function relationArguments(db: Database.Database, contract: DomainContract, tool: ToolContract, table: Table, faker: Faker, pick?: SqlRow): Record<string, Json> | null {
  const r = tool.binding.relation!;
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const links = pick ? [pick] : (db.prepare(`SELECT * FROM "${table.name}" ORDER BY "id"`).all() as SqlRow[]);
  const link = tool.binding.operator === 'unlink' ? (links.length > 0 ? faker.helpers.arrayElement(links) : undefined) : pick;
  if (tool.binding.operator === 'unlink' && !link) return null;
  const args: Record<string, Json> = {};
  /** A value for a column: the link's, else an existing row of the table it references, else a fresh one. */
  const valueOf = (column: string, schema: Schema): Json => {
    const col = columns.get(column);
    const stored = link?.[column];
    if (stored !== undefined && stored !== null) return asArgument(stored, col, schema);
    const referenced = col?.references ? existingKey(db, contract, col.references, faker) : null;
    if (referenced !== null && referenced !== undefined) return asArgument(referenced, col, schema);
    const fresh = col ? asArgument(valueFor(col, faker, links.length + 1), col, schema) : null;
    return fresh !== null && fits(fresh, schema) ? fresh : schemaValue(schema, faker);
  };
  const schemaOf = (name: string) => tool.input.properties[name] ?? {};
  if (r.owner) args[r.owner.argument] = valueOf(r.owner.column, schemaOf(r.owner.argument));
  for (const q of r.qualifiers ?? []) args[q.argument] = valueOf(q.column, schemaOf(q.argument));
  if (r.member) {
    const m = r.member;
    const outer = schemaOf(m.argument);
    const schema = m.field ? outer.properties?.[m.field] ?? {} : outer;
    const element = schema.type === 'array' ? schema.items ?? {} : schema;
    const key = valueOf(m.column, m.shape === 'one' ? element : { type: 'string' });
    const value = m.valueColumn ? valueOf(m.valueColumn, { type: 'string' }) : null;
    let member: Json;
    if (m.shape === 'list') member = [key];
    else if (m.shape === 'csv') member = String(key);
    else if (m.shape === 'map') member = { [String(key)]: value };
    else if (m.shape === 'pairs') member = [{ [m.keyField ?? 'Key']: key, ...(m.valueField ? { [m.valueField]: value } : {}) }];
    else member = key;
    // A member inside an object of fields: the object's other required fields too.
    const rest = m.field ? schemaValue(outer, faker) : null;
    args[m.argument] = m.field ? { ...(rest !== null && typeof rest === 'object' && !Array.isArray(rest) ? rest : {}), [m.field]: member } : member;
  }
  for (const name of tool.input.required) if (!(name in args)) args[name] = schemaValue(schemaOf(name), faker);
  return args;
}
