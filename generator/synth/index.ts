// The synth stage: domains.json + tools.jsonl → WS/servers/<slug>/ (one MCP server package per
// domain) + WS/synth.json (counts).
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Operator } from '../../formats/contract.js';
import { siblingModule } from '../../pool/module-url.js';
import { runPool } from '../../pool/run-pool.js';
import { StageJournal } from '../build/journal.js';
import { clearStamp, fileHash, freshStamp, outputHashes, plannedStamp, type StageStamp, writeStamp } from '../build/stamps.js';
import { Interrupted, UserError } from '../errors.js';
import type { DomainRecord } from '../graph/index.js';
import { agentscalerRoot } from '../paths.js';
import { ToolLines } from '../tool-lines.js';
import { ARTIFACTS, artifactPath, readJson, writeJson } from '../workspace.js';
import { type DomainEmitted, type DomainSynth, type DomainSynthJob, type DomainSynthResult, partialPackage } from './domain-synth.js';
import { addFidelity, emptyFidelity, OPAQUE_LISTED } from './fidelity.js';
import { addSources, VALUE_SOURCES } from './values/index.js';

/** Options of one synth run. */
export interface SynthOptions {
  /** Workspace holding tools.jsonl and domains.json. */
  ws: string;
  /** Only these domain slugs. */
  domains?: string[];
  /** Only the first N domains of domains.json. */
  limit?: number;
  /** Seed of the generated data. */
  seed?: number;
  /** Return the recorded summary, doing nothing, when stages.json says this exact synth is done and its outputs are intact. */
  reuse?: boolean;
  /** Called when `reuse` found the packages current and nothing was emitted. */
  onReused?: () => void;
  /** Worker threads (default: the cores; 0 = this thread). */
  workers?: number;
  /** Called after each domain (domains finished by an interrupted earlier run count as done). */
  onProgress?: (done: number, total: number, slug: string) => void;
  /** Called with one line for each domain that could not be emitted. */
  onProblem?: (message: string) => void;
  /** Stop: finished domains are kept for the next run, then Interrupted is thrown. */
  signal?: AbortSignal;
}

export type { DomainSynth } from './domain-synth.js';

/** A domain synth could not deliver: it failed while being written, or was written and does not load. */
export interface FailedDomain {
  slug: string;
  /** `emit`: the generator failed on it (or its worker died or timed out); `load`: its package was written but tools.js does not load. */
  stage: 'emit' | 'load';
  reason: string;
}

/** WS/synth.json. Deterministic: no timings. */
export interface SynthSummary {
  version: 1;
  seed: number;
  /** Sums over the emitted domains, and how many domains failed at each stage (those are not in `domains`). */
  totals: Omit<DomainSynth, 'slug'> & { domains: number; failedToEmit: number; failedToLoad: number };
  /** Tools that could not be bound, with why. */
  notBound: { tool: string; reason: string }[];
  /** Required parameters left unbound, with why. */
  requiredUnbound: { tool: string; argument: string; reason: string }[];
  /** Domains that could not be emitted or do not load (a generator bug), with why; their folders are removed. */
  failed: FailedDomain[];
  /** Tools that cannot do what they say (tasks never use them), with why: the first 1,000 (totals.fidelity.opaque counts all). */
  opaque: { tool: string; reason: string }[];
  domains: DomainSynth[];
}

/** What the journal keeps of one finished domain. */
type JournalEntry = DomainSynthResult | { failed: string };

/** Whether a journal entry is a domain whose package is in place. */
const emitted = (entry: JournalEntry): entry is DomainEmitted => 'counts' in entry;

/** A domain slug that does not exist, or a bad selection. */
export class SynthError extends UserError {}

/**
 * Make the emitted servers' dependencies resolvable where they are: a workspace outside this
 * checkout gets `node_modules` linked to agentscaler's own (Node resolves upwards from
 * servers/<slug>/runtime/). Published alone, a package installs its own.
 */
function linkDependencies(ws: string): void {
  const root = agentscalerRoot();
  const absolute = resolve(ws);
  if (!relative(root, absolute).startsWith('..')) return;
  const link = join(absolute, 'node_modules');
  if (existsSync(link) || (() => { try { return lstatSync(link).isSymbolicLink(); } catch { return false; } })()) return;
  symlinkSync(join(root, 'node_modules'), link, 'dir');
}

function add(into: Partial<Record<Operator, number>>, from: Partial<Record<Operator, number>>): void {
  for (const [op, n] of Object.entries(from) as [Operator, number][]) into[op] = (into[op] ?? 0) + n;
}

/** The stamp this synth run would record: the inputs' hashes, the options and the code. */
function plannedSynth(ws: string, seed: number, options: SynthOptions): StageStamp {
  return plannedStamp(
    'synth',
    { [ARTIFACTS.tools]: fileHash(artifactPath(ws, ARTIFACTS.tools)), [ARTIFACTS.domains]: fileHash(artifactPath(ws, ARTIFACTS.domains)) },
    { seed, domains: options.domains ?? null, limit: options.limit ?? null },
  );
}

/** Whether every domain synth.json lists as emitted still has its package. */
function packagesIntact(ws: string): boolean {
  const summary = readJson<SynthSummary>(ws, ARTIFACTS.synth);
  return summary.domains.every((d) => ['domain.json', 'tools.js', 'seed.sqlite'].every((file) => existsSync(join(ws, ARTIFACTS.servers, d.slug, file))));
}

/**
 * Make servers/ hold only what this run has finished: everything when it starts over, and only the
 * journal's domains when it continues (a half-written package or one of another build never stays).
 */
function clearServers(servers: string, keep: Map<string, unknown>): void {
  mkdirSync(servers, { recursive: true });
  for (const name of readdirSync(servers)) {
    if (!keep.has(name)) rmSync(join(servers, name), { recursive: true, force: true });
  }
}

/** Run synth on a workspace. */
export async function synth(options: SynthOptions): Promise<SynthSummary> {
  const seed = options.seed ?? 1;
  const all = readJson<{ domains: DomainRecord[] }>(options.ws, ARTIFACTS.domains).domains;
  let selected = all;
  if (options.domains) {
    const bySlug = new Map(all.map((d) => [d.slug, d]));
    const missing = options.domains.filter((s) => !bySlug.has(s));
    if (missing.length > 0) {
      throw new SynthError(`no domain ${missing.map((s) => `'${s}'`).join(', ')} in ${join(options.ws, ARTIFACTS.domains)}; slugs look like '${all[0]?.slug ?? 'ticket-user'}'`);
    }
    selected = options.domains.map((s) => bySlug.get(s)!);
  }
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);

  const planned = plannedSynth(options.ws, seed, options);
  if (options.reuse && freshStamp(options.ws, 'synth', planned) && packagesIntact(options.ws)) {
    options.onReused?.();
    return readJson<SynthSummary>(options.ws, ARTIFACTS.synth);
  }
  clearStamp(options.ws, 'synth');
  const journal = StageJournal.open<JournalEntry>(options.ws, 'synth', planned.key);
  const servers = resolve(join(options.ws, ARTIFACTS.servers));
  // What consumed the old servers is stale with them.
  for (const name of [ARTIFACTS.synth, ARTIFACTS.tasks]) rmSync(join(options.ws, name), { force: true });
  clearServers(servers, new Map([...journal.done].filter(([, entry]) => emitted(entry))));
  linkDependencies(options.ws);

  const todo = selected.filter((d) => !journal.done.has(d.slug));
  const lines = ToolLines.index(artifactPath(options.ws, ARTIFACTS.tools), new Set(todo.flatMap((d) => d.tools)));
  for (const domain of todo) {
    if (lines.missing(domain.tools).length > 0) {
      throw new SynthError(`domains.json names tools missing from tools.jsonl (domain '${domain.slug}'); re-run \`agentscaler graph --ws ${options.ws}\``);
    }
  }
  let done = selected.length - todo.length;
  function* jobs(): Generator<DomainSynthJob> {
    // Lines are read as each job is handed out, so only the domains in flight are in memory.
    for (const domain of todo) yield { slug: domain.slug, lines: lines.read(domain.tools), seed, servers };
  }
  await runPool<DomainSynthJob, DomainSynthResult>(siblingModule(import.meta.url, './synth-job'), jobs(), {
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    jobTimeoutMs: DOMAIN_TIMEOUT_MS,
    heapMb: DOMAIN_HEAP_MB,
    signal: options.signal,
    onDone: (job, outcome) => {
      if (outcome.ok) {
        journal.record(job.slug, outcome.value);
        if ('notLoading' in outcome.value) options.onProblem?.(`domain ${job.slug}: emitted but does not load, removed (${outcome.value.notLoading}); please report it`);
      } else {
        // One domain the generator cannot handle must not cost the other thousands: record it and go on.
        rmSync(partialPackage(servers, job.slug), { recursive: true, force: true });
        journal.record(job.slug, { failed: outcome.error });
        options.onProblem?.(`domain ${job.slug}: not emitted (${outcome.error}); please report it`);
      }
      options.onProgress?.(++done, selected.length, job.slug);
    },
  });
  if (options.signal?.aborted) throw new Interrupted('synth', { done, total: selected.length });

  const summary = summarize(seed, selected.map((d) => [d.slug, journal.done.get(d.slug)!]));
  writeJson(join(options.ws, ARTIFACTS.synth), summary);
  writeStamp(options.ws, 'synth', { ...planned, outputs: outputHashes(options.ws, [ARTIFACTS.synth]) });
  journal.remove();
  return summary;
}

/** A domain that takes longer than this (a generator bug looping) is stopped and counted as failed. */
const DOMAIN_TIMEOUT_MS = 120_000;
/** Heap of one worker thread: a domain that needs more (a runaway loop that allocates) fails alone, not the build. */
const DOMAIN_HEAP_MB = 1536;

/** synth.json from every domain's outcome, in domains.json order. */
function summarize(seed: number, outcomes: [string, JournalEntry][]): SynthSummary {
  const summary: SynthSummary = {
    version: 1,
    seed,
    totals: { domains: 0, tables: 0, rows: 0, tools: 0, bound: 0, boundAllRequired: 0, paramsUnbound: 0, requiredUnbound: 0, unaccounted: 0, operators: {}, fidelity: emptyFidelity(), values: Object.fromEntries(VALUE_SOURCES.map((s) => [s, 0])), failedToEmit: 0, failedToLoad: 0 },
    notBound: [],
    requiredUnbound: [],
    failed: [],
    opaque: [],
    domains: [],
  };
  for (const [slug, outcome] of outcomes) {
    if ('failed' in outcome) {
      summary.failed.push({ slug, stage: 'emit', reason: outcome.failed });
      summary.totals.failedToEmit++;
      continue;
    }
    if ('notLoading' in outcome) {
      summary.failed.push({ slug, stage: 'load', reason: outcome.notLoading });
      summary.totals.failedToLoad++;
      continue;
    }
    const counts = outcome.counts;
    summary.domains.push(counts);
    summary.requiredUnbound.push(...outcome.requiredUnbound);
    const t = summary.totals;
    t.domains++;
    t.tables += counts.tables;
    t.rows += counts.rows;
    t.tools += counts.tools;
    t.bound += counts.bound;
    t.boundAllRequired += counts.boundAllRequired;
    t.paramsUnbound += counts.paramsUnbound;
    t.requiredUnbound += counts.requiredUnbound;
    t.unaccounted += counts.unaccounted;
    add(t.operators, counts.operators);
    addFidelity(t.fidelity, counts.fidelity);
    addSources(t.values, counts.values);
    for (const o of outcome.opaque) if (summary.opaque.length < OPAQUE_LISTED) summary.opaque.push(o);
  }
  return summary;
}
