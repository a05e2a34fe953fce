// OpenAI function tools, from its documentation: function names match `^[a-zA-Z0-9_-]{1,64}$`;
// `parameters` is a JSON Schema object; an array schema without `items` is refused ("array schema
// missing items"). Strict mode (Structured Outputs, "Supported schemas"): the root is an object,
// not `anyOf`; every object sets `additionalProperties: false` and lists every property in
// `required` (an optional one is typed `[T, "null"]`); supported keywords are type, enum, const,
// anyOf, properties, required, additionalProperties, items, description, title, $ref/$defs, plus
// string pattern and format (date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid),
// number multipleOf/minimum/maximum/exclusiveMinimum/exclusiveMaximum and array minItems/maxItems;
// allOf, not, if/then/else and the rest are not. Limits: 5,000 object properties, 10 levels of
// nesting, 1,000 enum values, 120,000 characters of property names and enum values, and a string
// enum of more than 250 values at most 15,000 characters.
import { jsonSchemaProblems, type Node, type ToolDefinition, typesOf, visit } from './tool.js';

/** Function names OpenAI accepts. */
export const OPENAI_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const STRICT_KEYWORDS = new Set([
  'type', 'enum', 'const', 'anyOf', 'properties', 'required', 'additionalProperties', 'items', 'description', 'title', '$ref', '$defs', 'definitions',
  'pattern', 'format', 'multipleOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems',
]);
const STRICT_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

/** Why OpenAI would refuse this tool (empty when it accepts it), in strict mode or not. */
export function openaiProblems(tool: ToolDefinition, options: { strict: boolean }): string[] {
  const out: string[] = [];
  if (!OPENAI_NAME.test(tool.name)) out.push(`name ${JSON.stringify(tool.name)} does not match ${OPENAI_NAME}`);
  const root = tool.inputSchema;
  if (root.type !== 'object') out.push('(root): parameters must be an object schema');
  if (options.strict && root.anyOf !== undefined) out.push('(root): strict mode does not allow anyOf at the root');
  let properties = 0;
  let enumValues = 0;
  let text = 0;
  visit(root, (v) => {
    out.push(...jsonSchemaProblems(v));
    const types = typesOf(v.node);
    if (types.includes('array') && v.node.items === undefined) out.push(`${v.path}: array schema missing items`);
    if (v.key !== undefined) text += v.key.length;
    if (!options.strict) return;
    for (const keyword of Object.keys(v.node)) if (!STRICT_KEYWORDS.has(keyword)) out.push(`${v.path}: '${keyword}' is not supported in strict mode`);
    if (types.length === 0 && v.node.enum === undefined && v.node.anyOf === undefined && v.node.$ref === undefined && v.node.const === undefined) out.push(`${v.path}: strict mode needs a type`);
    if (typeof v.node.format === 'string' && !STRICT_FORMATS.has(v.node.format)) out.push(`${v.path}: format '${v.node.format}' is not supported in strict mode`);
    if (types.includes('object')) strictObject(v.node, v.path, out);
    if (v.depth > 10) out.push(`${v.path}: more than 10 levels of nested objects`);
    if (v.node.properties && typeof v.node.properties === 'object') properties += Object.keys(v.node.properties).length;
    if (Array.isArray(v.node.enum)) {
      enumValues += v.node.enum.length;
      const strings = v.node.enum.filter((e): e is string => typeof e === 'string');
      const length = strings.reduce((n, s) => n + s.length, 0);
      text += length;
      if (v.node.enum.length > 250 && length > 15_000) out.push(`${v.path}: an enum of more than 250 values may hold 15,000 characters, not ${length}`);
    }
  });
  if (options.strict) {
    if (properties > 5000) out.push(`(root): ${properties} object properties, more than 5,000`);
    if (enumValues > 1000) out.push(`(root): ${enumValues} enum values, more than 1,000`);
    if (text > 120_000) out.push(`(root): ${text} characters of property names and enum values, more than 120,000`);
  }
  return out;
}

/** Strict objects are closed and require every property. */
function strictObject(node: Node, path: string, out: string[]): void {
  if (node.additionalProperties !== false) out.push(`${path}: strict mode needs additionalProperties: false`);
  const keys = node.properties && typeof node.properties === 'object' ? Object.keys(node.properties) : [];
  const required = new Set(Array.isArray(node.required) ? node.required : []);
  for (const key of keys) if (!required.has(key)) out.push(`${path}: strict mode needs '${key}' in required`);
}
