// The per-domain work is a pool job: plain data in, records out by structured clone. Run in a real
// worker thread, a domain job gives the records the parent writes, equal to those made in process.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrajectoryV2 } from '../formats/trajectory.js';
import { type DomainJob, type EpisodeRecord, runDomain } from '../harness/run/domain-job.js';
import { planRun } from '../harness/run/plan.js';
import { runOptions, taskWorkspace } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { REPO } from './support/workspace.js';

let built: SynthWorkspace;
beforeAll(async () => {
  built = await taskWorkspace('rollout-worker');
}, 120_000);

const strip = (line: TrajectoryV2) => JSON.stringify({ ...line, timing: null });

describe('domain jobs in worker threads', () => {
  it('[RUN-JOB] a domain job run by harness/run/domain-worker.ts in a worker thread emits the same graded records as in process', async () => {
    const options = runOptions(built.ws, { tasks: 'ticket-user/*', k: 2 });
    const domain = planRun(options).domains[0]!;
    const job: DomainJob = { dir: domain.dir, pairs: domain.pairs, options, systemPrompt: null, concurrency: 4 };
    const worker = new Worker(join(REPO, 'test', 'support', 'job-worker.mjs'), {
      workerData: { module: join(REPO, 'harness', 'run', 'domain-worker.ts'), job },
    });
    const records: EpisodeRecord[] = [];
    const result = await new Promise<{ episodes: number }>((resolve, reject) => {
      worker.on('message', (m: { message?: EpisodeRecord; result?: { episodes: number } }) => (m.message ? records.push(m.message) : resolve(m.result!)));
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(result.episodes).toBe(domain.pairs.length);
    expect(records).toHaveLength(domain.pairs.length);
    const local: EpisodeRecord[] = [];
    await runDomain({ ...job, concurrency: 1 }, (r) => local.push(r));
    expect(records.map((r) => strip(r.line)).sort()).toEqual(local.map((r) => strip(r.line)).sort());
    expect(records.every((r) => r.line.verdict?.pass)).toBe(true);
  });
});
