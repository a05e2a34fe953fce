// @ts-check
// What list tools do with their knobs: read a member of an object argument, turn a cursor or page
// number into an offset and back, build an ORDER BY from the caller's sort names, and keep only the
// fields a caller selected. Pure functions; tools.js reaches them through ctx (context.js).
import { ToolError } from './errors.js';

/**
 * A member of an object argument, or undefined: only the object's own members count, so a member
 * named like an Object.prototype property (`constructor`) is never read from the prototype.
 * @param {unknown} object
 * @param {string} name
 */
export function member(object, name) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return undefined;
  return Object.hasOwn(object, name) ? /** @type {Record<string, unknown>} */ (object)[name] : undefined;
}

const CURSOR_PREFIX = 'offset:';

/**
 * The cursor that continues a listing at `offset`: opaque to the agent, stable for a given state.
 * @param {number} offset
 */
export function cursorAt(offset) {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

/**
 * The offset a cursor stands for (0 without one).
 * @param {unknown} cursor
 * @param {string} argument
 */
export function cursorOffset(cursor, argument) {
  if (cursor === undefined || cursor === null || cursor === '') return 0;
  const text = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isInteger(offset) || offset < 0) throw new ToolError(argument, `${JSON.stringify(cursor)} is not a cursor this server gave out; pass the next_cursor of an earlier page, or leave it out for the first page`);
  return offset;
}

/**
 * The offset of page `page` (1-based) of `limit` rows.
 * @param {unknown} page
 * @param {number} limit
 * @param {string} argument
 */
export function pageOffset(page, limit, argument) {
  if (page === undefined || page === null) return 0;
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) throw new ToolError(argument, `must be a page number of at least 1, not ${JSON.stringify(page)}`);
  return (page - 1) * limit;
}

/** @param {string} name */
const normalized = (name) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Whether a direction value means descending.
 * @param {unknown} value
 * @param {string} argument
 */
function descending(value, argument) {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return /desc/i.test(argument) ? value : !value;
  const text = String(value).trim().toLowerCase();
  if (/^(desc|descending|d|-|newest|down)$/.test(text)) return true;
  if (/^(asc|ascending|a|\+|oldest|up)$/.test(text)) return false;
  throw new ToolError(argument, `must be asc or desc, not ${JSON.stringify(value)}`);
}

/**
 * An ORDER BY clause (without the keywords) from the caller's sort names and direction: every name is
 * looked up in `columns` (accepted name → column), so only known columns ever reach SQL. Several
 * comma-separated names sort by each in turn; a name may carry ` desc`/` asc` or a leading `-`. The key
 * always ends the order, so equal values come out in one stable order.
 * @param {Record<string, string>} columns
 * @param {unknown} sort the sort argument's value (a name, a list of names, or undefined)
 * @param {unknown} direction the direction argument's value
 * @param {string} sortArgument
 * @param {string} directionArgument
 * @param {string} key the primary key column
 */
export function orderBy(columns, sort, direction, sortArgument, directionArgument, key) {
  const down = descending(direction, directionArgument);
  const byName = new Map(Object.entries(columns).flatMap(([name, column]) => [[name, column], [normalized(name), column]]));
  /** @type {string[]} */
  const terms = [];
  const names = sort === undefined || sort === null || sort === '' ? [] : Array.isArray(sort) ? sort.map(String) : String(sort).split(',');
  for (const raw of names) {
    const m = /^\s*([-+]?)\s*(.*?)\s*(?:\s(asc|desc|ascending|descending))?\s*$/i.exec(raw);
    const name = m?.[2] ?? '';
    if (name === '') continue;
    const column = byName.get(name) ?? byName.get(normalized(name));
    if (!column) throw new ToolError(sortArgument, `cannot sort by ${JSON.stringify(name)}; sort by one of ${Object.keys(columns).slice(0, 20).join(', ')}`);
    // A modifier on the name wins over the direction argument.
    const modifier = m?.[1] === '-' || /^desc/i.test(m?.[3] ?? '') ? true : m?.[1] === '+' || /^asc/i.test(m?.[3] ?? '') ? false : undefined;
    const desc = modifier ?? down;
    terms.push(`"${column}" ${desc ? 'DESC' : 'ASC'}`);
  }
  if (!terms.some((t) => t.startsWith(`"${key}" `))) terms.push(`"${key}" ${down && terms.length === 0 ? 'DESC' : 'ASC'}`);
  return terms.join(', ');
}

/**
 * A row with only the fields a caller selected (`"name,email"`, `["name"]`, Google's `items(id,name)`):
 * names are matched to the row's fields whatever their case or separators; the key always stays.
 * Names that are no field are ignored when another one is; none at all is an error.
 * @param {Record<string, unknown>} row
 * @param {unknown} fields
 * @param {string} argument
 * @param {string} key
 */
export function selectFields(row, fields, argument, key) {
  if (fields === undefined || fields === null || fields === '' || (Array.isArray(fields) && fields.length === 0)) return row;
  const names = (Array.isArray(fields) ? fields.map(String) : String(fields).match(/[A-Za-z_][A-Za-z0-9_.-]*/g) ?? []).map((n) => normalized(n.split('.').pop() ?? n));
  if (names.includes('*') || names.includes('all')) return row;
  const byField = new Map(Object.keys(row).map((name) => [normalized(name), name]));
  const kept = names.map((n) => byField.get(n)).filter((n) => n !== undefined);
  if (kept.length === 0) throw new ToolError(argument, `names no field of the result; fields are ${Object.keys(row).join(', ')}`);
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const name of [key, ...kept]) if (Object.hasOwn(row, name)) out[name] = row[name];
  return out;
}
