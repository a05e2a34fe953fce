// @ts-check
// A tool's input schema as every model API accepts it, and the way back. The contract (domain.json)
// keeps the catalog's schema; what tools/list sends is this transform of it:
//   - no `$schema`, no `const` (one-value enums stay enums), no bounds that only restate the
//     integer type (int32, int64, safe-integer limits), no `example`;
//   - every key a valid parameter name for Gemini, Anthropic and OpenAI (`^[A-Za-z_][A-Za-z0-9_]{0,63}$`):
//     `@odata.type` → `odata_type`, `$top` → `top`, mapped back on each call;
//   - objects without properties (maps, or a schema cut short at ingest) and values of any type are
//     JSON text (`"{\"key\": 1}"`), since Gemini refuses property-less objects and OpenAI strict
//     mode cannot express them; a call may still pass the object itself;
//   - enums of strings only (Gemini refuses others; other values are named in the description);
//     formats other than date-time, and patterns a JavaScript regex cannot read, go to the description.
// `strict` gives OpenAI strict-mode schemas instead: every object closed (`additionalProperties:
// false`), every property required, an optional one typed `[T, "null"]`; null then means "not given".
import { ToolError } from './context.js';

/** @typedef {import('./types.js').Schema} Schema */
/** @typedef {{ json: Record<string, unknown>, read: Reader }} Wire */
/** @typedef {(value: unknown, path: string) => unknown} Reader */

/**
 * @typedef {object} WireOptions
 * @property {boolean} strict OpenAI strict-mode schemas
 * @property {number} describeMax longest description kept below the top level (characters)
 * @property {number} [topDescribeMax] longest description kept on the tool's own arguments (default: all of it)
 * @property {boolean} [patterns] list catalog patterns (default true; a format says enough on its own)
 * @property {number} collapseDepth objects nested deeper than this become JSON text
 */

/** Parameter names every model API accepts (Gemini's rule is the narrowest). */
export const WIRE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

// Object.prototype members: zod reads each declared key of an object, so an absent `constructor`
// would be the prototype's function. A fixed list keeps output independent of the Node version.
const PROTOTYPE = new Set(['constructor', '__defineGetter__', '__defineSetter__', 'hasOwnProperty', '__lookupGetter__', '__lookupSetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', '__proto__', 'toLocaleString']);

// Bounds that say no more than the integer type: int32, uint32, int64, uint64 and JavaScript's safe range.
const TYPE_LIMITS = new Set([-2147483648, 2147483647, 4294967295, -9007199254740991, 9007199254740991, -(2 ** 63), 2 ** 63, 2 ** 64]);

// Formats OpenAI strict mode accepts; Gemini's Developer API accepts only date-time (and enum).
const STRICT_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

/**
 * A wire key for each contract key of one object, unique in it: valid ones kept, others spelled
 * with their words (`@odata.type` → `odata_type`), numbered when two meet.
 * @param {string[]} keys
 * @returns {Map<string, string>} contract key → wire key
 */
export function wireKeys(keys) {
  const out = new Map();
  const taken = new Set(keys.filter((k) => WIRE_KEY.test(k) && !PROTOTYPE.has(k)));
  for (const key of keys) {
    if (taken.has(key) && !out.has(key)) {
      out.set(key, key);
      continue;
    }
    let base = key.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 56) || 'field';
    if (/^[0-9]/.test(base) || PROTOTYPE.has(base)) base = `field_${base}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    out.set(key, name);
  }
  return out;
}

/**
 * @param {string | undefined} description
 * @param {string[]} notes
 * @param {number} max
 */
function describe(description, notes, max) {
  const text = [description?.trim(), ...notes].filter(Boolean).join(' ');
  if (!text || max <= 1) return undefined;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * @param {Record<string, unknown>} json
 * @param {boolean} nullable
 */
function orNull(json, nullable) {
  if (!nullable) return json;
  /** @type {Record<string, unknown>} */
  const out = { ...json, type: [json.type, 'null'] };
  if (Array.isArray(json.enum)) out.enum = [...json.enum, null];
  return out;
}

/** @type {Reader} */
const same = (value) => value;

/**
 * A value that travels as JSON text: parsed back on the way in; a call that passes the value itself
 * (an object where the schema says text) is taken as it is.
 * @param {'object' | 'array' | 'any'} kind
 * @returns {Reader}
 */
function jsonText(kind) {
  return (value, path) => {
    if (typeof value !== 'string') return value;
    let parsed;
    try {
      parsed = JSON.parse(value);
    } catch {
      if (kind === 'any') return value;
      throw new ToolError(path, `must be a JSON ${kind} written as text, like ${kind === 'array' ? '["a", "b"]' : '{"key": "value"}'}`);
    }
    const fits = kind === 'any' || (kind === 'array' ? Array.isArray(parsed) : parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed));
    if (!fits) throw new ToolError(path, `must be a JSON ${kind} written as text, not ${JSON.stringify(value).slice(0, 40)}`);
    return parsed;
  };
}

/**
 * The wire schema of one contract node and the reader of its values.
 * @param {Schema} schema
 * @param {WireOptions} options
 * @param {number} depth 0 for the tool's own arguments
 * @returns {Wire}
 */
export function wireSchema(schema, options, depth) {
  const max = depth === 0 ? Infinity : depth === 1 ? (options.topDescribeMax ?? Infinity) : options.describeMax;
  /** @type {string[]} */
  const notes = [];
  const done = (/** @type {Record<string, unknown>} */ json, /** @type {Reader} */ read) => {
    const description = describe(schema.description, notes, max);
    return { json: description ? { ...json, description } : json, read };
  };
  const text = (/** @type {'object' | 'array' | 'any'} */ kind, /** @type {string} */ note) => {
    notes.push(note);
    return done({ type: 'string' }, jsonText(kind));
  };
  if (schema.enum) {
    const values = schema.enum;
    const type = schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean' ? schema.type : 'string';
    if (values.length > 0 && values.every((v) => typeof v === 'string') && type === 'string') return done({ type, enum: values }, same);
    if (options.strict && values.length > 0 && values.every((v) => (type === 'boolean' ? typeof v === 'boolean' : typeof v === 'number'))) return done({ type, enum: values }, same);
    notes.push(`One of: ${values.map((v) => JSON.stringify(v)).join(', ')}.`);
    if (!['string', 'integer', 'number', 'boolean'].includes(schema.type ?? '')) return text('any', 'Written as JSON text.');
  }
  switch (schema.type) {
    case 'string': {
      /** @type {Record<string, unknown>} */
      const json = { type: 'string' };
      if (!options.strict && schema.minLength !== undefined) json.minLength = schema.minLength;
      if (!options.strict && schema.maxLength !== undefined) json.maxLength = schema.maxLength;
      if (schema.format) {
        if (schema.format === 'date-time' || (options.strict && STRICT_FORMATS.has(schema.format))) json.format = schema.format;
        else notes.push(`Format: ${schema.format}.`);
      }
      const pattern = schema.pattern && options.patterns !== false && !json.format ? schema.pattern : undefined;
      if (pattern && !options.strict && readable(pattern)) json.pattern = pattern;
      else if (pattern && pattern.length <= 120) notes.push(`Pattern: ${pattern}`);
      if (!options.strict && typeof schema.default === 'string') json.default = schema.default;
      return done(json, same);
    }
    case 'integer':
    case 'number': {
      /** @type {Record<string, unknown>} */
      const json = { type: schema.type };
      if (schema.minimum !== undefined && !TYPE_LIMITS.has(schema.minimum)) json.minimum = schema.minimum;
      if (schema.maximum !== undefined && !TYPE_LIMITS.has(schema.maximum)) json.maximum = schema.maximum;
      if (!options.strict && typeof schema.default === 'number') json.default = schema.default;
      return done(json, same);
    }
    case 'boolean':
      return done({ type: 'boolean', ...(!options.strict && typeof schema.default === 'boolean' ? { default: schema.default } : {}) }, same);
    case 'null':
      return done({ type: 'null' }, same);
    case 'array': {
      if (!schema.items || depth >= options.collapseDepth) return text('array', 'A JSON array, written as text.');
      const items = wireSchema(schema.items, options, depth + 1);
      return done({ type: 'array', items: items.json }, (value, path) => (Array.isArray(value) ? value.map((v, i) => items.read(v, `${path}.${i}`)) : value));
    }
    case 'object': {
      const keys = Object.keys(schema.properties ?? {});
      // A tool without arguments still takes an object; only nested property-less objects are text.
      if (keys.length === 0 && depth === 0) return done({ type: 'object', properties: {}, ...(options.strict ? { required: [], additionalProperties: false } : {}) }, same);
      if (keys.length === 0 || (depth > 0 && depth >= options.collapseDepth)) return text('object', 'A JSON object, written as text.');
      return objectWire(/** @type {Schema & { properties: Record<string, Schema> }} */ (schema), options, depth, done);
    }
    default:
      return text('any', 'Any JSON value, written as text.');
  }
}

/**
 * @param {Schema & { properties: Record<string, Schema> }} schema
 * @param {WireOptions} options
 * @param {number} depth
 * @param {(json: Record<string, unknown>, read: Reader) => Wire} done
 * @returns {Wire}
 */
function objectWire(schema, options, depth, done) {
  const keys = Object.keys(schema.properties);
  const names = wireKeys(keys);
  const required = new Set(schema.required ?? []);
  /** @type {Record<string, unknown>} */
  const properties = {};
  /** @type {Map<string, { key: string, read: Reader, optional: boolean }>} */
  const back = new Map();
  for (const key of keys) {
    const child = wireSchema(/** @type {Schema} */ (schema.properties[key]), options, depth + 1);
    const wire = /** @type {string} */ (names.get(key));
    properties[wire] = options.strict ? orNull(child.json, !required.has(key)) : child.json;
    back.set(wire, { key, read: child.read, optional: !required.has(key) });
  }
  /** @type {Record<string, unknown>} */
  const json = { type: 'object', properties };
  const wanted = keys.filter((k) => options.strict || required.has(k)).map((k) => names.get(k));
  if (wanted.length > 0) json.required = wanted;
  if (options.strict) json.additionalProperties = false;
  return done(json, (value, path) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    // A null prototype: a catalog key like `constructor` must not meet Object.prototype's.
    /** @type {Record<string, unknown>} */
    const out = Object.create(null);
    for (const [wire, given] of Object.entries(value)) {
      const entry = back.get(wire);
      // Unknown keys pass through: the contract's schema refuses them with their name.
      if (!entry) out[wire] = given;
      else if (given === null && entry.optional) continue;
      else out[entry.key] = entry.read(given, path ? `${path}.${wire}` : wire);
    }
    return out;
  });
}

/**
 * Whether a catalog pattern is a regular expression JavaScript (and so JSON Schema's ECMA-262
 * dialect) reads; patterns from other dialects (`(?i)`, `\Z`) are named in words instead.
 * @param {string} pattern
 */
function readable(pattern) {
  try {
    new RegExp(pattern, 'u');
    return !/\(\?[imsx]/.test(pattern);
  } catch {
    return false;
  }
}
