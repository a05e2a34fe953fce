// @ts-check
// The DDL of a domain's database: the one definition used by the generator (seed.sqlite) and by
// the emitted server. STRICT tables, every identifier double-quoted, constraints named
// `<table>.<column>` so a failed CHECK says which column it was.
import { encodeRow } from './codec.js';

/** @typedef {import('./types.js').DomainContract} DomainContract */
/** @typedef {import('./types.js').Table} Table */
/** @typedef {import('./types.js').Column} Column */
/** @typedef {import('./types.js').Database} Database */

/** Bookkeeping table: the virtual clock, id sequences and per-table digest sums. Not part of digests. */
export const META_TABLE = '_meta';

/** Bookkeeping table: the rows written since the digest sums were last brought up to date. */
export const CHANGES_TABLE = '_changes';

/** The scheme of the digest sums a database keeps (templates/runtime/digest.js); `digest.scheme` in `_meta`. */
export const DIGEST_SCHEME = 2;

/** SQLite type of each column type (booleans 0/1, json as text). */
const SQL_TYPES = { integer: 'INTEGER', real: 'REAL', text: 'TEXT', boolean: 'INTEGER', json: 'TEXT' };

/**
 * A double-quoted SQL identifier.
 * @param {string} name
 */
export function quote(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A SQL literal for an enum value of `column`.
 * @param {Column} column
 * @param {string | number} value
 */
function literal(column, value) {
  const numeric = column.type === 'integer' || column.type === 'real';
  if (numeric && typeof value === 'number' && Number.isFinite(value)) return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * The CHECK condition of a column, or null when it needs none.
 * @param {Table} table
 * @param {Column} column
 */
function checkOf(table, column) {
  const name = quote(column.name);
  const conditions = [];
  if (column.enum && column.enum.length > 0) conditions.push(`${name} IN (${column.enum.map((v) => literal(column, v)).join(', ')})`);
  if (column.type === 'boolean') conditions.push(`${name} IN (0, 1)`);
  if (typeof column.minimum === 'number' && Number.isFinite(column.minimum)) conditions.push(`${name} >= ${column.minimum}`);
  if (typeof column.maximum === 'number' && Number.isFinite(column.maximum)) conditions.push(`${name} <= ${column.maximum}`);
  if (column.type === 'json') conditions.push(`json_valid(${name})`);
  if (table.singleton && column.name === table.primaryKey && table.keyType === 'integer') conditions.push(`${name} = 1`);
  return conditions.length > 0 ? conditions.join(' AND ') : null;
}

/**
 * The CREATE TABLE statement of one table.
 * @param {Table} table
 * @param {Map<string, Table>} tables every table of the domain, for foreign keys
 */
function createTable(table, tables) {
  const names = new Set();
  const lines = [];
  const constraints = [];
  if (!table.columns.some((c) => c.name === table.primaryKey)) throw new Error(`table ${table.name}: primary key ${table.primaryKey} is not one of its columns`);
  for (const column of table.columns) {
    if (names.has(column.name)) throw new Error(`table ${table.name}: column ${column.name} appears twice`);
    names.add(column.name);
    const type = SQL_TYPES[column.type];
    if (!type) throw new Error(`table ${table.name}: column ${column.name} has unknown type ${column.type}`);
    const key = column.name === table.primaryKey;
    lines.push(`${quote(column.name)} ${type}${key || !column.nullable ? ' NOT NULL' : ''}${key ? ' PRIMARY KEY' : ''}`);
    const check = checkOf(table, column);
    if (check) constraints.push(`CONSTRAINT ${quote(`${table.name}.${column.name}`)} CHECK (${check})`);
    if (column.references) {
      const target = tables.get(column.references);
      if (!target) throw new Error(`table ${table.name}: column ${column.name} references ${column.references}, which is not a table of the domain`);
      // A row owned by a parent goes with it; an optional reference is cleared. Either way a delete
      // never fails on dependents, as deleting a customer in most real APIs takes its cards along.
      const onDelete = column.nullable ? 'SET NULL' : 'CASCADE';
      constraints.push(`FOREIGN KEY (${quote(column.name)}) REFERENCES ${quote(target.name)} (${quote(target.primaryKey)}) ON DELETE ${onDelete}`);
    }
  }
  return `CREATE TABLE ${quote(table.name)} (\n  ${[...lines, ...constraints].join(',\n  ')}\n) STRICT`;
}

/**
 * Prefix of a table's text keys (`cus` → `cus_0001`).
 * @param {Table} table
 */
export function keyPrefix(table) {
  return table.keyPrefix ?? 'id';
}

/**
 * A text key's number (`cus_0042` → 42) as SQL over `key`, or NULL when the key is not `<prefix>_<digits>`.
 * @param {Table} table
 * @param {string} key
 */
function keyNumber(table, key) {
  if (table.keyType === 'integer') return key;
  const head = `${keyPrefix(table)}_`;
  const tail = `substr(${key}, ${head.length + 1})`;
  return `CASE WHEN substr(${key}, 1, ${head.length}) = '${head.replaceAll("'", "''")}' AND ${tail} <> '' AND ${tail} NOT GLOB '*[^0-9]*' THEN CAST(${tail} AS INTEGER) END`;
}

/**
 * The triggers of one table. Every row written is copied, with its values as stored, into the change
 * log (+1 for a row that now exists, -1 for one that no longer does), so the digest sums follow any
 * write, by a tool, a cascade or a hand-written UPDATE. An inserted key raises the table's sequence,
 * so a key the caller chose is never given out again either.
 * @param {Table} table
 */
function triggers(table) {
  const name = quote(table.name);
  const log = `INSERT INTO ${quote(CHANGES_TABLE)} ("table", "sign", ${table.columns.map((_, i) => `"c${i}"`).join(', ')}) VALUES ('${table.name.replaceAll("'", "''")}', `;
  /** @param {'OLD' | 'NEW'} row @param {1 | -1} sign */
  const copy = (row, sign) => `${log}${sign}, ${table.columns.map((c) => `${row}.${quote(c.name)}`).join(', ')});`;
  const number = keyNumber(table, `NEW.${quote(table.primaryKey)}`);
  const sequence =
    `INSERT INTO ${quote(META_TABLE)} ("key", "value") SELECT 'seq.${table.name.replaceAll("'", "''")}', CAST(n AS TEXT) FROM (SELECT ${number} AS n) WHERE n IS NOT NULL ` +
    `ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value" WHERE CAST(excluded."value" AS INTEGER) > CAST(${quote(META_TABLE)}."value" AS INTEGER);`;
  /** @param {string} event */
  const trigger = (event) => `CREATE TRIGGER ${quote(`${META_TABLE}:${event.toLowerCase()}:${table.name}`)} AFTER ${event} ON ${name} BEGIN`;
  return [
    `${trigger('INSERT')}\n  ${copy('NEW', 1)}\n  ${sequence}\nEND`,
    `${trigger('UPDATE')}\n  ${copy('OLD', -1)}\n  ${copy('NEW', 1)}\n  ${sequence}\nEND`,
    `${trigger('DELETE')}\n  ${copy('OLD', -1)}\nEND`,
  ];
}

/**
 * The change log table (wide enough for the widest table; untyped, so each value keeps the type it
 * was stored with) and every table's triggers.
 * @param {DomainContract} contract
 */
export function ledgerStatements(contract) {
  const width = Math.max(1, ...contract.tables.map((table) => table.columns.length));
  const columns = Array.from({ length: width }, (_, i) => `"c${i}"`).join(', ');
  return [`CREATE TABLE ${quote(CHANGES_TABLE)} ("table" TEXT NOT NULL, "sign" INTEGER NOT NULL, ${columns})`, ...contract.tables.flatMap(triggers)];
}

/**
 * Every CREATE TABLE statement of a domain, in contract order, then the `_meta` table.
 * @param {DomainContract} contract
 * @returns {string[]}
 */
export function tableStatements(contract) {
  const tables = new Map(contract.tables.map((table) => [table.name, table]));
  if (tables.size !== contract.tables.length) throw new Error('two tables of the domain have the same name');
  for (const reserved of [META_TABLE, CHANGES_TABLE]) if (tables.has(reserved)) throw new Error(`a table cannot be named ${reserved}: the runtime keeps its bookkeeping there`);
  return [
    ...contract.tables.map((table) => createTable(table, tables)),
    `CREATE TABLE ${quote(META_TABLE)} ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL) STRICT`,
  ];
}

/**
 * Create a domain's tables, their change log and triggers in an empty database, and start its clock
 * at `contract.clock`. Empty tables need no digest sums: a missing sum is zero.
 * @param {Database} db
 * @param {DomainContract} contract
 */
export function createTables(db, contract) {
  const clock = new Date(contract.clock);
  if (Number.isNaN(clock.getTime())) throw new Error(`domain clock ${JSON.stringify(contract.clock)} is not an ISO 8601 date`);
  db.transaction(() => {
    for (const statement of [...tableStatements(contract), ...ledgerStatements(contract)]) db.exec(statement);
    const meta = db.prepare(`INSERT INTO ${quote(META_TABLE)} ("key", "value") VALUES (?, ?)`);
    meta.run('clock', clock.toISOString());
    meta.run('digest.scheme', String(DIGEST_SCHEME));
  })();
}

/**
 * Insert rows (plain JSON values, encoded per column) into one table.
 * @param {Database} db
 * @param {Table} table
 * @param {Record<string, unknown>[]} rows
 */
export function insertRows(db, table, rows) {
  /** @type {Map<string, import('better-sqlite3').Statement>} */
  const statements = new Map();
  db.transaction(() => {
    for (const row of rows) {
      const encoded = encodeRow(table, row);
      const columns = Object.keys(encoded).filter((name) => encoded[name] !== undefined);
      const sql = `INSERT INTO ${quote(table.name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      statement.run(...columns.map((name) => encoded[name]));
    }
  })();
}
