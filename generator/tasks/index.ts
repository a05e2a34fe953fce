// The tasks stage: WS/servers/<slug>/ → WS/servers/<slug>/tasks.jsonl (kept tasks) and WS/tasks.json
// (counts: sampled chains, kept, rejected by reason, lengths). Deterministic from the seed.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { agentscalerRoot } from '../paths.js';
import { ARTIFACTS, writeJson } from '../workspace.js';
import { domainTasks, type RejectReason } from './domain-tasks.js';
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
  onProgress?: (done: number, total: number, slug: string) => void;
  /** Called with one line for each domain whose tools.js failed while sampling. */
  onProblem?: (message: string) => void;
}

export interface DomainTaskCounts {
  slug: string;
  sampled: number;
  kept: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Sampled calls that hit a bug in the domain's tools.js (rolled back, not kept). */
  internalErrors?: number;
  /** Why the domain could not be sampled at all. */
  failed?: string;
}

/** WS/tasks.json. Deterministic: no timings. */
export interface TasksSummary {
  version: 1;
  seed: number;
  perDomain: number;
  maxSteps: number;
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
  };
  domains: DomainTaskCounts[];
}

export class TasksError extends UserError {}

export const TASK_DEFAULTS = { perDomain: 8, maxSteps: 6, seed: 1 };

/** The runtime every emitted package copies, loaded once from templates/ (the same code as each package's). */
async function runtime(): Promise<{ env: Runtime; cache: DomainCache }> {
  const dir = join(agentscalerRoot(), 'templates', 'runtime');
  const [env, cache] = await Promise.all([import(pathToFileURL(join(dir, 'environment.js')).href), import(pathToFileURL(join(dir, 'domain.js')).href)]);
  return { env: env as Runtime, cache: cache as DomainCache };
}

/** The digest scheme of the runtime that wrote a seed (`digest.scheme` in its `_meta`; seeds from before numbered schemes are 1). */
function seedDigestScheme(seed: Buffer): number {
  const db = new Database(seed, { readonly: true });
  try {
    const value = db.prepare(`SELECT "value" FROM "_meta" WHERE "key" = 'digest.scheme'`).pluck().get() as string | undefined;
    return value === undefined ? 1 : Number(value);
  } finally {
    db.close();
  }
}

/** Run the tasks stage on a workspace whose servers synth has written. */
export async function tasks(options: TasksOptions): Promise<TasksSummary> {
  const perDomain = options.perDomain ?? TASK_DEFAULTS.perDomain;
  const maxSteps = options.maxSteps ?? TASK_DEFAULTS.maxSteps;
  const seed = options.seed ?? TASK_DEFAULTS.seed;
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
    // The package's own runtime grades its tasks: tasks of another digest scheme than it computes could never pass.
    const scheme = seedDigestScheme(seedSnapshot);
    if (scheme !== runtimeEnv.DIGEST_SCHEME) {
      throw new TasksError(`its package was emitted with digest scheme ${scheme}, and this agentscaler makes tasks of scheme ${runtimeEnv.DIGEST_SCHEME}: re-run \`agentscaler synth --ws ${options.ws} --domains ${slug}\`, then the tasks stage`);
    }
    const result = await domainTasks((snapshot) => runtimeEnv.openEnvironment({ dir, snapshot, onInternalError }), seedSnapshot, { perDomain, maxSteps, seed });
    if (firstError) options.onProblem?.(`domain ${slug}: ${internalErrors} sampled call${internalErrors === 1 ? '' : 's'} hit a bug in tools.js (${firstError})`);
    return { ...result, internalErrors };
  };
  const summary: TasksSummary = {
    version: 1,
    seed,
    perDomain,
    maxSteps,
    totals: { domains: 0, sampled: 0, kept: 0, rejected: {}, lengths: {}, readOnly: 0, stateChanging: 0, withOutputs: 0, domainsFull: 0 },
    domains: [],
  };
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
      summary.domains.push({ slug, sampled: 0, kept: 0, rejected: {}, failed: reason });
      summary.totals.domains++;
      options.onProgress?.(++done, selected.length, slug);
      continue;
    }
    const internalErrors = result.internalErrors;
    cache.forgetDomain(dir);
    writeFileSync(join(dir, 'tasks.jsonl'), result.tasks.map((task: Task) => `${JSON.stringify(task)}\n`).join(''));
    summary.domains.push({ slug, sampled: result.sampled, kept: result.tasks.length, rejected: result.rejected, ...(internalErrors > 0 ? { internalErrors } : {}) });
    const t = summary.totals;
    t.domains++;
    t.sampled += result.sampled;
    t.kept += result.tasks.length;
    if (result.tasks.length >= perDomain) t.domainsFull++;
    for (const [why, n] of Object.entries(result.rejected) as [RejectReason, number][]) t.rejected[why] = (t.rejected[why] ?? 0) + n;
    for (const task of result.tasks) {
      t.lengths[String(task.gold.length)] = (t.lengths[String(task.gold.length)] ?? 0) + 1;
      if (task.readOnly) t.readOnly++;
      else t.stateChanging++;
      if (task.requiredOutputs.length > 0) t.withOutputs++;
    }
    options.onProgress?.(++done, selected.length, slug);
  }
  writeJson(join(options.ws, ARTIFACTS.tasks), summary);
  return summary;
}
