// @ts-check
// JavaScript values ⇄ SQLite values, per column type: booleans are 0/1, json columns hold JSON
// text. One definition used by tools (ctx.encode/decode), seed writing, digests and diffs.

/** @typedef {import('./types.js').Table} Table */
/** @typedef {import('./types.js').Column} Column */
/** @typedef {import('./types.js').SqlValue} SqlValue */
/** @typedef {import('./types.js').SqlRow} SqlRow */

/** @type {WeakMap<Table, Map<string, Column>>} */
const columnMaps = new WeakMap();

/**
 * The columns of a table by name (built once per table object).
 * @param {Table} table
 * @returns {Map<string, Column>}
 */
export function columnsOf(table) {
  let map = columnMaps.get(table);
  if (!map) {
    map = new Map(table.columns.map((column) => [column.name, column]));
    columnMaps.set(table, map);
  }
  return map;
}

/**
 * One JavaScript value as SQLite stores it in `column`; undefined stays undefined (not given).
 * @param {Column} column
 * @param {unknown} value
 * @returns {SqlValue | undefined}
 */
export function encodeValue(column, value) {
  if (value === undefined || value === null) return value;
  if (column.type === 'json') return JSON.stringify(value);
  if (typeof value === 'boolean') return column.type === 'text' ? String(value) : value ? 1 : 0;
  if (typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return /** @type {SqlValue} */ (value);
}

/**
 * One stored value as JSON: booleans true/false, json parsed (kept as text if it does not parse).
 * @param {Column} column
 * @param {SqlValue} value
 * @returns {unknown}
 */
export function decodeValue(column, value) {
  if (value === null) return null;
  if (column.type === 'boolean') return typeof value === 'number' || typeof value === 'bigint' ? value !== 0 && value !== 0n : value;
  if (column.type === 'json' && typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return typeof value === 'bigint' ? Number(value) : value;
}

/**
 * JavaScript values → SQLite values for the named columns of `table`.
 * @param {Table} table
 * @param {Record<string, unknown>} values
 * @returns {Record<string, SqlValue | undefined>}
 */
export function encodeRow(table, values) {
  const columns = columnsOf(table);
  /** @type {Record<string, SqlValue | undefined>} */
  const out = {};
  for (const [name, value] of Object.entries(values)) {
    const column = columns.get(name);
    // A column the table does not have is a bug in tools.js: say where, before SQL does less clearly.
    if (!column) throw new Error(`table ${table.name} has no column ${name}`);
    out[name] = encodeValue(column, value);
  }
  return out;
}

/**
 * A SQLite row → a JSON object: json parsed, booleans true/false, NULL columns left out.
 * Columns the table does not have (aliases, aggregates) pass through unchanged.
 * @param {Table} table
 * @param {SqlRow} row
 * @returns {Record<string, unknown>}
 */
export function decodeRow(table, row) {
  const columns = columnsOf(table);
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, value] of Object.entries(row)) {
    if (value === null) continue;
    const column = columns.get(name);
    out[name] = column ? decodeValue(column, value) : value;
  }
  return out;
}

/**
 * JSON text with object keys sorted at every level: equal values, equal text.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(typeof value === 'bigint' ? Number(value) : value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = /** @type {Record<string, unknown>} */ (value);
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}
