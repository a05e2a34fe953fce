// Arguments for a tool drawn from a domain's current state: the key of a row that exists, filter
// values that row has, a reference to a real parent, fresh plausible values for what a write sets.
// Used to check every emitted tool (tests, bench) and as the raw material of task sampling.
import type Database from 'better-sqlite3';
import type { Faker } from '@faker-js/faker';
import type { Json, Schema } from '../../formats/toolspec.js';
import type { ArgumentColumn, Binding, Column, DomainContract, Table, ToolContract } from '../../formats/contract.js';
import { valueFor } from './seed.js';
import { drawValue, schemaTarget, type ValueSource } from './values/index.js';
import { describedBy } from './values/described.js';

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

/** Where a task argument's value came from: a row of the state, or one of the value sources. */
export type ArgumentSource = ValueSource | 'state';

/** What fresh values are drawn for: the domain's clock and provider, and where sources are counted. */
export interface DrawOptions {
  clock?: Date;
  entity?: string;
  provider?: string;
  tally?: (source: ArgumentSource) => void;
}

/** The reference date of probes without a domain: the start of the default clock. */
const REFERENCE = new Date('2025-01-06T09:00:00.000Z');

/**
 * A fresh value that fits a schema with no column behind it: its enum or default (an argument no
 * column holds changes nothing, so the catalog's own choice is the natural one), else one drawn by
 * the field's name and format.
 */
export function schemaValue(schema: Schema, faker: Faker, name = '', options: DrawOptions = {}): Json {
  if (schema.enum && schema.enum.length > 0) {
    options.tally?.('enum');
    return faker.helpers.arrayElement(schema.enum);
  }
  if (schema.default !== undefined && (schema.type !== 'string' || (typeof schema.default === 'string' && schema.default.length >= (schema.minLength ?? 0)))) {
    options.tally?.('default');
    return schema.default;
  }
  const { clock = REFERENCE, tally, ...rest } = options;
  return drawValue(schemaTarget(name, schema), { faker, clock, index: 0, exampleShare: 0.8, ...rest, ...(tally ? { tally } : {}) });
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement of `db`, prepared once: probing prepares the same few queries thousands of times. */
function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}

/** The rows a keyed tool can work on: for a transition, those in a state it starts from. */
function candidateRows(db: Database.Database, table: Table, tool: ToolContract): SqlRow[] {
  const b = tool.binding;
  if (b.transition) return statement(db, `SELECT * FROM "${table.name}" WHERE "${b.transition.column}" IN (${b.transition.from.map(() => '?').join(', ')}) ORDER BY "${table.primaryKey}"`).all(...b.transition.from) as SqlRow[];
  return statement(db, `SELECT * FROM "${table.name}" ORDER BY "${table.primaryKey}"`).all() as SqlRow[];
}

/** A key of a row of `tableName`, or null when it has none. */
function existingKey(db: Database.Database, contract: DomainContract, tableName: string, faker: Faker): unknown {
  const target = contract.tables.find((t) => t.name === tableName);
  if (!target) return null;
  const keys = statement(db, `SELECT "${target.primaryKey}" AS k FROM "${target.name}" ORDER BY "${target.primaryKey}"`).all() as { k: unknown }[];
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
  draw: DrawOptions = {},
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
  const clock = draw.clock ?? new Date(contract.clock ?? REFERENCE.toISOString());
  const drawing: DrawOptions = { clock, entity: table.entity, provider: draw.provider ?? tool.source.provider, ...(draw.tally ? { tally: draw.tally } : {}) };
  const fromRow = (entry: ArgumentColumn) => {
    const schema = schemaOf(entry.argument);
    let value = asArgument(row?.[entry.column], columns.get(entry.column), schema);
    if (value !== null && entry.match === 'in' && !Array.isArray(value)) value = [value];
    // A stored value the argument cannot take (a json column behind an array argument) is left to the
    // schema when required, and out when optional.
    if (value !== null && fits(value, schema) && (!Array.isArray(value) || value.every((v) => schema.items === undefined || fits(v, schema.items)))) {
      args[entry.argument] = value;
      draw.tally?.('state');
    }
  };

  if (b.key) fromRow(b.key);
  // Filters narrow to the row picked: the required ones. An optional filter on a keyed tool only
  // repeats what the key already says, so a user would not state it.
  for (const filter of b.filters) if (required.has(filter.argument)) fromRow(filter);
  if (b.search && row) {
    const text = b.search.columns.map((c) => row[c]).find((v): v is string => typeof v === 'string' && v.length > 0);
    if (text) {
      args[b.search.argument] = text.split(/\s+/)[0]!;
      draw.tally?.('state');
    } else if (required.has(b.search.argument)) args[b.search.argument] = schemaValue(schemaOf(b.search.argument), faker, b.search.argument, drawing);
  }
  /** A new value for a column a write sets: an existing parent's key, or one that fits the column and the argument. */
  const freshValue = (entry: ArgumentColumn): Json => {
    const column = columns.get(entry.column);
    const schema = schemaOf(entry.argument);
    // Structured arguments follow their own schema (nested required fields), not the json column's shape.
    if (schema.type === 'object' || schema.type === 'array' || !column) return schemaValue(schema, faker, entry.argument, drawing);
    if (column.references) {
      const key = asArgument(existingKey(db, contract, column.references, faker), column, schema);
      if (key !== null && fits(key, schema)) {
        draw.tally?.('state');
        return key;
      }
      return schemaValue(schema, faker, entry.argument, drawing);
    }
    // The column's own values (its examples and enum) first, then the argument's schema.
    const sources: ArgumentSource[] = [];
    const v = asArgument(valueFor({ ...column, ...(schema.example !== undefined && !column.examples ? { examples: [schema.example as string] } : {}) }, faker, rows.length + 1, { ...drawing, exampleShare: 0.6, tally: (s) => sources.push(s) }), column, schema);
    if (v !== null && fits(v, schema)) {
      for (const s of sources) draw.tally?.(s);
      return v;
    }
    return schemaValue(schema, faker, entry.argument, drawing);
  };
  for (const value of chosenValues(b, table, required)) args[value.argument] = freshValue(value);
  if (b.adjust) {
    args[b.adjust.argument] = adjustment(table, b.adjust.column, b.adjust.direction, row, faker);
    draw.tally?.('meaning');
  }
  for (const name of required) if (!(name in args)) args[name] = schemaValue(schemaOf(name), faker, name, drawing);
  return args;
}

/**
 * The values a write sets: what it requires and, for an insert, the few descriptive fields a person
 * filling in a form would (a name, an email, a date, a choice from a list), never every optional
 * field. An update that requires nothing sets the most descriptive one.
 */
function chosenValues(b: Binding, table: Table, required: Set<string>): ArgumentColumn[] {
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const optional = b.values.filter((v) => !required.has(v.argument));
  const ranked = optional
    .map((v, i) => ({ v, i, score: describedBy(columns.get(v.column), v.argument) }))
    .filter((x) => x.score > 0)
    .sort((a, b2) => b2.score - a.score || a.i - b2.i)
    .map((x) => x.v);
  const needed = b.values.filter((v) => required.has(v.argument));
  if (b.operator === 'insert') return [...needed, ...ranked.slice(0, Math.max(0, OPTIONAL_ON_INSERT - Math.max(0, needed.length - 2)))];
  if (b.operator === 'update' && needed.length === 0) {
    const best = ranked[0] ?? b.values.find((v) => columns.get(v.column)?.type !== 'boolean') ?? b.values[0];
    return best ? [best] : [];
  }
  return needed;
}

/** Optional fields an insert sets at most (fewer when it already requires several). */
const OPTIONAL_ON_INSERT = 3;

/** An amount to add or take: a round sum that fits the column (a deposit of 250, a withdrawal of 40), never more than the row holds. */
function adjustment(table: Table, column: string, direction: 'add' | 'subtract', row: SqlRow | undefined, faker: Faker): number {
  const integer = table.columns.find((c) => c.name === column)?.type === 'integer';
  const held = typeof row?.[column] === 'number' ? (row[column] as number) : undefined;
  const steps = integer ? [1, 2, 5, 10, 20, 50] : [10, 20, 25, 40, 50, 100, 250];
  const fitting = direction === 'subtract' && held !== undefined ? steps.filter((n) => n <= held) : steps;
  return faker.helpers.arrayElement(fitting.length > 0 ? fitting : [integer ? 1 : 1]);
}

/**
 * Arguments for a link or unlink: an unlink undoes a link that exists; a link joins an existing owner
 * (when the owner is a row of another table) to a member that exists (when members are rows) or a
 * fresh one, in the shape the member argument takes.
 */
function relationArguments(db: Database.Database, contract: DomainContract, tool: ToolContract, table: Table, faker: Faker, pick?: SqlRow): Record<string, Json> | null {
  const r = tool.binding.relation!;
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const links = pick ? [pick] : (statement(db, `SELECT * FROM "${table.name}" ORDER BY "id"`).all() as SqlRow[]);
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
