// @ts-check
// The JSON Schema subset of domain.json (see formats/toolspec.ts: one `type` per node, no $refs)
// → zod schemas, which the MCP SDK validates arguments with and lists as the tools' JSON Schemas.
// Inputs are strict at the top level: a misspelled argument is an error the agent can fix, not a
// value silently dropped. Outputs are lenient (every field optional, extra fields kept).
import { z } from 'zod';

// zod compiles a fast path per object schema on first use; a tool's schemas see a handful of calls
// in most runs (a task sampled, an episode played), so compiling costs more than it saves.
z.config({ jitless: true });

/** @typedef {import('./types.js').Schema} Schema */

/**
 * A zod schema for the enum values of a node.
 * @param {unknown[]} values
 * @returns {z.ZodType}
 */
function enumOf(values) {
  if (values.length > 0 && values.every((v) => typeof v === 'string')) return z.enum(/** @type {[string, ...string[]]} */ (values));
  const literals = values.filter((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)).map((v) => z.literal(/** @type {string | number | boolean | null} */ (v)));
  if (literals.length === 0) return z.any();
  if (literals.length === 1) return /** @type {z.ZodType} */ (literals[0]);
  return z.union(/** @type {[z.ZodType, z.ZodType, ...z.ZodType[]]} */ (/** @type {unknown} */ (literals)));
}

/**
 * @param {Schema} schema
 * @param {'input' | 'output'} side
 * @returns {z.ZodType}
 */
function typeOf(schema, side) {
  if (schema.enum && side === 'input') return enumOf(schema.enum);
  switch (schema.type) {
    case 'string': {
      let s = z.string();
      if (side === 'input' && schema.minLength !== undefined) s = s.min(schema.minLength);
      if (side === 'input' && schema.maxLength !== undefined) s = s.max(schema.maxLength);
      return s;
    }
    case 'integer':
    case 'number': {
      let n = schema.type === 'integer' ? z.number().int() : z.number();
      if (side === 'input' && schema.minimum !== undefined) n = n.min(schema.minimum);
      if (side === 'input' && schema.maximum !== undefined) n = n.max(schema.maximum);
      return n;
    }
    case 'boolean':
      return z.boolean();
    case 'null':
      return z.null();
    case 'array':
      return z.array(schema.items ? fieldOf(schema.items, side, true) : z.any());
    case 'object':
      return objectOf(schema, side, false);
    default:
      return z.any();
  }
}

/**
 * A member of an object or array: described, and on the output side nullable.
 * @param {Schema} schema
 * @param {'input' | 'output'} side
 * @param {boolean} required
 * @returns {z.ZodType}
 */
function fieldOf(schema, side, required) {
  let field = typeOf(schema, side);
  if (side === 'output') field = field.nullable();
  if (!required) field = field.optional();
  return schema.description ? field.describe(schema.description) : field;
}

/**
 * @param {Schema} schema
 * @param {'input' | 'output'} side
 * @param {boolean} top whether this is the tool's whole input or output
 * @returns {z.ZodObject | z.ZodType}
 */
function objectOf(schema, side, top) {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length === 0 && schema.additionalProperties) return z.record(z.string(), fieldOf(schema.additionalProperties, side, true));
  const required = new Set(side === 'input' ? (schema.required ?? []) : []);
  /** @type {Record<string, z.ZodType>} */
  const shape = {};
  for (const name of names) shape[name] = fieldOf(/** @type {Schema} */ (properties[name]), side, required.has(name));
  return top && side === 'input' ? z.strictObject(shape) : z.looseObject(shape);
}

/**
 * The zod schema of a tool's arguments.
 * @param {Schema} schema
 */
export function inputSchema(schema) {
  return /** @type {z.ZodObject} */ (objectOf(schema, 'input', true));
}

/**
 * The zod schema of a tool's structuredContent.
 * @param {Schema} schema
 */
export function outputSchema(schema) {
  return /** @type {z.ZodObject} */ (objectOf(schema, 'output', true));
}

/**
 * Zod issues as one message per issue, `<message> at <path>`: the form the MCP SDK uses for
 * arguments it rejects, so every refusal reads the same whichever layer refused.
 * @param {z.ZodError} error
 */
export function issuesMessage(error) {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.message} at ${issue.path.join('.')}` : issue.message)).join('\n');
}
