// @ts-check
// The state digest without reading the state: each table keeps, in `_meta`, the sum (mod 2^256) of
// the SHA-256 of its rows. A row written adds its hash and a row overwritten or deleted takes its old
// one away, from the change log the triggers fill (schema.js), so a digest costs as much as the
// tables a domain has, whatever their rows, and equal rows give equal sums in any order of writes.
import { createHash } from 'node:crypto';
import { largestKey, readMeta, writeMeta } from './meta.js';
import { CHANGES_TABLE, DIGEST_SCHEME, META_TABLE, ledgerStatements, quote } from './schema.js';

/** @typedef {import('./types.js').Database} Database */
/** @typedef {import('./types.js').DomainContract} DomainContract */
/** @typedef {import('./types.js').Table} Table */

const MODULUS = 1n << 256n;
const ZERO = '0'.repeat(64);

/**
 * JSON.stringify replacer for stored values: 64-bit integers as numbers.
 * @param {string} _key
 * @param {unknown} value
 */
function storedValue(_key, value) {
  return typeof value === 'bigint' ? Number(value) : value;
}

/**
 * The hash of one row: its values as stored (STRICT tables store each value one way), in column order.
 * @param {unknown[]} values
 */
function rowHash(values) {
  return BigInt(`0x${createHash('sha256').update(JSON.stringify(values, storedValue)).digest('hex')}`);
}

/**
 * @param {Database} db
 * @param {string} table
 */
function readSum(db, table) {
  return BigInt(`0x${readMeta(db, `sum.${table}`) ?? ZERO}`);
}

/**
 * @param {Database} db
 * @param {string} table
 * @param {bigint} sum
 */
function writeSum(db, table, sum) {
  writeMeta(db, `sum.${table}`, sum.toString(16).padStart(64, '0'));
}

/** @type {WeakMap<DomainContract, Map<string, number>>} */
const widths = new WeakMap();

/**
 * The number of columns of each table, by name.
 * @param {DomainContract} contract
 */
function widthsOf(contract) {
  let map = widths.get(contract);
  if (!map) {
    map = new Map(contract.tables.map((table) => [table.name, table.columns.length]));
    widths.set(contract, map);
  }
  return map;
}

/**
 * Bring the digest sums up to date with the change log, and empty it. Runs inside the caller's
 * transaction when there is one, so a rolled-back call takes its sums back with its rows.
 * @param {Database} db
 * @param {DomainContract} contract
 */
export function foldChanges(db, contract) {
  const changes = /** @type {unknown[][]} */ (db.prepare(`SELECT * FROM ${quote(CHANGES_TABLE)}`).raw(true).all());
  if (changes.length === 0) return;
  const width = widthsOf(contract);
  /** @type {Map<string, bigint>} */
  const sums = new Map();
  for (const [table, sign, ...values] of changes) {
    const name = String(table);
    const columns = width.get(name);
    if (columns === undefined) throw new Error(`the change log names table ${name}, which domain.json does not have`);
    const before = sums.get(name) ?? readSum(db, name);
    const hash = rowHash(values.slice(0, columns));
    sums.set(name, (before + (Number(sign) > 0 ? hash : MODULUS - hash)) % MODULUS);
  }
  for (const [name, sum] of sums) writeSum(db, name, sum);
  db.prepare(`DELETE FROM ${quote(CHANGES_TABLE)}`).run();
}

/**
 * "v2:sha256:<hex>" over each domain table's name and digest sum, in contract order. Two databases
 * with the same rows have the same digest, whatever their page layout, clock or history.
 * @param {Database} db
 * @param {DomainContract} contract
 */
export function digest(db, contract) {
  foldChanges(db, contract);
  const hash = createHash('sha256').update(`agentscaler digest ${DIGEST_SCHEME}\n`);
  const rows = /** @type {[string, string][]} */ (db.prepare(`SELECT "key", "value" FROM ${quote(META_TABLE)} WHERE "key" >= 'sum.' AND "key" < 'sum/'`).raw(true).all());
  const sums = new Map(rows.map(([key, value]) => [key.slice(4), value]));
  for (const table of contract.tables) hash.update(`${table.name}\n${sums.get(table.name) ?? ZERO}\n`);
  return `v${DIGEST_SCHEME}:sha256:${hash.digest('hex')}`;
}

/**
 * Give a database made before the triggers (an older seed or state file) its change log, triggers,
 * sequences and digest sums, reading every table once. A database that has them is left alone.
 * @param {Database} db
 * @param {DomainContract} contract
 */
export function ensureLedger(db, contract) {
  if (readMeta(db, 'digest.scheme') === String(DIGEST_SCHEME)) return;
  db.transaction(() => {
    const old = /** @type {string[]} */ (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?`).pluck().all(`${META_TABLE}:%`));
    for (const name of old) db.exec(`DROP TRIGGER ${quote(name)}`);
    db.exec(`DROP TABLE IF EXISTS ${quote(CHANGES_TABLE)}`);
    for (const statement of ledgerStatements(contract)) db.exec(statement);
    for (const table of contract.tables) {
      const issued = Number(readMeta(db, `seq.${table.name}`) ?? 0);
      writeMeta(db, `seq.${table.name}`, String(Math.max(issued, largestKey(db, table))));
      let sum = 0n;
      for (const row of /** @type {Iterable<unknown[]>} */ (db.prepare(`SELECT * FROM ${quote(table.name)}`).raw(true).iterate())) sum = (sum + rowHash(row)) % MODULUS;
      writeSum(db, table.name, sum);
    }
    writeMeta(db, 'digest.scheme', String(DIGEST_SCHEME));
  })();
}
