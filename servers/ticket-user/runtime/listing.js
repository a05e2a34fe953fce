// @ts-check
// What tools/list answers for a domain, computed once per domain and schema mode and shared by
// every server, session and call: the tools with their portable (or OpenAI-strict) input schemas,
// and the readers that turn a call's arguments back into the contract's shape. A domain whose
// tools would cost a model more than TOKEN_BUDGET tokens to read is listed with shorter nested
// descriptions, then with deep objects as JSON text, until it fits.
import { wireSchema } from './portable.js';

/** @typedef {import('./types.js').DomainContract} DomainContract */
/** @typedef {import('./portable.js').Reader} Reader */
/** @typedef {import('./portable.js').WireOptions} WireOptions */

/**
 * @typedef {object} ListedTool what tools/list sends for one tool
 * @property {string} name
 * @property {string} title
 * @property {string} description
 * @property {Record<string, unknown>} inputSchema
 * @property {Record<string, unknown>} [outputSchema]
 * @property {object} annotations
 */

/**
 * @typedef {object} Listing
 * @property {ListedTool[]} tools in contract order
 * @property {Map<string, Reader>} readers by tool name: a call's arguments → the contract's shape
 * @property {number} tokens what the tools cost a model to read (characters / 4)
 */

/** Most tokens (characters / 4 of name, description and input schema) a domain's tools may take. */
export const TOKEN_BUDGET = 30_000;

// Tighter and tighter listings, tried in order until the domain fits the budget: descriptions
// cut (tool, argument, nested), then deep objects written as JSON text.
/** @type {{ tool: number, top: number, nested: number, collapseDepth: number }[]} */
const LEVELS = [
  { tool: 1024, top: Infinity, nested: 1024, collapseDepth: 12 },
  { tool: 1024, top: 1024, nested: 200, collapseDepth: 12 },
  { tool: 300, top: 300, nested: 80, collapseDepth: 4 },
  { tool: 300, top: 200, nested: 0, collapseDepth: 3 },
  { tool: 200, top: 120, nested: 0, collapseDepth: 2 },
  { tool: 120, top: 80, nested: 0, collapseDepth: 1 },
  { tool: 80, top: 0, nested: 0, collapseDepth: 1 },
  { tool: 40, top: 0, nested: 0, collapseDepth: 1 },
];

// OpenAI strict mode allows 10 levels of nested objects.
const STRICT_DEPTH = 9;

/**
 * The tokens a model spends reading a tool: its name, description and input schema, characters / 4.
 * @param {{ name: string, description?: string, inputSchema: unknown }} tool
 */
export function toolTokens(tool) {
  return Math.ceil((tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.inputSchema).length) / 4);
}

/**
 * @param {DomainContract} contract
 * @param {WireOptions} options
 * @param {number} toolDescriptionMax
 */
function build(contract, options, toolDescriptionMax) {
  /** @type {ListedTool[]} */
  const tools = [];
  /** @type {Map<string, Reader>} */
  const readers = new Map();
  let tokens = 0;
  for (const tool of contract.tools) {
    const wire = wireSchema(tool.input, options, 0);
    const description = tool.description.length > toolDescriptionMax ? `${tool.description.slice(0, toolDescriptionMax - 1).trimEnd()}…` : tool.description;
    const listed = { name: tool.name, title: tool.title, description, inputSchema: wire.json, outputSchema: outputJson(tool.output), annotations: tool.annotations };
    tokens += toolTokens(listed);
    tools.push(listed);
    readers.set(tool.name, (args) => wire.read(args ?? {}, ''));
  }
  return { tools, readers, tokens };
}

/**
 * The listing of a domain: the first level of detail that fits TOKEN_BUDGET (the last one if none does).
 * @param {DomainContract} contract
 * @param {{ strict?: boolean }} [options]
 * @returns {Listing}
 */
export function listTools(contract, options = {}) {
  const strict = options.strict ?? false;
  /** @type {Listing | undefined} */
  let listing;
  for (const level of LEVELS) {
    const collapseDepth = strict ? Math.min(level.collapseDepth, STRICT_DEPTH) : level.collapseDepth;
    listing = build(contract, { strict, describeMax: level.nested, topDescribeMax: level.top, collapseDepth, patterns: level.top > 120 }, level.tool);
    if (listing.tokens <= TOKEN_BUDGET) break;
  }
  return /** @type {Listing} */ (listing);
}

/**
 * The JSON Schema of a tool's structuredContent, what MCP clients check results against. It says
 * what the runtime's output check (zod.js) accepts: members optional, nested values nullable,
 * extra members allowed. Written directly from the contract: zod's converter costs far more.
 * @param {import('./types.js').Schema} schema
 * @param {boolean} top
 * @returns {Record<string, unknown>}
 */
export function outputJson(schema, top = true) {
  /** @type {Record<string, unknown>} */
  let json;
  switch (schema.type) {
    case 'object': {
      const members = Object.entries(schema.properties ?? {});
      json = { type: 'object', properties: Object.fromEntries(members.map(([name, member]) => [name, outputJson(member, false)])) };
      if (members.length === 0 && schema.additionalProperties) json.additionalProperties = outputJson(schema.additionalProperties, false);
      break;
    }
    case 'array':
      json = { type: 'array', ...(schema.items ? { items: outputJson(schema.items, false) } : {}) };
      break;
    case undefined:
      return schema.description ? { description: schema.description } : {};
    default:
      json = { type: schema.type };
  }
  // Nullable as two branches of one type each: a single-type dialect reads it (the Inspector flags type lists).
  if (!top && json.type !== 'null') json = { anyOf: [json, { type: 'null' }] };
  return schema.description ? { ...json, description: schema.description } : json;
}
