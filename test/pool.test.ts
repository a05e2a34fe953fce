// The throw-away worker pool, with real worker threads: recycling, and a job that throws, kills its
// thread, hangs or runs out of memory costs only itself.
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { type JobOutcome, type PoolOptions, runPool } from '../pool/run-pool.js';

const JOBS = new URL('./fixtures/pool-jobs/behaviour.js', import.meta.url);

interface Job {
  n: number;
  act?: 'ok' | 'throw' | 'exit' | 'hang' | 'hoard' | 'wait';
  ms?: number;
}
interface Answer {
  n: number;
  threadId: number;
  seen: number;
}

/** Run `jobs` through the fixture module; every outcome by job number, and what the jobs emitted. */
async function pool(jobs: Job[], options: Omit<PoolOptions<Job, Answer, { n: number }>, 'onDone' | 'onMessage'>) {
  const outcomes = new Map<number, JobOutcome<Answer>>();
  const emitted: number[] = [];
  await runPool<Job, Answer, { n: number }>(JOBS, jobs, {
    ...options,
    onMessage: (_, message) => emitted.push(message.n),
    onDone: (job, outcome) => outcomes.set(job.n, outcome),
  });
  return { outcomes, emitted };
}

/** The error of a failed outcome ('' for a success or none). */
const errorOf = (outcome: JobOutcome<Answer> | undefined): string => (outcome && !outcome.ok ? outcome.error : '');

const jobs = (count: number, act: Job['act'] = 'ok'): Job[] => Array.from({ length: count }, (_, n) => ({ n, act }));

describe('[POOL-RECYCLE] per-domain work in throw-away worker threads', () => {
  it('retires a worker after recycleAfter jobs: every job ends once, on a fresh copy of the module', async () => {
    const { outcomes, emitted } = await pool(jobs(10), { workers: 1, recycleAfter: 3 });
    expect([...outcomes.keys()].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(emitted.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    const answers = [...outcomes.values()].map((o) => (o.ok ? o.value : null)).sort((a, b) => a!.n - b!.n);
    // Jobs 0–2 on one thread, 3–5 on the next, …: a retired thread's module state is gone.
    expect(answers.map((a) => a!.seen)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1]);
    expect(new Set(answers.map((a) => a!.threadId)).size).toBe(4);
    expect(answers.every((a) => a!.threadId !== threadId)).toBe(true);
  });

  it('spreads jobs over the workers and runs several at once per worker when asked', async () => {
    const { outcomes } = await pool(
      Array.from({ length: 12 }, (_, n): Job => ({ n, act: 'wait', ms: 30 })),
      { workers: 2, concurrencyPerWorker: 3, recycleAfter: 100 },
    );
    const threads = new Set([...outcomes.values()].map((o) => (o.ok ? o.value.threadId : -1)));
    expect(threads.size).toBe(2);
    expect([...outcomes.values()].every((o) => o.ok)).toBe(true);
  });

  it('runs the same jobs in this thread with workers: 0', async () => {
    const { outcomes } = await pool(jobs(3), { workers: 0 });
    expect([...outcomes.values()].map((o) => (o.ok ? o.value.threadId : -1))).toEqual([threadId, threadId, threadId]);
  });
});

describe('[POOL-FAULTS] a job that fails costs only itself', () => {
  it('a job that throws ends with its message; the others succeed on the same worker', async () => {
    const { outcomes } = await pool([{ n: 0 }, { n: 1, act: 'throw' }, { n: 2 }], { workers: 1 });
    expect(outcomes.get(1)).toEqual({ ok: false, error: 'job 1 refuses', cause: 'threw' });
    expect(outcomes.get(0)?.ok && outcomes.get(2)?.ok).toBe(true);
  });

  it('a job that ends its thread is blamed alone; the jobs after it run on a new thread', async () => {
    const { outcomes } = await pool([{ n: 0 }, { n: 1, act: 'exit' }, { n: 2 }, { n: 3 }], { workers: 1 });
    expect(outcomes.get(1)).toMatchObject({ ok: false, cause: 'crashed' });
    expect(errorOf(outcomes.get(1))).toMatch(/exited with code 3/);
    expect([0, 2, 3].every((n) => outcomes.get(n)?.ok)).toBe(true);
  });

  it('with several jobs in flight on a dying thread, the innocent ones are run again and the culprit is named', async () => {
    const list: Job[] = [{ n: 0, act: 'wait', ms: 200 }, { n: 1, act: 'exit' }, { n: 2, act: 'wait', ms: 200 }];
    const { outcomes } = await pool(list, { workers: 1, concurrencyPerWorker: 3 });
    expect(outcomes.get(1)).toMatchObject({ ok: false, cause: 'crashed' });
    expect(outcomes.get(0)?.ok && outcomes.get(2)?.ok).toBe(true);
  });

  it('a job that hangs is stopped at the timeout and the run goes on', async () => {
    const { outcomes } = await pool([{ n: 0, act: 'hang' }, { n: 1 }, { n: 2 }], { workers: 1, jobTimeoutMs: 500 });
    expect(outcomes.get(0)).toEqual({ ok: false, error: 'took longer than 0.5 s and was stopped', cause: 'timeout' });
    expect(outcomes.get(1)?.ok && outcomes.get(2)?.ok).toBe(true);
  });

  it('a job that runs out of its heap ends as crashed with the limit named', async () => {
    const { outcomes } = await pool([{ n: 0, act: 'hoard' }, { n: 1 }], { workers: 1, heapMb: 64 });
    expect(outcomes.get(0)).toMatchObject({ ok: false, cause: 'crashed' });
    expect(errorOf(outcomes.get(0))).toMatch(/ran out of memory \(64 MB per worker\)/);
    expect(outcomes.get(1)?.ok).toBe(true);
  });

  it('an abort stops the run: no new job starts and the unfinished ones get no outcome', async () => {
    const controller = new AbortController();
    const outcomes = new Map<number, JobOutcome<Answer>>();
    await runPool<Job, Answer, { n: number }>(JOBS, Array.from({ length: 50 }, (_, n): Job => ({ n, act: 'wait', ms: 20 })), {
      workers: 1,
      signal: controller.signal,
      onDone: (job, outcome) => {
        outcomes.set(job.n, outcome);
        if (outcomes.size === 5) controller.abort();
      },
    });
    expect(outcomes.size).toBe(5);
  });
});
