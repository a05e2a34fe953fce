// @ts-check
// A domain's state as the harness sees it: open it (a file made from seed.sqlite, or memory
// restored from a snapshot), fingerprint it (digest.js), compare it row by row. The `_meta` and
// `_changes` tables are bookkeeping: digests and diffs look only at the domain's own tables.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson, decodeRow } from './codec.js';
import { ensureLedger } from './digest.js';
import { ensureMeta } from './meta.js';
import { quote } from './schema.js';

/** @typedef {import('./types.js').DomainContract} DomainContract */
/** @typedef {import('./types.js').Table} Table */
/** @typedef {import('./types.js').SqlRow} SqlRow */

/**
 * Settings every connection gets: foreign keys enforced (off by default in SQLite).
 * @param {Database.Database} db
 */
function configure(db) {
  db.pragma('foreign_keys = ON');
  cacheStatements(db);
  return db;
}

/** Statements kept per connection; the oldest goes when there are more. */
const STATEMENT_CACHE = 256;

/**
 * Make `db.prepare` reuse a compiled statement for SQL it has seen. tools.js prepares its SQL on
 * every call, which reads best; compiling it once per connection is what makes a call cost a
 * tenth of a millisecond. A reused statement is handed back in its default mode (objects, not
 * raw rows or plucked values), as a fresh one would be.
 * @param {Database.Database} db
 */
function cacheStatements(db) {
  const prepare = db.prepare.bind(db);
  /** @type {Map<string, Database.Statement>} */
  const statements = new Map();
  /** @param {string} sql */
  function cachedPrepare(sql) {
    let statement = statements.get(sql);
    if (!statement) {
      statement = prepare(sql);
      statements.set(sql, statement);
      if (statements.size > STATEMENT_CACHE) statements.delete(/** @type {string} */ (statements.keys().next().value));
    } else if (statement.reader) {
      statement.raw(false).pluck(false).expand(false);
    }
    return statement;
  }
  db.prepare = /** @type {Database.Database['prepare']} */ (/** @type {unknown} */ (cachedPrepare));
}

/**
 * Open the state file at `path`, creating it from the seed on first use or when `reset` is set.
 * WAL with synchronous=NORMAL: a committed call survives a crash of the server, and a call does
 * not wait for the disk.
 * @param {string} path
 * @param {string} seedPath
 * @param {DomainContract} contract
 * @param {{ reset?: boolean }} [options]
 */
export function openFile(path, seedPath, contract, options = {}) {
  if (options.reset || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
    copyFileSync(seedPath, path);
  }
  let db;
  try {
    db = configure(new Database(path));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    ensureMeta(db, contract);
    ensureLedger(db, contract);
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the state database ${path}: ${reason}. Start over from the seed with --reset, or pass another --db PATH.`, { cause: error });
  }
  return db;
}

/**
 * An in-memory database holding a copy of `snapshot` (bytes of a SQLite file).
 * @param {Buffer} snapshot
 * @param {DomainContract} contract
 */
export function openSnapshot(snapshot, contract) {
  // A snapshot of a state file is marked WAL (header bytes 18-19 = 2), which SQLite cannot open in
  // memory; the same pages read as a rollback-journal database (1, 1).
  let bytes = snapshot;
  if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) {
    bytes = Buffer.from(bytes);
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const db = configure(new Database(bytes));
  ensureMeta(db, contract);
  ensureLedger(db, contract);
  return db;
}

/**
 * Every row of a table, decoded, in key order.
 * @param {Database.Database} db
 * @param {Table} table
 */
function rowsOf(db, table) {
  const rows = /** @type {SqlRow[]} */ (db.prepare(`SELECT * FROM ${quote(table.name)} ORDER BY ${quote(table.primaryKey)}`).all());
  return rows.map((row) => decodeRow(table, row));
}

/**
 * One difference between two states. A row only one side has shows as column `*` with the whole
 * row on that side and null on the other.
 * @typedef {{ table: string, key: unknown, column: string, expected: unknown, actual: unknown }} RowDifference
 */

/**
 * Whether `ignore` (entries `column` or `table.column`) covers a column.
 * @param {Set<string>} ignore
 * @param {string} table
 * @param {string} column
 */
function ignored(ignore, table, column) {
  return ignore.has(column) || ignore.has(`${table}.${column}`);
}

/**
 * Row-level differences from `expected` to `actual`, table by table in contract order, rows in key
 * order, columns in table order.
 * @param {Database.Database} actual
 * @param {Database.Database} expected
 * @param {DomainContract} contract
 * @param {{ ignore?: string[] }} [options]
 * @returns {RowDifference[]}
 */
export function diff(actual, expected, contract, options = {}) {
  const ignore = new Set(options.ignore ?? []);
  /** @type {RowDifference[]} */
  const out = [];
  for (const table of contract.tables) {
    const key = table.primaryKey;
    const mine = new Map(rowsOf(actual, table).map((row) => [canonicalJson(row[key]), row]));
    const theirs = new Map(rowsOf(expected, table).map((row) => [canonicalJson(row[key]), row]));
    const keys = [...new Set([...theirs.keys(), ...mine.keys()])].sort(compareKeys);
    for (const k of keys) {
      const a = mine.get(k);
      const e = theirs.get(k);
      const keyValue = JSON.parse(k);
      if (!a || !e) {
        out.push({ table: table.name, key: keyValue, column: '*', expected: e ?? null, actual: a ?? null });
        continue;
      }
      for (const column of table.columns) {
        if (ignored(ignore, table.name, column.name)) continue;
        const av = a[column.name] ?? null;
        const ev = e[column.name] ?? null;
        if (canonicalJson(av) !== canonicalJson(ev)) out.push({ table: table.name, key: keyValue, column: column.name, expected: ev, actual: av });
      }
    }
  }
  return out;
}

/**
 * Order canonical JSON keys as their values: numbers numerically, then strings.
 * @param {string} a
 * @param {string} b
 */
function compareKeys(a, b) {
  const x = JSON.parse(a);
  const y = JSON.parse(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return -1;
  if (typeof y === 'number') return 1;
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}
