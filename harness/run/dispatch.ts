// How a rollout's domain jobs are run: in this process under one episode gate (few domains, or
// --concurrency 1 where line order must be fixed), or in pool/'s throw-away worker threads, so a
// run over thousands of domains keeps memory flat — each worker's loaded domain code goes with it.
import { availableParallelism } from 'node:os';
import { siblingModule } from '../../pool/module-url.js';
import { runPool } from '../../pool/run-pool.js';
import { type DomainJob, type EpisodeRecord, runDomain } from './domain-job.js';
import { Gate } from './gate.js';

/** Runs with more domains than this go to worker threads (by default). */
export const POOL_ABOVE_DOMAINS = 8;
/** Domain jobs at once per worker, so one domain's tail overlaps the next one's start. */
const JOBS_PER_WORKER = 2;
/** Domain jobs at once in this process. */
const DOMAINS_AT_ONCE = 4;
/** A worker is replaced after this many domains. */
const RECYCLE_AFTER = 200;

/** The worker threads a run uses: `requested`, or by default none for small runs and at --concurrency 1. */
export function workersFor(requested: number | null, domains: number, concurrency: number): number {
  if (requested !== null) return requested;
  if (concurrency === 1 || domains <= POOL_ABOVE_DOMAINS) return 0;
  return Math.min(availableParallelism(), domains);
}

/**
 * Run `jobs` (their `concurrency` is the run's), handing each record to `record`; a job whose worker
 * threw, crashed or timed out is reported to `lost` with the reason.
 */
export async function dispatch(jobs: DomainJob[], workers: number, concurrency: number, record: (r: EpisodeRecord) => void, lost: (job: DomainJob, reason: string) => void, signal: AbortSignal): Promise<void> {
  if (workers === 0) {
    const gate = new Gate(concurrency);
    let next = 0;
    const lane = async () => {
      while (next < jobs.length && !signal.aborted) {
        const job = jobs[next++]!;
        try {
          await runDomain(job, record, signal, gate);
        } catch (error) {
          lost(job, error instanceof Error ? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(DOMAINS_AT_ONCE, concurrency, jobs.length)) }, lane));
    return;
  }
  // Each worker's jobs share the run's concurrency.
  const perJob = Math.max(1, Math.ceil(concurrency / (workers * JOBS_PER_WORKER)));
  await runPool<DomainJob, { episodes: number }, EpisodeRecord>(siblingModule(import.meta.url, './domain-worker'), jobs.map((j) => ({ ...j, concurrency: perJob })), {
    workers,
    recycleAfter: RECYCLE_AFTER,
    concurrencyPerWorker: JOBS_PER_WORKER,
    onMessage: (_job, message) => record(message),
    onDone: (job, outcome) => {
      if (!outcome.ok) lost(job, `the worker running domain ${job.dir} ${outcome.cause === 'threw' ? 'failed' : outcome.cause === 'crashed' ? 'crashed' : 'timed out'}: ${outcome.error}`);
    },
    signal,
  });
}
