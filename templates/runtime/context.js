// @ts-check
// `ctx`, the third argument of every function in tools.js: the helpers generated code (and a user
// adding a business rule) needs, and ToolError, the one way a tool refuses a call. A ToolError
// rolls the call's transaction back and reaches the agent as an isError result naming the argument.
import { decodeRow, encodeRow } from './codec.js';
import { ToolError } from './errors.js';
import { compute } from './formulas.js';
import { members } from './relation.js';
import { cursorAt, cursorOffset, member, orderBy, pageOffset, selectFields } from './list-knobs.js';
import { advanceClock, nextKey, readClock } from './meta.js';

export { ToolError };

/** @typedef {import('./types.js').Database} Database */
/** @typedef {import('./types.js').DomainContract} DomainContract */
/** @typedef {import('./types.js').Table} Table */
/** @typedef {import('./types.js').SqlRow} SqlRow */
/** @typedef {import('./types.js').SqlValue} SqlValue */

/**
 * The tables of a domain by name, built once per contract.
 * @type {WeakMap<DomainContract, Map<string, Table>>}
 */
const tableMaps = new WeakMap();

/**
 * @param {DomainContract} contract
 * @returns {Map<string, Table>}
 */
export function tablesOf(contract) {
  let map = tableMaps.get(contract);
  if (!map) {
    map = new Map(contract.tables.map((table) => [table.name, table]));
    tableMaps.set(contract, map);
  }
  return map;
}

/**
 * A value as it appears in a message: strings quoted, long ones cut.
 * @param {unknown} value
 */
function shown(value) {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The context of one call on `db`. The clock is read once per call, so every timestamp a call
 * writes is the same instant; it moves forward only when a write call succeeds (see `finish`).
 * @param {Database} db
 * @param {DomainContract} contract
 */
export function createContext(db, contract) {
  const tables = tablesOf(contract);
  /** @type {string | undefined} */
  let now;

  /** @param {string} name */
  function table(name) {
    const found = tables.get(name);
    if (!found) throw new Error(`tools.js names table ${name}, which domain.json does not have`);
    return found;
  }

  return {
    /** The current virtual time, ISO 8601 UTC. */
    now() {
      now ??= readClock(db);
      return now;
    },

    /**
     * Refuse the call.
     * @param {string | null} argument
     * @param {string} reason
     * @returns {never}
     */
    fail(argument, reason) {
      throw new ToolError(argument, reason);
    },

    /**
     * Refuse the call because the row `argument` names does not exist.
     * @param {string} tableName
     * @param {string} argument
     * @param {unknown} value
     * @returns {never}
     */
    notFound(tableName, argument, value) {
      const entity = table(tableName).entity.replaceAll('_', ' ');
      throw new ToolError(argument, `no ${entity} with id ${shown(value)}; look it up with a list or search tool first`);
    },

    /**
     * Check that the row a reference argument names exists.
     * @param {string} tableName
     * @param {string} argument
     * @param {unknown} value
     */
    requireRow(tableName, argument, value) {
      const target = table(tableName);
      // A list of references: every one must exist.
      if (Array.isArray(value)) {
        for (const each of value) this.requireRow(tableName, argument, each);
        return;
      }
      if (value !== null && typeof value === 'object') throw new ToolError(argument, `must name a ${target.entity.replaceAll('_', ' ')} by its id, not an object`);
      const exists = db.prepare(`SELECT 1 FROM "${target.name}" WHERE "${target.primaryKey}" = ?`).get(/** @type {SqlValue} */ (value));
      if (!exists) this.notFound(tableName, argument, value);
    },

    /**
     * JavaScript values → SQLite values for columns of a table.
     * @param {string} tableName
     * @param {Record<string, unknown>} values
     */
    encode(tableName, values) {
      return encodeRow(table(tableName), values);
    },

    /**
     * A row → the JSON object the agent sees.
     * @param {string} tableName
     * @param {unknown} row
     */
    decode(tableName, row) {
      if (!row) throw new Error(`tools.js decoded a missing row of ${tableName}`);
      return decodeRow(table(tableName), /** @type {SqlRow} */ (row));
    },

    /**
     * A page size: `value` if given (a whole number from 1), else `fallback`, never above `max`.
     * @param {unknown} value
     * @param {number} fallback
     * @param {number} max
     * @param {string} [argument]
     */
    limit(value, fallback, max, argument = 'limit') {
      if (value === undefined || value === null) return fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ToolError(argument, `must be a whole number of at least 1, not ${shown(value)}`);
      return Math.min(value, max);
    },

    /**
     * A fresh primary key for a table: never one it holds or ever issued.
     * @param {string} tableName
     */
    nextId(tableName) {
      return nextKey(db, table(tableName));
    },

    /** A member of an object argument (own members only), or undefined. */
    member,

    /** A formula computed on the arguments (formulas.js): (name, inputs, their argument names) → number. */
    compute,

    /** The members a link or unlink names, as [member, value] pairs (relation.js). */
    members,

    /**
     * Where a path goes from `current`: an absolute one replaces it, a relative one is joined to it;
     * `.` stays and `..` goes up (never above the root). No trailing slash, except the root itself.
     * @param {unknown} current
     * @param {unknown} to
     */
    path(current, to) {
      const target = String(to ?? '');
      const base = target.startsWith('/') || typeof current !== 'string' || current === '' ? [] : current.split('/');
      /** @type {string[]} */
      const parts = [];
      for (const part of [...base, ...target.split('/')]) {
        if (part === '' || part === '.') continue;
        if (part === '..') parts.pop();
        else parts.push(part);
      }
      return `/${parts.join('/')}`;
    },

    /**
     * Where a listing starts: from a cursor this server gave out, or from a page number.
     * @param {'cursor' | 'page'} kind
     * @param {unknown} value
     * @param {number} limit
     * @param {string} argument
     */
    startOf(kind, value, limit, argument) {
      return kind === 'cursor' ? cursorOffset(value, argument) : pageOffset(value, limit, argument);
    },

    /** The cursor that continues a listing at an offset. */
    cursorAt,

    /**
     * An ORDER BY clause from the caller's sort names and direction, over known columns only.
     * @param {string} tableName
     * @param {Record<string, string>} columns accepted sort name → column
     * @param {unknown} sort
     * @param {unknown} direction
     * @param {string} sortArgument
     * @param {string} directionArgument
     */
    orderBy(tableName, columns, sort, direction, sortArgument, directionArgument) {
      return orderBy(columns, sort, direction, sortArgument, directionArgument, table(tableName).primaryKey);
    },

    /**
     * A decoded row with only the fields the caller selected (its key always kept).
     * @param {string} tableName
     * @param {Record<string, unknown>} row
     * @param {unknown} fields
     * @param {string} argument
     */
    select(tableName, row, fields, argument) {
      return selectFields(row, fields, argument, table(tableName).primaryKey);
    },
  };
}

/** @typedef {ReturnType<typeof createContext>} ToolContext */

/**
 * After a successful write call: move the clock one tick, inside the same transaction.
 * @param {Database} db
 */
export function finishWrite(db) {
  advanceClock(db);
}
