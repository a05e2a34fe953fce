// The per-domain work is a pool job: plain data in, records out by structured clone. Run in a real
// worker thread, a domain job gives the records the parent writes, equal to those made in process.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrajectoryV2 } from '../formats/trajectory.js';
import { type DomainJob, type EpisodeRecord, runDomain } from '../harness/run/domain-job.js';
import { planRun } from '../harness/run/plan.js';
import { rollout } from '../harness/run/rollout.js';
import { runLines, runOptions, taskWorkspace } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { REPO, tempDir } from './support/workspace.js';

let built: SynthWorkspace;
beforeAll(async () => {
  built = await taskWorkspace('rollout-worker');
}, 120_000);

const strip = (line: TrajectoryV2) => JSON.stringify({ ...line, timing: null });

describe('domain jobs in worker threads', () => {
  it('[RUN-JOB] --workers 2 runs the domains in pool worker threads and records what one process records; a domain that kills its worker thread is infra_error, the rest runs', async () => {
    const base = tempDir('pool');
    await rollout({ options: runOptions(built.ws), out: join(base, 'here'), resume: false, concurrency: 8, workers: 0, systemPrompt: null, commandLine: [] });
    await rollout({ options: runOptions(built.ws), out: join(base, 'pool'), resume: false, concurrency: 8, workers: 2, systemPrompt: null, commandLine: [] });
    expect(runLines(join(base, 'pool')).map(strip).sort()).toEqual(runLines(join(base, 'here')).map(strip).sort());
    // A package whose code ends the thread that loads it.
    const ws = join(base, 'ws');
    cpSync(built.ws, ws, { recursive: true });
    writeFileSync(join(ws, 'servers', 'ticket-user', 'tools.js'), 'process.exit(3);\nexport const tools = {};\n');
    const out = join(base, 'crash');
    const { summary } = await rollout({ options: runOptions(ws), out, resume: false, concurrency: 8, workers: 2, systemPrompt: null, commandLine: [] });
    const lines = runLines(out);
    expect(lines).toHaveLength(runLines(join(base, 'here')).length);
    const lost = lines.filter((l) => l.domain === 'ticket-user');
    expect(lost.length).toBeGreaterThan(0);
    for (const line of lost) expect(line.end).toMatchObject({ reason: 'infra_error', detail: expect.stringMatching(/worker running domain .*ticket-user crashed/) });
    expect(lines.filter((l) => l.domain !== 'ticket-user').every((l) => l.verdict?.pass)).toBe(true);
    expect(summary.endReasons.infra_error).toBe(lost.length);
  });

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
