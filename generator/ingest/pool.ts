// Reading many catalog files in parallel (worker threads) while handing results back in input
// order, so tools.jsonl is byte-identical however the work was scheduled.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { siblingModule, workerEntry } from '../../pool/module-url.js';
import { UserError } from '../errors.js';
import type { ToolOp, ToolSpec, WriteEffect } from '../../formats/toolspec.js';
import type { Dropped, Extraction } from './extraction.js';
import type { SchemaLimits } from './schema.js';
import { readFileUnit, readUnit, type Unit } from './sources.js';

/** A tool serialized where it was read, with what the main thread needs to de-duplicate and count it. */
export interface PreparedTool {
  /** The ToolSpec as one JSON line (without newline). */
  line: string;
  /** Identity for cross-file de-duplication. */
  key: string;
  /** ToolSpec id, provider and name, to keep ids unique across files. */
  id: string;
  provider: string;
  name: string;
  op: ToolOp;
  effect?: WriteEffect;
}

/** The outcome of reading one unit. */
export type UnitResult =
  | { ok: true; provider: string; operations: number; dropped: Dropped[]; tools: PreparedTool[] }
  | { ok: false; error: string };

/**
 * What makes two tools the same operation. OpenAPI: the provider's domain, method, path and input
 * names (GitHub's and GHES's 10 near-identical specs, Microsoft Graph and its beta). Function
 * and MCP lists: provider and catalog name.
 */
export function dedupeKey(tool: ToolSpec): string {
  if (tool.source.kind === 'openapi') {
    const family = tool.provider.split(':')[0];
    const inputs = Object.keys(tool.input.properties).sort().join(',');
    return `${family} ${tool.source.method} ${tool.source.path} ${inputs}`;
  }
  return `${tool.source.kind} ${tool.provider} ${tool.source.name ?? tool.name}`;
}

/** Serialize an extraction for the trip to the main thread. */
export function prepare(extraction: Extraction): UnitResult {
  const tools = extraction.tools.map((tool): PreparedTool => {
    const prepared: PreparedTool = {
      line: JSON.stringify(tool),
      key: dedupeKey(tool),
      id: tool.id,
      provider: tool.provider,
      name: tool.name,
      op: tool.op,
    };
    if (tool.effect) prepared.effect = tool.effect;
    return prepared;
  });
  return { ok: true, provider: extraction.provider, operations: extraction.operations, dropped: extraction.dropped, tools };
}

/** A one-line reason for a unit that could not be read at all. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof UserError || (error as NodeJS.ErrnoException).code) return error.message;
  // A bug of ours, not the file's: say so, so it gets reported rather than blamed on the spec.
  return `internal error while reading (please report): ${error.message}`;
}

/** Options of the parallel reader. */
export interface ReadOptions {
  /** Worker threads for file units; 0 reads in this thread. Default: one per core, up to 4. */
  workers?: number;
  /** Schema inlining limits. */
  limits?: SchemaLimits;
}

// How far workers may run ahead of the in-order consumer, bounding buffered results.
const WINDOW = 128;

/** Read every unit, yielding results strictly in input order. */
export async function* readInOrder(units: Unit[], options: ReadOptions = {}): AsyncGenerator<{ unit: Unit; result: UnitResult }> {
  const fileUnits = units.filter((u) => u.kind !== 'mcp').length;
  const workers = Math.min(options.workers ?? Math.min(availableParallelism(), 4), fileUnits >= 8 ? fileUnits : 0);
  const settle: ((result: UnitResult) => void)[] = [];
  const results = units.map((_, i) => new Promise<UnitResult>((resolve) => (settle[i] = resolve)));
  let nextIndex = 0;
  let consumed = 0;
  const waiting: (() => void)[] = [];

  const readHere = async (unit: Unit): Promise<UnitResult> => {
    try {
      return prepare(unit.kind === 'mcp' ? await readUnit(unit, options.limits) : readFileUnit(unit, options.limits));
    } catch (error) {
      return { ok: false, error: describeFailure(error) };
    }
  };

  const lane = async (worker: Worker | null): Promise<void> => {
    for (;;) {
      while (nextIndex >= consumed + WINDOW) await new Promise<void>((resolve) => waiting.push(resolve));
      const index = nextIndex++;
      const unit = units[index];
      if (!unit) return;
      if (!worker || unit.kind === 'mcp') {
        settle[index]!(await readHere(unit));
        continue;
      }
      settle[index]!(
        await new Promise<UnitResult>((resolve) => {
          worker.once('message', (result: UnitResult) => resolve(result));
          worker.postMessage({ unit, limits: options.limits });
        }),
      );
    }
  };

  const entry = workerEntry(siblingModule(import.meta.url, './worker'));
  const pool = Array.from({ length: workers }, () => new Worker(entry));
  const lanes = pool.length > 0 ? pool.map((w) => lane(w)) : [lane(null)];
  const failure = new Promise<never>((_, reject) => {
    for (const w of pool) w.once('error', (error) => reject(new Error(`ingest worker failed: ${error.message}`)));
  });
  try {
    for (let i = 0; i < units.length; i++) {
      const result = await Promise.race([results[i]!, failure]);
      consumed = i + 1;
      for (const resume of waiting.splice(0)) resume();
      yield { unit: units[i]!, result };
    }
    await Promise.all(lanes);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
