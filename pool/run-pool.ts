// Per-domain work in throw-away worker threads. Code a domain loads (its tools.js, compiled schemas,
// an MCP server) can never be unloaded from a thread — ES modules live as long as their isolate — so
// memory would grow with every domain. Here each worker runs at most `recycleAfter` jobs and is then
// replaced by a fresh one, which frees everything the old one loaded; the cores share the work, and a
// job that hangs or kills its thread costs only itself.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { siblingModule, workerEntry } from './module-url.js';
import type { JobModule, JobOutcome, ToParent } from './protocol.js';

export type { JobModule, JobOutcome } from './protocol.js';

/** How a pool runs its jobs. */
export interface PoolOptions<J, R, M> {
  /** Worker threads (default: the cores); 0 runs every job in this thread, one at a time (no recycling, no timeouts). */
  workers?: number;
  /** Jobs a worker runs before it is replaced by a fresh one (default 250). */
  recycleAfter?: number;
  /** A job running longer is stopped (its worker terminated) and ends with cause `timeout`. */
  jobTimeoutMs?: number;
  /** Jobs one worker runs at once (default 1; more for jobs that mostly wait, like model calls). */
  concurrencyPerWorker?: number;
  /** Heap limit of each worker in MB: a job that needs more ends with cause `crashed`, not the run. */
  heapMb?: number;
  /** What a job emits while it runs, in the order it emits it. */
  onMessage?: (job: J, message: M) => void;
  /** How each job ended, in the order jobs end (not the order given). */
  onDone: (job: J, outcome: JobOutcome<R>) => void;
  /** Stop: no new job starts, workers are terminated, the unfinished jobs get no outcome. */
  signal?: AbortSignal;
}

/** A job the pool holds; `alone` once a thread died under it and others, so it runs alone until it ends. */
interface Pending<J> {
  id: number;
  job: J;
  alone: boolean;
  timer?: NodeJS.Timeout;
}

/** One worker slot: its current thread, how many jobs it has been given, and those still running. */
interface Lane<J> {
  worker: Worker | null;
  given: number;
  running: Map<number, Pending<J>>;
}

const DEFAULT_RECYCLE = 250;

/**
 * Run every job of `jobs` through the job module `jobModule` (see `siblingModule`), in worker
 * threads. Resolves when every job has ended, or when `signal` aborts.
 */
export async function runPool<J, R, M = never>(jobModule: URL, jobs: Iterable<J>, options: PoolOptions<J, R, M>): Promise<void> {
  const workers = options.workers ?? availableParallelism();
  if (workers === 0) return runHere(jobModule, jobs, options);
  const recycleAfter = Math.max(1, options.recycleAfter ?? DEFAULT_RECYCLE);
  const concurrency = Math.max(1, options.concurrencyPerWorker ?? 1);
  const entry = workerEntry(siblingModule(import.meta.url, './worker'));
  const source = jobs[Symbol.iterator]();
  const again: Pending<J>[] = [];
  let exhausted = false;
  let nextId = 0;
  const lanes: Lane<J>[] = Array.from({ length: workers }, () => ({ worker: null, given: 0, running: new Map() }));

  return new Promise<void>((resolve) => {
    let finished = false;
    const take = (): Pending<J> | undefined => {
      const retry = again.shift();
      if (retry) return retry;
      if (exhausted) return undefined;
      const next = source.next();
      if (next.done) {
        exhausted = true;
        return undefined;
      }
      return { id: nextId++, job: next.value, alone: false };
    };
    const end = (lane: Lane<J>, pending: Pending<J>, outcome: JobOutcome<R>) => {
      clearTimeout(pending.timer);
      lane.running.delete(pending.id);
      options.onDone(pending.job, outcome);
    };
    /** Retire a lane's thread; its running jobs are handed back (or blamed, when they were alone). */
    const retire = (lane: Lane<J>, blame?: { id: number; outcome: JobOutcome<R> }) => {
      const worker = lane.worker;
      lane.worker = null;
      lane.given = 0;
      if (worker) {
        worker.removeAllListeners();
        worker.on('error', () => undefined);
        void worker.terminate();
      }
      for (const pending of [...lane.running.values()]) {
        if (blame && pending.id === blame.id) {
          end(lane, pending, blame.outcome);
          continue;
        }
        clearTimeout(pending.timer);
        lane.running.delete(pending.id);
        again.push(pending);
      }
    };
    const crashed = (lane: Lane<J>, reason: string) => {
      // A thread that dies under one job was killed by it; under several, each is tried again alone,
      // so the next death names the one to blame.
      const running = [...lane.running.values()];
      const culprit = running.length === 1 ? running[0] : undefined;
      for (const pending of running) pending.alone = true;
      retire(lane, culprit ? { id: culprit.id, outcome: { ok: false, error: reason, cause: 'crashed' } } : undefined);
      pump();
    };
    const spawn = (lane: Lane<J>): Worker => {
      const worker = new Worker(entry, {
        workerData: { jobModule: jobModule.href },
        ...(options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {}),
      });
      worker.on('message', (message: ToParent<R, M>) => {
        const pending = lane.running.get(message.id);
        if (!pending) return;
        if (message.kind === 'start') {
          if (options.jobTimeoutMs) pending.timer = setTimeout(() => timedOut(lane, pending), options.jobTimeoutMs);
          return;
        }
        if (message.kind === 'message') {
          options.onMessage?.(pending.job, message.message);
          return;
        }
        end(lane, pending, message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error, cause: 'threw' });
        pump();
      });
      worker.on('error', (error: Error & { code?: string }) => {
        const reason =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `ran out of memory${options.heapMb ? ` (${options.heapMb} MB per worker)` : ''}`
            : `its worker thread failed: ${error.message}`;
        crashed(lane, reason);
      });
      worker.on('exit', (code) => {
        if (lane.worker === worker) crashed(lane, `its worker thread exited with code ${code}`);
      });
      lane.worker = worker;
      lane.given = 0;
      return worker;
    };
    const timedOut = (lane: Lane<J>, pending: Pending<J>) => {
      const ms = options.jobTimeoutMs!;
      const took = ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
      retire(lane, { id: pending.id, outcome: { ok: false, error: `took longer than ${took} and was stopped`, cause: 'timeout' } });
      pump();
    };
    const pump = () => {
      if (finished) return;
      if (options.signal?.aborted) {
        finished = true;
        for (const lane of lanes) retire(lane);
        resolve();
        return;
      }
      for (const lane of lanes) {
        // A worker that has run its share finishes what it has, then makes way for a fresh one.
        if (lane.worker && lane.given >= recycleAfter && lane.running.size === 0) retire(lane);
        while (lane.running.size < concurrency && !(lane.worker && lane.given >= recycleAfter)) {
          // A suspect runs alone: it waits for an idle lane, and nothing joins it there.
          if ([...lane.running.values()].some((p) => p.alone)) break;
          if (again[0]?.alone && lane.running.size > 0) break;
          const pending = take();
          if (!pending) break;
          const worker = lane.worker ?? spawn(lane);
          lane.given++;
          lane.running.set(pending.id, pending);
          worker.postMessage({ id: pending.id, job: pending.job });
        }
      }
      if (exhausted && again.length === 0 && lanes.every((lane) => lane.running.size === 0)) {
        finished = true;
        for (const lane of lanes) retire(lane);
        resolve();
      }
    };
    options.signal?.addEventListener('abort', pump, { once: true });
    pump();
  });
}

/** The same jobs in this thread, one after another: for tests and for runs too small to pay for threads. */
async function runHere<J, R, M>(jobModule: URL, jobs: Iterable<J>, options: PoolOptions<J, R, M>): Promise<void> {
  const module = (await import(jobModule.href)) as JobModule<J, R, M>;
  for (const job of jobs) {
    if (options.signal?.aborted) return;
    let outcome: JobOutcome<R>;
    try {
      outcome = { ok: true, value: await module.run(job, (message) => options.onMessage?.(job, message)) };
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error), cause: 'threw' };
    }
    options.onDone(job, outcome);
  }
}
