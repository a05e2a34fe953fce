// Gemini function declarations (Developer API), from its documentation: a name starts with a
// letter or underscore and holds letters, digits, `_`, `.`, `:` and `-`, at most 64; `parameters`
// is a Schema, "a select subset of an OpenAPI 3.0 schema object" with the fields type, format,
// title, description, nullable, enum, maxItems, minItems, properties, required, minProperties,
// maxProperties, minLength, maxLength, pattern, example, anyOf, propertyOrdering, default, items,
// minimum and maximum; any other field is an unknown name ($schema, additionalProperties, const,
// oneOf, propertyNames, $ref…). `type` is one type, not a list; `enum` holds strings, for STRING;
// `format` is only 'enum' or 'date-time' on the Developer API; parameter names start with a letter
// or underscore and hold letters, digits and underscores, at most 64. Its API also refuses an OBJECT
// whose `properties` is empty ("should be non-empty for OBJECT type"), except the root of a
// function without parameters (clients leave `parameters` unset then), and `properties` on
// anything but OBJECT.
import { type ToolDefinition, typesOf, visit } from './tool.js';

/** Function names Gemini accepts. */
export const GEMINI_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;

/** Parameter names Gemini accepts. */
export const GEMINI_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const FIELDS = new Set(['type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required', 'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering', 'default', 'items', 'minimum', 'maximum']);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

/** Why Gemini would refuse this function declaration (empty when it accepts it). */
export function geminiProblems(tool: ToolDefinition): string[] {
  const out: string[] = [];
  if (!GEMINI_NAME.test(tool.name)) out.push(`name ${JSON.stringify(tool.name)} does not match ${GEMINI_NAME}`);
  visit(tool.inputSchema, (v) => {
    const { node, path } = v;
    for (const field of Object.keys(node)) if (!FIELDS.has(field)) out.push(`${path}: unknown name '${field}'`);
    if (v.key !== undefined && !GEMINI_KEY.test(v.key)) out.push(`${path}: parameter name ${JSON.stringify(v.key)} does not match ${GEMINI_KEY}`);
    const types = typesOf(node);
    if (Array.isArray(node.type)) out.push(`${path}: type must be one type, not a list`);
    else if (types.length === 1 && !TYPES.has(String(node.type).toLowerCase())) out.push(`${path}: invalid type ${JSON.stringify(node.type)}`);
    const type = typeof node.type === 'string' ? node.type.toLowerCase() : undefined;
    if (node.enum !== undefined) {
      if (!Array.isArray(node.enum) || !node.enum.every((e) => typeof e === 'string')) out.push(`${path}: enum values must be strings`);
      if (type !== 'string') out.push(`${path}: enum is only allowed for STRING type`);
    }
    if (node.format !== undefined && node.format !== 'enum' && node.format !== 'date-time') out.push(`${path}: format '${String(node.format)}' is not supported (only enum and date-time)`);
    if (node.properties !== undefined && type !== 'object') out.push(`${path}: properties only allowed for OBJECT type`);
    if (type === 'object') {
      const keys = node.properties && typeof node.properties === 'object' ? Object.keys(node.properties) : [];
      if (keys.length === 0 && !v.root) out.push(`${path}.properties: should be non-empty for OBJECT type`);
      if (Array.isArray(node.required)) for (const r of node.required) if (!keys.includes(String(r))) out.push(`${path}.required: property ${JSON.stringify(r)} is not defined`);
    }
    if (type === 'array' && node.items === undefined) out.push(`${path}.items: missing field`);
  });
  return out;
}
