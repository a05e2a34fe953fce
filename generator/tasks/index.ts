// The tasks stage: WS/servers/<slug>/ → WS/servers/<slug>/tasks.jsonl (kept tasks) and WS/tasks.json
// (counts: sampled chains, kept, rejected by reason, lengths). Deterministic from the seed; each domain
// is sampled in a throw-away worker thread, and an interrupted run continues where it stopped.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { siblingModule } from '../../pool/module-url.js';
import { runPool } from '../../pool/run-pool.js';
import { StageJournal } from '../build/journal.js';
import { clearStamp, fileHash, freshStamp, outputHashes, plannedStamp, type StageStamp, textHash, writeStamp } from '../build/stamps.js';
import { Interrupted, UserError } from '../errors.js';
import type { DomainContract } from '../../formats/contract.js';
import { parseTask, type Task } from '../../formats/task.js';
import { VALUE_SOURCES } from '../synth/values/index.js';
import { ARTIFACTS, readJson, writeFileAtomic, writeJson } from '../workspace.js';
import type { ArgumentSources } from './chain.js';
import type { InstructionStyle } from './instruction.js';
import { type ParaphraseCounts, Paraphraser, type ParaphraseOptions } from './paraphrase.js';
import type { RejectReason } from './domain-tasks.js';
import type { DomainTasksJob, DomainTasksResult } from './tasks-job.js';

export interface TasksOptions {
  ws: string;
  /** Kept tasks wanted per domain. */
  perDomain?: number;
  /** Longest chain. */
  maxSteps?: number;
  seed?: number;
  /** Only these domain slugs. */
  domains?: string[];
  /** Only the first N domains (in slug order). */
  limit?: number;
  /** How instructions are written: outcomes (`goal`, the default) or the calls one by one (`steps`). */
  style?: InstructionStyle;
  /** Rewrite each instruction with this model (kept only when every value survives; cached in WS/paraphrases.jsonl). */
  paraphrase?: ParaphraseOptions;
  /** Return the recorded summary, doing nothing, when stages.json says these exact tasks are done and intact. */
  reuse?: boolean;
  /** Called when `reuse` found the tasks current and nothing was sampled. */
  onReused?: () => void;
  /** Worker threads (default: the cores; 0 = this thread). */
  workers?: number;
  /** Domains a worker samples before it is replaced by a fresh one (default 250). */
  recycleAfter?: number;
  onProgress?: (done: number, total: number, slug: string) => void;
  /** Called with one line for each domain whose tools.js failed while sampling, or that could not be sampled. */
  onProblem?: (message: string) => void;
  /** Stop: finished domains are kept for the next run, then Interrupted is thrown. */
  signal?: AbortSignal;
}

export interface DomainTaskCounts {
  slug: string;
  sampled: number;
  kept: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Reads with no purpose dropped from the kept chains. */
  fillerDropped: number;
  /** The kept tasks' argument values by where they came from. */
  values: ArgumentSources;
  /** Sampled calls that hit a bug in the domain's tools.js (rolled back, not kept). */
  internalErrors?: number;
  /** Why the domain could not be sampled at all. */
  failed?: string;
}

/** WS/tasks.json. Deterministic: no timings. Version 2 adds `style`, `fillerDropped`, `values` and `paraphrase`. */
export interface TasksSummary {
  version: 2;
  seed: number;
  perDomain: number;
  maxSteps: number;
  /** How the instructions are written. */
  style: InstructionStyle;
  totals: {
    domains: number;
    sampled: number;
    kept: number;
    rejected: Partial<Record<RejectReason, number>>;
    /** Kept tasks by number of gold calls. */
    lengths: Record<string, number>;
    readOnly: number;
    stateChanging: number;
    withOutputs: number;
    /** Domains with at least `perDomain` kept tasks. */
    domainsFull: number;
    /** Reads with no purpose dropped from the kept chains. */
    fillerDropped: number;
    /**
     * Argument values of the kept gold calls by where they came from: `state` (a row that exists),
     * `chain` (an earlier call's result), or how a fresh one was made (the catalog's `example`,
     * `enum`, `default` or `format`; the field's `meaning`; `generic`).
     */
    values: ArgumentSources;
  };
  /** Present with `--paraphrase`: rewrites kept, rejected (a value lost), read from the cache, failed. */
  paraphrase?: ParaphraseCounts;
  domains: DomainTaskCounts[];
}

export class TasksError extends UserError {}

export const TASK_DEFAULTS = { perDomain: 8, maxSteps: 6, seed: 1, style: 'goal' as InstructionStyle };

/** The order sources are listed in: state and chain, then the value sources in the order they are tried. */
const SOURCE_ORDER: (keyof ArgumentSources)[] = ['state', 'chain', ...VALUE_SOURCES];

/** Source counts added up, keys in SOURCE_ORDER, zeros left out. */
function orderedSources(...counts: ArgumentSources[]): ArgumentSources {
  const out: ArgumentSources = {};
  for (const source of SOURCE_ORDER) {
    const n = counts.reduce((sum, c) => sum + (c[source] ?? 0), 0);
    if (n !== 0) out[source] = n;
  }
  return out;
}

/** What the journal keeps of one finished domain. */
type JournalEntry = DomainTasksResult | { failed: string };

/** A domain whose sampling takes longer than this (a tools.js that loops) is stopped and counted as failed. */
const DOMAIN_TIMEOUT_MS = 120_000;
/** Heap of one worker thread: a domain that needs more (a runaway loop that allocates) fails alone, not the build. */
const DOMAIN_HEAP_MB = 1536;

/** The server packages of a workspace: folders with a contract, tools and a seed (never a half-written `.slug.partial`). */
export function serverSlugs(servers: string): string[] {
  return readdirSync(servers)
    .filter((slug) => !slug.startsWith('.') && ['domain.json', 'tools.js', 'seed.sqlite'].every((file) => existsSync(join(servers, slug, file))))
    .sort();
}

/** The stamp this tasks run would record: what synth produced, the domains, the options and the code. */
function plannedTasks(ws: string, selected: string[], options: { perDomain: number; maxSteps: number; seed: number; style: InstructionStyle }): StageStamp {
  const synthJson = join(ws, ARTIFACTS.synth);
  return plannedStamp(
    'tasks',
    { [ARTIFACTS.synth]: existsSync(synthJson) ? fileHash(synthJson) : 'none', [ARTIFACTS.servers]: textHash(selected.join('\n')) },
    options,
  );
}

/** Run the tasks stage on a workspace whose servers synth has written. */
export async function tasks(options: TasksOptions): Promise<TasksSummary> {
  const perDomain = options.perDomain ?? TASK_DEFAULTS.perDomain;
  const maxSteps = options.maxSteps ?? TASK_DEFAULTS.maxSteps;
  const seed = options.seed ?? TASK_DEFAULTS.seed;
  const style = options.style ?? TASK_DEFAULTS.style;
  const servers = resolve(join(options.ws, ARTIFACTS.servers));
  if (!existsSync(servers)) throw new TasksError(`${servers} not found — run \`agentscaler synth --ws ${options.ws}\` first`);
  const all = serverSlugs(servers);
  let selected = all;
  if (options.domains) {
    const missing = options.domains.filter((slug) => !all.includes(slug));
    if (missing.length > 0) throw new TasksError(`no server ${missing.map((s) => `'${s}'`).join(', ')} in ${servers}`);
    selected = options.domains;
  }
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);

  const planned = plannedTasks(options.ws, selected, { perDomain, maxSteps, seed, style });
  // Rewrites are asked after sampling, so a run that paraphrases never reuses one that did not.
  if (!options.paraphrase && options.reuse && freshStamp(options.ws, 'tasks', planned) && selected.every((slug) => existsSync(join(servers, slug, 'tasks.jsonl')))) {
    options.onReused?.();
    return readJson<TasksSummary>(options.ws, ARTIFACTS.tasks);
  }
  clearStamp(options.ws, 'tasks');
  const journal = StageJournal.open<JournalEntry>(options.ws, 'tasks', planned.key);
  if (!journal.resumed) {
    // Tasks of other options or an older synth must not pass for this run's.
    rmSync(join(options.ws, ARTIFACTS.tasks), { force: true });
    for (const slug of all) rmSync(join(servers, slug, 'tasks.jsonl'), { force: true });
  }

  const todo = selected.filter((slug) => !journal.done.has(slug));
  let done = selected.length - todo.length;
  const jobs = todo.map((slug): DomainTasksJob => ({ slug, dir: join(servers, slug), ws: options.ws, perDomain, maxSteps, seed, style }));
  await runPool<DomainTasksJob, DomainTasksResult>(siblingModule(import.meta.url, './tasks-job'), jobs, {
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.recycleAfter !== undefined ? { recycleAfter: options.recycleAfter } : {}),
    jobTimeoutMs: DOMAIN_TIMEOUT_MS,
    heapMb: DOMAIN_HEAP_MB,
    signal: options.signal,
    onDone: (job, outcome) => {
      if (outcome.ok) {
        const result = outcome.value;
        if (result.firstError) {
          options.onProblem?.(`domain ${job.slug}: ${result.internalErrors} sampled call${result.internalErrors === 1 ? '' : 's'} hit a bug in tools.js (${result.firstError})`);
        }
        journal.record(job.slug, result);
      } else {
        // One package that cannot be opened or sampled must not cost the others their tasks.
        rmSync(join(job.dir, 'tasks.jsonl'), { force: true });
        options.onProblem?.(`domain ${job.slug}: no tasks (${outcome.error})`);
        journal.record(job.slug, { failed: outcome.error });
      }
      options.onProgress?.(++done, selected.length, job.slug);
    },
  });
  if (options.signal?.aborted) throw new Interrupted('tasks', { done, total: selected.length });

  const summary = summarize({ seed, perDomain, maxSteps, style }, selected.map((slug) => [slug, journal.done.get(slug)!]));
  if (options.paraphrase) summary.paraphrase = await paraphraseAll(options, servers, selected.filter((slug) => !('failed' in journal.done.get(slug)!)));
  writeJson(join(options.ws, ARTIFACTS.tasks), summary);
  writeStamp(options.ws, 'tasks', { ...planned, outputs: outputHashes(options.ws, [ARTIFACTS.tasks]) });
  journal.remove();
  return summary;
}

/**
 * The paraphrase pass, after sampling and in this thread (the workers stay offline): each domain's
 * tasks.jsonl read, its instructions rewritten where the rewrite keeps every value, written back whole.
 */
async function paraphraseAll(options: TasksOptions, servers: string, slugs: string[]): Promise<ParaphraseCounts> {
  const paraphraser = new Paraphraser(options.ws, options.paraphrase!);
  for (const slug of slugs) {
    const dir = join(servers, slug);
    const file = join(dir, 'tasks.jsonl');
    if (!existsSync(file)) continue;
    const toolNames = (JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract).tools.map((t) => t.name);
    const list = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => parseTask(line, file));
    const rewritten: Task[] = [];
    for (const task of list) rewritten.push(await paraphraser.rewrite(task, toolNames));
    writeFileAtomic(file, rewritten.map((task) => `${JSON.stringify(task)}\n`).join(''));
  }
  const c = paraphraser.counts;
  if (c.failed > 0) options.onProblem?.(`paraphrase: the endpoint failed ${c.failed} request${c.failed === 1 ? '' : 's'}; those tasks keep their rule-based instructions (run again to retry them)`);
  return c;
}

/** tasks.json from every domain's outcome, in slug order. */
function summarize(settings: { seed: number; perDomain: number; maxSteps: number; style: InstructionStyle }, outcomes: [string, JournalEntry][]): TasksSummary {
  const summary: TasksSummary = {
    version: 2,
    ...settings,
    totals: { domains: 0, sampled: 0, kept: 0, rejected: {}, lengths: {}, readOnly: 0, stateChanging: 0, withOutputs: 0, domainsFull: 0, fillerDropped: 0, values: {} },
    domains: [],
  };
  const t = summary.totals;
  for (const [slug, outcome] of outcomes) {
    t.domains++;
    if ('failed' in outcome) {
      summary.domains.push({ slug, sampled: 0, kept: 0, rejected: {}, fillerDropped: 0, values: {}, failed: outcome.failed });
      continue;
    }
    const values = orderedSources(outcome.values);
    summary.domains.push({ slug, sampled: outcome.sampled, kept: outcome.kept, rejected: outcome.rejected, fillerDropped: outcome.fillerDropped, values, ...(outcome.internalErrors > 0 ? { internalErrors: outcome.internalErrors } : {}) });
    t.fillerDropped += outcome.fillerDropped;
    t.values = orderedSources(t.values, values);
    t.sampled += outcome.sampled;
    t.kept += outcome.kept;
    if (outcome.kept >= settings.perDomain) t.domainsFull++;
    for (const [why, n] of Object.entries(outcome.rejected) as [RejectReason, number][]) t.rejected[why] = (t.rejected[why] ?? 0) + n;
    for (const [length, n] of Object.entries(outcome.lengths)) t.lengths[length] = (t.lengths[length] ?? 0) + n;
    t.readOnly += outcome.readOnly;
    t.stateChanging += outcome.kept - outcome.readOnly;
    t.withOutputs += outcome.withOutputs;
  }
  return summary;
}
