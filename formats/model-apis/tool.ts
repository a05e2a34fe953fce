// What a model API is given for one tool, and a walk over a JSON Schema that the rule sets of
// openai.ts, anthropic.ts and gemini.ts share. Each rule set is written from its provider's
// documentation (cited in its file); none calls a network.

/** A tool as a model API receives it: an MCP tool's name, description and input schema. */
export interface ToolDefinition {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** A JSON Schema node as found in a tool definition (nothing about it is trusted). */
export type Node = Record<string, unknown>;

/** One node of a schema and where it is: `properties.body.properties.odata_type`. */
export interface Visit {
  node: Node;
  path: string;
  /** Object nesting: 0 for the root object, 1 for an object property of it, … */
  depth: number;
  /** The key this node has in its parent's `properties`, if it is a property. */
  key?: string;
  /** Whether this node is the root schema. */
  root: boolean;
}

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every schema node below and including `schema`, depth first. */
export function visit(schema: Node, each: (v: Visit) => void, path = '', depth = 0, key?: string): void {
  each({ node: schema, path: path || '(root)', depth, root: path === '', ...(key !== undefined ? { key } : {}) });
  const deeper = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object')) ? depth + 1 : depth;
  const at = (suffix: string) => (path ? `${path}.${suffix}` : suffix);
  if (isNode(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) if (isNode(v)) visit(v, each, at(`properties.${k}`), deeper, k);
  if (isNode(schema.items)) visit(schema.items, each, at('items'), deeper);
  if (isNode(schema.additionalProperties)) visit(schema.additionalProperties, each, at('additionalProperties'), deeper);
  for (const word of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[word];
    if (Array.isArray(list)) list.forEach((v, i) => isNode(v) && visit(v, each, at(`${word}.${i}`), depth));
  }
}

/** The JSON Schema type names. */
export const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** The types of a node: `type` as a list (empty when absent). */
export function typesOf(node: Node): unknown[] {
  return Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
}

/** Problems every JSON Schema validator would report: unknown types, `required` not a list of names. */
export function jsonSchemaProblems(v: Visit): string[] {
  const out: string[] = [];
  for (const t of typesOf(v.node)) if (typeof t !== 'string' || !JSON_TYPES.has(t)) out.push(`${v.path}: type ${JSON.stringify(t)} is not a JSON Schema type`);
  if (v.node.required !== undefined && !(Array.isArray(v.node.required) && v.node.required.every((r) => typeof r === 'string'))) out.push(`${v.path}: required must be a list of property names`);
  if (v.node.properties !== undefined && !isNode(v.node.properties)) out.push(`${v.path}: properties must be an object`);
  if (v.node.enum !== undefined && !Array.isArray(v.node.enum)) out.push(`${v.path}: enum must be a list`);
  return out;
}
