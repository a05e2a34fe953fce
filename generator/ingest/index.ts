// The ingest stage: catalogs → WS/tools.jsonl (one ToolSpec a line) + WS/ingest.json (counts).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Interrupted, UserError } from '../errors.js';
import type { ToolOp, WriteEffect } from '../../formats/toolspec.js';
import { clearStamp, freshStamp, outputHashes, plannedStamp, writeStamp } from '../build/stamps.js';
import { ARTIFACTS, ensureWorkspace, partialPath, readJson, writeJson } from '../workspace.js';
import type { DropReason } from './extraction.js';
import { type PreparedTool, readInOrder } from './pool.js';
import type { SchemaLimits } from './schema.js';
import { expandSource, type Unit } from './sources.js';

/** Options of one ingest run. */
export interface IngestOptions {
  /** `--catalog` arguments, in order. */
  catalogs: string[];
  /** Workspace folder to write into. */
  out: string;
  /** Folder relative catalog paths and file labels are taken from (default: the current directory). */
  base?: string;
  /** Worker threads (default: cores, up to 4; 0 = none). */
  workers?: number;
  /** Schema inlining limits. */
  limits?: SchemaLimits;
  /** Called after each unit with progress. */
  onProgress?: (done: number, total: number, label: string) => void;
  /** Called with one line for each file skipped or partly dropped. */
  onProblem?: (message: string) => void;
  /** Stop after the file being read: tools.jsonl and ingest.json are then not written. */
  signal?: AbortSignal;
  /** Return the recorded summary, reading nothing, when stages.json shows these catalogs (same bytes) and options gave the tools.jsonl on disk. */
  reuse?: boolean;
  /** Called when `reuse` found the recorded output current and nothing was read. */
  onReused?: () => void;
}

/** A skipped file and why. */
export interface SkippedSpec {
  file: string;
  reason: string;
}

/** A dropped operation worth showing a user (broken references, invalid entries). */
export interface Problem {
  file: string;
  pointer: string;
  reason: DropReason;
  detail: string;
}

/** The counts written to WS/ingest.json. Deterministic: no timings. */
export interface IngestSummary {
  /** Format version of this file. */
  version: 1;
  /** The `--catalog` arguments. */
  catalogs: string[];
  /** Files (or servers) read and skipped. */
  specs: { read: number; skipped: number };
  /** Every skipped file with its reason. */
  skipped: SkippedSpec[];
  /** Operations seen across all read files. */
  operations: number;
  /** Tools written to tools.jsonl. */
  tools: number;
  /** Operations not kept, by reason. */
  dropped: Record<DropReason, number>;
  /** Read/write split of the kept tools. */
  split: Record<ToolOp, number>;
  /** Kind of change of the kept write tools. */
  effects: Record<WriteEffect, number>;
  /** Distinct providers among kept tools. */
  providers: number;
  /** Dropped operations with a problem a user may want to fix (first 1,000). */
  problems: Problem[];
}

/** Nothing could be ingested; the message lists why. */
export class IngestError extends UserError {}

const ROUTINE: ReadonlySet<DropReason> = new Set(['deprecated', 'no-signature', 'duplicate']);
const MAX_PROBLEMS = 1000;

/** Run ingest. Throws CatalogError for an unusable `--catalog`, IngestError when nothing was ingested. */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  // Expand every source first, so a typo in the last --catalog fails before minutes of work.
  const units: Unit[] = options.catalogs.flatMap((source) => expandSource(source, options.base));
  ensureWorkspace(options.out);
  const planned = plannedStamp('ingest', { catalog: catalogHash(units) }, { catalogs: options.catalogs, limits: options.limits ?? null });
  // A live MCP server may answer differently each time: its tools are always read again.
  if (options.reuse && planned.inputs.catalog !== LIVE && freshStamp(options.out, 'ingest', planned)) {
    options.onReused?.();
    return readJson<IngestSummary>(options.out, ARTIFACTS.ingest);
  }
  clearStamp(options.out, 'ingest');
  const summary: IngestSummary = {
    version: 1,
    catalogs: options.catalogs,
    specs: { read: 0, skipped: 0 },
    skipped: [],
    operations: 0,
    tools: 0,
    dropped: { deprecated: 0, 'no-signature': 0, 'broken-ref': 0, 'no-name': 0, invalid: 0, duplicate: 0 },
    split: { read: 0, write: 0 },
    effects: { create: 0, update: 0, delete: 0, action: 0 },
    providers: 0,
    problems: [],
  };
  const keys = new Set<string>();
  const ids = new Set<string>();
  const providers = new Set<string>();
  const out = new LineWriter(join(options.out, ARTIFACTS.tools));
  let whole = false;
  try {
    let done = 0;
    for await (const { unit, result } of readInOrder(units, { workers: options.workers, limits: options.limits })) {
      options.onProgress?.(++done, units.length, unit.label);
      if (!result.ok) {
        summary.specs.skipped++;
        summary.skipped.push({ file: unit.label, reason: result.error });
        options.onProblem?.(`skipped ${unit.label}: ${result.error}`);
        continue;
      }
      summary.specs.read++;
      summary.operations += result.operations;
      for (const drop of result.dropped) {
        summary.dropped[drop.reason]++;
        if (!ROUTINE.has(drop.reason) && summary.problems.length < MAX_PROBLEMS) {
          summary.problems.push({ file: unit.label, pointer: drop.pointer, reason: drop.reason, detail: drop.detail ?? drop.reason });
        }
      }
      const serious = result.dropped.filter((d) => !ROUTINE.has(d.reason));
      if (serious.length > 0) {
        const first = serious[0]!;
        options.onProblem?.(
          `${unit.label}: dropped ${serious.length} of ${result.operations} operations (first: ${first.pointer}: ${first.detail ?? first.reason})`,
        );
      }
      let kept = 0;
      for (const tool of result.tools) {
        if (keys.has(tool.key)) {
          summary.dropped.duplicate++;
          continue;
        }
        keys.add(tool.key);
        out.write(uniqueId(tool, ids));
        kept++;
        summary.split[tool.op]++;
        if (tool.effect) summary.effects[tool.effect]++;
        providers.add(tool.provider);
      }
      summary.tools += kept;
      if (result.operations > 0 && serious.length === result.operations) {
        // Every operation failed: report the file as skipped, as the user would expect.
        summary.specs.read--;
        summary.specs.skipped++;
        summary.skipped.push({ file: unit.label, reason: `no usable operation: ${serious[0]!.detail ?? serious[0]!.reason}` });
      }
      if (options.signal?.aborted) break;
    }
    whole = !options.signal?.aborted;
  } finally {
    out.close(whole);
  }
  if (!whole) throw new Interrupted('ingest');
  summary.providers = providers.size;
  writeJson(join(options.out, ARTIFACTS.ingest), summary);
  if (summary.tools === 0) {
    const reasons = summary.skipped.slice(0, 3).map((s) => `${s.file}: ${s.reason}`);
    throw new IngestError(
      `nothing was ingested from ${options.catalogs.join(', ')}` + (reasons.length ? ` (${reasons.join('; ')})` : '') +
        `; see ${join(options.out, ARTIFACTS.ingest)} for every reason`,
    );
  }
  writeStamp(options.out, 'ingest', { ...planned, outputs: outputHashes(options.out, [ARTIFACTS.tools, ARTIFACTS.ingest]) });
  return summary;
}

const LIVE = 'live';

/** Hash of what the units will read: each file's label and bytes (a live server has none). */
function catalogHash(units: Unit[]): string {
  if (units.some((unit) => unit.kind === 'mcp')) return LIVE;
  const hash = createHash('sha256');
  for (const unit of units) if (unit.kind !== 'mcp') hash.update(`${unit.kind} ${unit.label}\0`).update(readFileSync(unit.file)).update('\0');
  return `sha256:${hash.digest('hex')}`;
}

/** The tool's line, renamed (`name_2`) if another file of the same provider already used its id. */
function uniqueId(tool: PreparedTool, ids: Set<string>): string {
  if (!ids.has(tool.id)) {
    ids.add(tool.id);
    return tool.line;
  }
  const renamed = (n: number) => `${tool.name.slice(0, 64 - `_${n}`.length)}_${n}`;
  let n = 2;
  while (ids.has(`${tool.provider}/${renamed(n)}`)) n++;
  const spec = JSON.parse(tool.line) as { id: string; name: string };
  spec.name = renamed(n);
  spec.id = `${tool.provider}/${spec.name}`;
  ids.add(spec.id);
  return JSON.stringify(spec);
}

/** Buffered line writer: one write call per ~1 MB rather than one per tool; the file appears only when whole. */
class LineWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly path: string) {
    this.fd = openSync(partialPath(path), 'w');
  }

  write(line: string): void {
    this.buffer.push(line);
    this.size += line.length + 1;
    if (this.size > 1 << 20) this.flush();
  }

  /** Close; `keep` puts the file in place, otherwise the partial file is removed. */
  close(keep: boolean): void {
    this.flush();
    closeSync(this.fd);
    if (keep) renameSync(partialPath(this.path), this.path);
    else rmSync(partialPath(this.path), { force: true });
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
    this.size = 0;
  }
}
