// The tasks stage: WS/servers/<slug>/ → WS/servers/<slug>/tasks.jsonl (kept tasks) and WS/tasks.json
// (counts: sampled chains, kept, rejected by reason, lengths). Deterministic from the seed.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { agentscalerRoot } from '../paths.js';
import { ARTIFACTS, writeJson } from '../workspace.js';
import { domainTasks, type RejectReason } from './domain-tasks.js';
import type { ArgumentSources } from './chain.js';
import type { InstructionStyle } from './instruction.js';
import { type ParaphraseCounts, Paraphraser, type ParaphraseOptions } from './paraphrase.js';
import type { DomainContract } from '../../formats/contract.js';
import { VALUE_SOURCES } from '../synth/values/index.js';
import type { Task } from '../../formats/task.js';

type Runtime = typeof import('../../templates/runtime/environment.js');
type DomainCache = typeof import('../../templates/runtime/domain.js');

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
  onProgress?: (done: number, total: number, slug: string) => void;
  /** Called with one line for each domain whose tools.js failed while sampling. */
  onProblem?: (message: string) => void;
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

/** WS/tasks.json. Deterministic: no timings. Version 2 adds `style`, `fillerDropped` and `values`. */
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

export const TASK_DEFAULTS = { perDomain: 8, maxSteps: 6, seed: 1, style: 'goal' as InstructionStyle };

/** The runtime every emitted package copies, loaded once from templates/ (the same code as each package's). */
async function runtime(): Promise<{ env: Runtime; cache: DomainCache }> {
  const dir = join(agentscalerRoot(), 'templates', 'runtime');
  const [env, cache] = await Promise.all([import(pathToFileURL(join(dir, 'environment.js')).href), import(pathToFileURL(join(dir, 'domain.js')).href)]);
  return { env: env as Runtime, cache: cache as DomainCache };
}

/** Run the tasks stage on a workspace whose servers synth has written. */
export async function tasks(options: TasksOptions): Promise<TasksSummary> {
  const perDomain = options.perDomain ?? TASK_DEFAULTS.perDomain;
  const maxSteps = options.maxSteps ?? TASK_DEFAULTS.maxSteps;
  const seed = options.seed ?? TASK_DEFAULTS.seed;
  const style = options.style ?? TASK_DEFAULTS.style;
  const servers = join(options.ws, ARTIFACTS.servers);
  if (!existsSync(servers)) throw new TasksError(`${servers} not found — run \`agentscaler synth --ws ${options.ws}\` first`);
  // A server package is a folder with its contract, tools and seed.
  const all = readdirSync(servers).filter((slug) => ['domain.json', 'tools.js', 'seed.sqlite'].every((file) => existsSync(join(servers, slug, file)))).sort();
  let selected = all;
  if (options.domains) {
    const missing = options.domains.filter((slug) => !all.includes(slug));
    if (missing.length > 0) throw new TasksError(`no server ${missing.map((s) => `'${s}'`).join(', ')} in ${servers}`);
    selected = options.domains;
  }
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);

  const { env: runtimeEnv, cache } = await runtime();
  /** Sample one domain; a bug in its generated tools.js shows up as calls that fail, counted and named once. */
  const sampleDomain = async (dir: string, slug: string) => {
    let internalErrors = 0;
    let firstError: string | undefined;
    const onInternalError = (tool: string, error: unknown) => {
      internalErrors++;
      firstError ??= `${tool}: ${error instanceof Error ? error.message : String(error)}`;
    };
    const seedSnapshot = readFileSync(join(dir, 'seed.sqlite'));
    const result = await domainTasks((snapshot) => runtimeEnv.openEnvironment({ dir, snapshot, onInternalError }), seedSnapshot, { perDomain, maxSteps, seed, style });
    if (firstError) options.onProblem?.(`domain ${slug}: ${internalErrors} sampled call${internalErrors === 1 ? '' : 's'} hit a bug in tools.js (${firstError})`);
    return { ...result, internalErrors };
  };
  const summary: TasksSummary = {
    version: 2,
    seed,
    perDomain,
    maxSteps,
    style,
    totals: { domains: 0, sampled: 0, kept: 0, rejected: {}, lengths: {}, readOnly: 0, stateChanging: 0, withOutputs: 0, domainsFull: 0, fillerDropped: 0, values: {} },
    domains: [],
  };
  const paraphraser = options.paraphrase ? new Paraphraser(options.ws, options.paraphrase) : undefined;
  let done = 0;
  for (const slug of selected) {
    const dir = join(servers, slug);
    let result: Awaited<ReturnType<typeof sampleDomain>>;
    try {
      result = await sampleDomain(dir, slug);
    } catch (error) {
      // One package that cannot be opened (edited by hand, say) must not cost the others their tasks.
      const reason = error instanceof Error ? error.message : String(error);
      options.onProblem?.(`domain ${slug}: no tasks (${reason})`);
      summary.domains.push({ slug, sampled: 0, kept: 0, rejected: {}, fillerDropped: 0, values: {}, failed: reason });
      summary.totals.domains++;
      options.onProgress?.(++done, selected.length, slug);
      continue;
    }
    const internalErrors = result.internalErrors;
    cache.forgetDomain(dir);
    if (paraphraser) {
      const toolNames = (JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract).tools.map((t) => t.name);
      for (let i = 0; i < result.tasks.length; i++) result.tasks[i] = await paraphraser.rewrite(result.tasks[i]!, toolNames);
    }
    writeFileSync(join(dir, 'tasks.jsonl'), result.tasks.map((task: Task) => `${JSON.stringify(task)}\n`).join(''));
    const values = orderedSources(result.values);
    summary.domains.push({ slug, sampled: result.sampled, kept: result.tasks.length, rejected: result.rejected, fillerDropped: result.fillerDropped, values, ...(internalErrors > 0 ? { internalErrors } : {}) });
    const t = summary.totals;
    t.domains++;
    t.sampled += result.sampled;
    t.kept += result.tasks.length;
    if (result.tasks.length >= perDomain) t.domainsFull++;
    for (const [why, n] of Object.entries(result.rejected) as [RejectReason, number][]) t.rejected[why] = (t.rejected[why] ?? 0) + n;
    t.fillerDropped += result.fillerDropped;
    t.values = orderedSources(t.values, values);
    for (const task of result.tasks) {
      t.lengths[String(task.gold.length)] = (t.lengths[String(task.gold.length)] ?? 0) + 1;
      if (task.readOnly) t.readOnly++;
      else t.stateChanging++;
      if (task.requiredOutputs.length > 0) t.withOutputs++;
    }
    options.onProgress?.(++done, selected.length, slug);
  }
  if (paraphraser) {
    summary.paraphrase = paraphraser.counts;
    if (paraphraser.counts.failed > 0) options.onProblem?.(`paraphrase: the endpoint failed ${paraphraser.counts.failed} request${paraphraser.counts.failed === 1 ? '' : 's'}; those tasks keep their rule-based instructions (run again to retry them)`);
  }
  writeJson(join(options.ws, ARTIFACTS.tasks), summary);
  return summary;
}
