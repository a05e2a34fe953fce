// The pool job of the tasks stage: sample one domain's tasks and write its tasks.jsonl, in a worker
// thread that is thrown away after a few hundred domains (each domain's tools.js, schemas and MCP
// server stay loaded for as long as the thread lives).
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Task } from '../../formats/task.js';
import { agentscalerRoot } from '../paths.js';
import { writeFileAtomic } from '../workspace.js';
import type { ArgumentSources } from './chain.js';
import { domainTasks, type RejectReason } from './domain-tasks.js';
import type { InstructionStyle } from './instruction.js';

type Runtime = typeof import('../../templates/runtime/environment.js');
type DomainCache = typeof import('../../templates/runtime/domain.js');

/** One domain to sample: plain data, so it can cross to a worker thread. */
export interface DomainTasksJob {
  slug: string;
  /** The domain's package folder. */
  dir: string;
  /** The workspace, as the user named it (for what-to-run messages). */
  ws: string;
  perDomain: number;
  maxSteps: number;
  seed: number;
  style: InstructionStyle;
}

/** What the tasks stage keeps of one sampled domain. */
export interface DomainTasksResult {
  sampled: number;
  kept: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Sampled calls that hit a bug in the domain's tools.js (rolled back, not kept). */
  internalErrors: number;
  /** The first such bug, for the problem line. */
  firstError?: string;
  /** Kept tasks by number of gold calls. */
  lengths: Record<string, number>;
  readOnly: number;
  withOutputs: number;
  /** Reads with no purpose dropped from the kept chains. */
  fillerDropped: number;
  /** The kept tasks' argument values by where they came from. */
  values: ArgumentSources;
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

let runtime: Promise<{ env: Runtime; cache: DomainCache }> | undefined;

/** The runtime every emitted package copies, loaded once per thread from templates/ (the same code as each package's). */
function loadRuntime(): Promise<{ env: Runtime; cache: DomainCache }> {
  const dir = join(agentscalerRoot(), 'templates', 'runtime');
  runtime ??= Promise.all([import(pathToFileURL(join(dir, 'environment.js')).href), import(pathToFileURL(join(dir, 'domain.js')).href)]).then(
    ([env, cache]) => ({ env: env as Runtime, cache: cache as DomainCache }),
  );
  return runtime;
}

/** Sample one domain and write its tasks.jsonl (whole or not at all). */
export async function run(job: DomainTasksJob): Promise<DomainTasksResult> {
  const { env, cache } = await loadRuntime();
  let internalErrors = 0;
  let firstError: string | undefined;
  // A bug in the generated tools.js shows up as calls that fail: counted, and named once.
  const onInternalError = (tool: string, error: unknown) => {
    internalErrors++;
    firstError ??= `${tool}: ${error instanceof Error ? error.message : String(error)}`;
  };
  try {
    const seedSnapshot = readFileSync(join(job.dir, 'seed.sqlite'));
    // The package's own runtime grades its tasks: tasks of another digest scheme than it computes could never pass.
    const scheme = seedDigestScheme(seedSnapshot);
    if (scheme !== env.DIGEST_SCHEME) {
      throw new Error(`its package was emitted with digest scheme ${scheme}, and this agentscaler makes tasks of scheme ${env.DIGEST_SCHEME}: re-run \`agentscaler synth --ws ${job.ws} --domains ${job.slug}\`, then the tasks stage`);
    }
    const sampled = await domainTasks((snapshot) => env.openEnvironment({ dir: job.dir, snapshot, onInternalError }), seedSnapshot, job);
    writeFileAtomic(join(job.dir, 'tasks.jsonl'), sampled.tasks.map((task: Task) => `${JSON.stringify(task)}\n`).join(''));
    const result: DomainTasksResult = {
      sampled: sampled.sampled,
      kept: sampled.tasks.length,
      rejected: sampled.rejected,
      internalErrors,
      lengths: {},
      readOnly: 0,
      withOutputs: 0,
      fillerDropped: sampled.fillerDropped,
      values: sampled.values,
    };
    if (firstError) result.firstError = firstError;
    for (const task of sampled.tasks) {
      result.lengths[String(task.gold.length)] = (result.lengths[String(task.gold.length)] ?? 0) + 1;
      if (task.readOnly) result.readOnly++;
      if (task.requiredOutputs.length > 0) result.withOutputs++;
    }
    return result;
  } finally {
    cache.forgetDomain(job.dir);
  }
}
