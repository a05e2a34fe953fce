// @ts-check
// The virtual clock and id sequences, kept in the `_meta` table so snapshots carry them and a
// rolled-back call leaves them untouched. A table's sequence is raised by its insert trigger
// (schema.js), so taking the next key never scans the table.
import { META_TABLE, keyPrefix, quote } from './schema.js';

/** @typedef {import('./types.js').Database} Database */
/** @typedef {import('./types.js').DomainContract} DomainContract */
/** @typedef {import('./types.js').Table} Table */

/** How far the clock moves per successful write call. */
export const TICK_MS = 60_000;

const META = quote(META_TABLE);

/**
 * The ISO 8601 form of a date given as text, or null when it is not a date.
 * @param {string} text
 * @returns {string | null}
 */
export function normalizeClock(text) {
  const time = new Date(text).getTime();
  return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(time) ? new Date(time).toISOString() : null;
}

/**
 * One value of `_meta`.
 * @param {Database} db
 * @param {string} key
 * @returns {string | undefined}
 */
export function readMeta(db, key) {
  const row = /** @type {{ value: string } | undefined} */ (db.prepare(`SELECT "value" FROM ${META} WHERE "key" = ?`).get(key));
  return row?.value;
}

/**
 * Set one value of `_meta`.
 * @param {Database} db
 * @param {string} key
 * @param {string} value
 */
export function writeMeta(db, key, value) {
  db.prepare(`INSERT INTO ${META} ("key", "value") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`).run(key, value);
}

/**
 * Make sure a database has its `_meta` table and a clock (a seed written without them gets both).
 * @param {Database} db
 * @param {DomainContract} contract
 */
export function ensureMeta(db, contract) {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(META_TABLE);
  if (exists && readMeta(db, 'clock') !== undefined) return;
  db.exec(`CREATE TABLE IF NOT EXISTS ${META} ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL) STRICT`);
  writeMeta(db, 'clock', normalizeClock(contract.clock) ?? contract.clock);
}

/**
 * The current virtual time (ISO 8601, UTC).
 * @param {Database} db
 * @returns {string}
 */
export function readClock(db) {
  const clock = readMeta(db, 'clock');
  if (clock === undefined) throw new Error(`the database has no clock in ${META_TABLE}`);
  return clock;
}

/**
 * Set the virtual time.
 * @param {Database} db
 * @param {string} iso
 */
export function setClock(db, iso) {
  writeMeta(db, 'clock', iso);
}

/**
 * Move the virtual time forward by one tick.
 * @param {Database} db
 */
export function advanceClock(db) {
  setClock(db, new Date(new Date(readClock(db)).getTime() + TICK_MS).toISOString());
}

/**
 * The largest number among a table's keys: the key itself for integer keys, `n` of `<prefix>_<n>`
 * for text keys. A scan of the table: only for a database made before its insert triggers kept
 * the sequence (see digest.js, which brings such a database up to date once).
 * @param {Database} db
 * @param {Table} table
 * @returns {number}
 */
export function largestKey(db, table) {
  const key = quote(table.primaryKey);
  const from = quote(table.name);
  if (table.keyType === 'integer') {
    const row = /** @type {{ n: number | null }} */ (db.prepare(`SELECT MAX(${key}) AS n FROM ${from}`).get());
    return row.n ?? 0;
  }
  const head = `${keyPrefix(table)}_`;
  const sql = `SELECT MAX(CAST(substr(${key}, ?) AS INTEGER)) AS n FROM ${from} WHERE substr(${key}, 1, ?) = ? AND substr(${key}, ?) <> '' AND substr(${key}, ?) NOT GLOB '*[^0-9]*'`;
  const start = head.length + 1;
  const row = /** @type {{ n: number | null }} */ (db.prepare(sql).get(start, head.length, head, start, start));
  return row.n ?? 0;
}

/**
 * The next key of a table: above every key it ever issued and every key it ever held, so a deleted
 * key is never reused. Integer keys count 1, 2, 3…; text keys are `<prefix>_0001`, `<prefix>_0002`…
 * The sequence in `_meta` already counts every inserted key (the insert trigger raises it).
 * @param {Database} db
 * @param {Table} table
 * @returns {number | string}
 */
export function nextKey(db, table) {
  const name = `seq.${table.name}`;
  const n = Number(readMeta(db, name) ?? 0) + 1;
  writeMeta(db, name, String(n));
  return table.keyType === 'integer' ? n : `${keyPrefix(table)}_${String(n).padStart(4, '0')}`;
}
