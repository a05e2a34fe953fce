// Function lists to tools: the OpenAI tools format (`{type: "function", function: {...}}`) or bare
// `{name, description, parameters, response}` objects (BFCL), as a JSON array or JSON Lines.
import { NameScope, snakeName } from '../naming.js';
import type { Schema, SourceKind, ToolSpec } from '../../formats/toolspec.js';
import { type Classification, classifyFunction, classifyMcp, type McpHints } from './classify.js';
import type { Dropped, Extraction } from './extraction.js';
import { BadFileError, parseDocument } from './load.js';
import { BrokenRefError, type Doc, RefResolver } from './refs.js';
import { cleanText, type SchemaLimits, SchemaNormalizer } from './schema.js';

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One entry of a function list or tools/list result, with where it was found. */
export interface RawTool {
  value: unknown;
  pointer: string;
}

/**
 * Split a file into entries. Accepts a JSON array, JSON Lines, or an object wrapping the list
 * (`{tools: [...]}`, `{functions: [...]}`, a JSON-RPC `{result: {tools: [...]}}`). A JSON Lines
 * line that does not parse becomes an entry whose value is an Error, so the rest still load.
 */
export function splitEntries(text: string, location: string): RawTool[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new BadFileError('the file is empty');
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    // Not one JSON value: JSON Lines, or YAML.
    const lines = trimmed.split('\n');
    if (lines.length > 1 && lines.some((l) => l.trim().startsWith('{'))) {
      const out: RawTool[] = [];
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          out.push({ value: JSON.parse(line), pointer: `line ${i + 1}` });
        } catch (error) {
          out.push({ value: new Error(`not valid JSON: ${(error as Error).message}`), pointer: `line ${i + 1}` });
        }
      });
      return out;
    }
    whole = parseDocument(text, location);
  }
  const list = listIn(whole);
  if (!list) throw new BadFileError('expected a JSON array of tools, JSON Lines, or an object with a "tools" or "functions" array');
  return list.map((value, i) => ({ value, pointer: `#/${i}` }));
}

function listIn(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (!isObj(value)) return null;
  if (Array.isArray(value.tools)) return value.tools;
  if (Array.isArray(value.functions)) return value.functions;
  if (isObj(value.result)) return listIn(value.result);
  // A single function object is a list of one.
  if (typeof value.name === 'string' || isObj(value.function)) return [value];
  return null;
}

// BFCL descriptions start with the system's blurb; the tool's own sentence follows this marker.
const OWN_DESCRIPTION = /Tool description:\s*/i;

function titleFrom(description: string, name: string): string {
  const own = description.split(OWN_DESCRIPTION)[1] ?? description;
  const firstSentence = own.split(/(?<=\.)\s/)[0] ?? own;
  return cleanText(firstSentence.replace(/\.$/, ''), 100) ?? name.replace(/_/g, ' ');
}

/** Reads tool definitions that carry their own JSON Schemas: function lists and MCP tool lists. */
export class ToolListReader {
  constructor(
    private readonly kind: Exclude<SourceKind, 'openapi'>,
    private readonly label: string,
    private readonly provider: string,
    private readonly location: string,
    private readonly limits?: SchemaLimits,
  ) {}

  /** Each tool's schema is its own document: `#/$defs/X` inside an inputSchema points into it. */
  private normalizerFor(root: unknown): { normalizer: SchemaNormalizer; doc: Doc } {
    const doc: Doc = { location: this.location, root };
    return { normalizer: new SchemaNormalizer(new RefResolver(doc), this.limits), doc };
  }

  /** Turn entries into tools, dropping (with reasons) the ones that are not usable. */
  read(entries: RawTool[]): Extraction {
    const names = new NameScope();
    const seen = new Set<string>();
    const tools: ToolSpec[] = [];
    const dropped: Dropped[] = [];
    for (const { value, pointer } of entries) {
      if (value instanceof Error) {
        dropped.push({ reason: 'invalid', pointer, detail: value.message });
        continue;
      }
      const fn = isObj(value) && isObj(value.function) ? value.function : value;
      if (!isObj(fn)) {
        dropped.push({ reason: 'invalid', pointer, detail: 'not an object' });
        continue;
      }
      const rawName = typeof fn.name === 'string' ? fn.name.trim() : '';
      if (rawName === '') {
        dropped.push({ reason: 'no-name', pointer, detail: 'the function has no name' });
        continue;
      }
      if (seen.has(rawName)) {
        dropped.push({ reason: 'duplicate', pointer, detail: `'${rawName}' is defined twice` });
        continue;
      }
      seen.add(rawName);
      try {
        const tool = this.tool(fn, rawName, names, pointer);
        if (tool) tools.push(tool);
        else dropped.push({ reason: 'no-signature', pointer });
      } catch (error) {
        if (!(error instanceof BrokenRefError)) throw error;
        dropped.push({ reason: 'broken-ref', pointer, detail: error.message });
      }
    }
    return { provider: this.provider, operations: entries.length, tools, dropped };
  }

  private tool(fn: Obj, rawName: string, names: NameScope, pointer: string): ToolSpec | null {
    const rawInput = this.kind === 'mcp' ? fn.inputSchema : fn.parameters;
    const rawOutput = this.kind === 'mcp' ? fn.outputSchema : (fn.response ?? fn.returns);
    const inputs = this.normalizerFor(rawInput);
    const members = rawInput === undefined ? null : inputs.normalizer.members(rawInput, inputs.doc, 'input');
    const input = inputs.normalizer.object(
      members
        ? [...members.props].map(([name, at]) => ({ name, at, required: members.required.has(name) }))
        : [],
      'input',
    );
    const outputs = this.normalizerFor(rawOutput);
    const output: Schema | null = rawOutput === undefined ? null : outputs.normalizer.schema(rawOutput, outputs.doc, 'output');
    // A tool with no parameters still does something (`logout`, `list_users`); only one with
    // neither parameters nor any description of a result is unusable.
    if (Object.keys(input.properties).length === 0 && output === null && this.kind !== 'mcp' && typeof fn.description !== 'string') {
      return null;
    }
    const name = names.claim(snakeName(rawName, 64, 'fn'));
    const description = cleanText(fn.description, 1024) ?? rawName;
    const annotations = isObj(fn.annotations) ? (fn.annotations as McpHints & { title?: unknown }) : undefined;
    const title = cleanText(fn.title, 100) ?? cleanText(annotations?.title, 100) ?? titleFrom(description, rawName);
    const described = { name: rawName, description: cleanText(fn.description, 1024), input };
    const c: Classification = this.kind === 'mcp' ? classifyMcp(described, annotations) : classifyFunction(described);
    const tool: ToolSpec = {
      id: `${this.provider}/${name}`,
      name,
      title,
      description,
      provider: this.provider,
      source: { kind: this.kind, file: this.label, pointer, name: rawName },
      input,
      output,
      op: c.op,
    };
    if (c.effect) tool.effect = c.effect;
    return tool;
  }
}
