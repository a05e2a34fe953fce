// What the graph stage needs to know about a tool, read from its ToolSpec: the words of its
// parameters, the fields it returns, and the entity it acts on.
import { computes, operationWord, verbOf } from '../ingest/classify.js';
import { tokens } from '../naming.js';
import type { Schema, SchemaType, ToolOp, ToolSpec } from '../../formats/toolspec.js';

/** One named field of a tool's input or output, in canonical form. */
export interface Field {
  /** Canonical name: tokens joined by `_` (`userId`, `user_id`, `UserID` → `user_id`). */
  key: string;
  /** JSON type, when the catalog gave one. */
  type?: SchemaType;
}

/** The slice of a ToolSpec the graph works on. */
export interface ToolFeatures {
  /** ToolSpec id. */
  id: string;
  provider: string;
  op: ToolOp;
  /** Tokens of the tool name, for slugs. */
  nameTokens: string[];
  /** The word of the name that names the operation (`get`, or BFCL's `cat`), left out of slugs. */
  verb?: string;
  /** Input parameters. */
  inputs: Field[];
  /** Output fields: top level, and inside a returned list or a `data`-style wrapper. */
  outputs: Field[];
  /** Candidate names of the entity the tool acts on, most specific first (`credit_card`, `card`). */
  entities: string[];
}

// 100k tools name the same few thousand fields over and over.
const keys = new Map<string, string>();

/** Canonical field name. */
export function fieldKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = tokens(name).join('_');
    keys.set(name, key);
  }
  return key;
}

function fieldsOf(properties: Record<string, Schema> | undefined): Field[] {
  if (!properties) return [];
  const out: Field[] = [];
  for (const [name, schema] of Object.entries(properties)) {
    const key = fieldKey(name);
    if (key === '') continue;
    out.push(schema.type ? { key, type: schema.type } : { key });
  }
  return out;
}

/**
 * Output fields a caller can use: the top level of an object result, the members of a returned
 * list's items, and those of a single wrapped list or object (`{data: [...]}`, `{ticket: {...}}`).
 */
export function outputFields(output: Schema | null): Field[] {
  if (!output) return [];
  if (output.type === 'array') return fieldsOf(output.items?.properties);
  const top = fieldsOf(output.properties);
  const nested: Field[] = [];
  for (const child of Object.values(output.properties ?? {})) {
    const inner = child.type === 'array' ? child.items : child;
    if (inner?.type === 'object' && inner.properties) nested.push(...fieldsOf(inner.properties));
  }
  return [...top, ...nested];
}

// Words in names and paths that never name an entity.
const NOT_ENTITY = new Set(['by', 'for', 'of', 'the', 'a', 'an', 'and', 'or', 'to', 'from', 'in', 'on', 'with', 'all', 'api', 'v1', 'v2', 'v3', 'v4', 'id', 'info', 'detail', 'list', 'current', 'my', 'me', 'new', 'json', 'xml']);

/** Contiguous runs of up to 3 words, longest first: `credit card` → credit_card, credit, card. */
function runs(words: string[]): string[] {
  const out: string[] = [];
  for (let length = Math.min(3, words.length); length >= 1; length--) {
    for (let start = words.length - length; start >= 0; start--) out.push(words.slice(start, start + length).join('_'));
  }
  return out;
}

/**
 * Entity candidates: from the path's last resource segment (`/customers/{id}` → customer), else
 * from the name without its verb (`register_credit_card` → credit_card, card, credit).
 */
export function entitiesOf(tool: ToolSpec): string[] {
  // A computation on the numbers it is given (`mean`, `absolute_value`) acts on no entity.
  if (computes(tool)) return [];
  const path = tool.source.path;
  if (path) {
    const segments = path.split('/').filter((s) => s && !s.includes('{') && !s.startsWith('#'));
    const last = segments[segments.length - 1];
    if (last) {
      const words = tokens(last.replace(/^.*[.:]/, '')).filter((w) => !NOT_ENTITY.has(w) && !verbOf(w));
      if (words.length > 0) return runs(words);
    }
  }
  const verb = operationWord(tool.name, tool.description);
  const words = tokens(tool.name).filter((w) => w !== verb && !NOT_ENTITY.has(w));
  return runs(words);
}

/** Extract the features of one tool. */
export function featuresOf(tool: ToolSpec): ToolFeatures {
  const inputs = fieldsOf(tool.input.properties);
  const outputs = outputFields(tool.output);
  const nameTokens = tokens(tool.name);
  const verb = verbOf(nameTokens.join('_'))?.verb ?? (nameTokens.length === 1 && operationWord(tool.name, tool.description) ? nameTokens[0] : undefined);
  return {
    id: tool.id,
    provider: tool.provider,
    op: tool.op,
    nameTokens,
    ...(verb ? { verb } : {}),
    inputs,
    outputs,
    entities: entitiesOf(tool),
  };
}

/** Field keys that a provider puts on most of its tools: boilerplate, per provider. */
export type Boilerplate = Map<string, { inputs: Set<string>; outputs: Set<string> }>;

/** Providers this small have no boilerplate to speak of. */
const BOILERPLATE_MIN_TOOLS = 20;
/** Share of a provider's tools a field must appear on to count as boilerplate. */
const BOILERPLATE_SHARE = 0.6;

/**
 * Fields on at least 60% of a provider's tools (of providers with 20 or more): Google's eleven
 * standard parameters (`alt`, `quotaUser`, `$.xgafv`, …), Microsoft Graph's OData options, an
 * account id every Twilio call takes. They say nothing about which tools belong together.
 */
export function boilerplateOf(tools: ToolFeatures[]): Boilerplate {
  const counts = new Map<string, { tools: number; inputs: Map<string, number>; outputs: Map<string, number> }>();
  for (const tool of tools) {
    let c = counts.get(tool.provider);
    if (!c) counts.set(tool.provider, (c = { tools: 0, inputs: new Map(), outputs: new Map() }));
    c.tools++;
    for (const key of new Set(tool.inputs.map((f) => f.key))) c.inputs.set(key, (c.inputs.get(key) ?? 0) + 1);
    for (const key of new Set(tool.outputs.map((f) => f.key))) c.outputs.set(key, (c.outputs.get(key) ?? 0) + 1);
  }
  const out: Boilerplate = new Map();
  for (const [provider, c] of counts) {
    if (c.tools < BOILERPLATE_MIN_TOOLS) continue;
    const common = (m: Map<string, number>) => new Set([...m].filter(([, n]) => n >= c.tools * BOILERPLATE_SHARE).map(([k]) => k));
    out.set(provider, { inputs: common(c.inputs), outputs: common(c.outputs) });
  }
  return out;
}
