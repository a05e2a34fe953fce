// Shards and merge: --shard I/N runs a deterministic contiguous 1/N of the pairs, the N shards
// together are the whole run exactly once, and merge joins them into the run one machine would
// have recorded. The Kubernetes Indexed Job in docs/ is checked against the Job schema, and its
// shard commands are run here as its pods would run them, then merged.
import { execa } from 'execa';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../harness/metrics/summary.js';
import { mergeRuns } from '../harness/run/merge.js';
import { planRun } from '../harness/run/plan.js';
import { rollout } from '../harness/run/rollout.js';
import { agentscaler } from './support/cli.js';
import { runLines, runOptions, taskWorkspace, withoutTiming } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { REPO, tempDir } from './support/workspace.js';

let built: SynthWorkspace;
beforeAll(async () => {
  built = await taskWorkspace('rollout-shards');
}, 120_000);

const summaryWithoutTime = (run: string) => {
  const { time: _time, ...rest } = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as RunSummary;
  return rest;
};
const sortedLines = (run: string) => runLines(run).map(withoutTiming).sort();

describe('shards', () => {
  it('[RUN-SHARD] --shard I/N takes a contiguous, deterministic 1/N of the pairs; the N shards cover every pair exactly once', () => {
    const whole = planRun(runOptions(built.ws, { k: 3 }));
    const key = (d: { pairs: { task: string; trial: number }[] }[]) => d.flatMap((x) => x.pairs.map((p) => `${p.task}#${p.trial}`));
    const all = key(whole.domains);
    const parts = [0, 1, 2, 3, 4].map((index) => planRun(runOptions(built.ws, { k: 3, shard: { index, count: 5 } })));
    expect(parts.flatMap((p) => key(p.domains))).toEqual(all);
    for (const part of parts) expect(Math.abs(part.pairs - all.length / 5)).toBeLessThan(1);
    expect(key(planRun(runOptions(built.ws, { k: 3, shard: { index: 2, count: 5 } })).domains)).toEqual(key(parts[2]!.domains));
  });

  it('[RUN-MERGE] merging the shards of a run gives the trajectories and summary of the unsharded run; overlapping or mismatched inputs are refused', async () => {
    const base = tempDir('shards');
    const whole = join(base, 'whole');
    await rollout({ options: runOptions(built.ws, { k: 2 }), out: whole, resume: false, concurrency: 8, systemPrompt: null, commandLine: [] });
    const shards = [0, 1, 2].map((index) => join(base, `shard-${index}`));
    for (const [index, out] of shards.entries()) {
      await rollout({ options: runOptions(built.ws, { k: 2, shard: { index, count: 3 } }), out, resume: false, concurrency: 8, systemPrompt: null, commandLine: [] });
    }
    const merged = join(base, 'merged');
    const result = mergeRuns(shards, merged, []);
    expect(result.missingShards).toEqual([]);
    expect(sortedLines(merged)).toEqual(sortedLines(whole));
    expect(summaryWithoutTime(merged)).toEqual(summaryWithoutTime(whole));
    // One missing shard: merged anyway, with the gap counted.
    const partial = mergeRuns(shards.slice(0, 2), join(base, 'partial'), []);
    expect(partial.missingShards).toEqual([2]);
    expect(partial.summary.missing).toBe(runLines(shards[2]!).length);
    expect(() => mergeRuns([shards[0]!, shards[0]!], join(base, 'twice'), [])).toThrow(/both shard 0\/3/);
    expect(() => mergeRuns([shards[0]!, whole], join(base, 'mixed'), [])).toThrow(/--shard|give the shards of one split/);
    const otherK = join(base, 'other-k');
    await rollout({ options: runOptions(built.ws, { k: 1, shard: { index: 1, count: 3 } }), out: otherK, resume: false, concurrency: 8, systemPrompt: null, commandLine: [] });
    expect(() => mergeRuns([shards[0]!, otherK], join(base, 'bad'), [])).toThrow(/--k was 2 in .*, and is 1 in .*only runs that differ in --shard/);
  });

  it('[RUN-K8S] docs/rollout-job.yaml is a valid Indexed Job; its shard commands, run locally with each completion index, merge into the whole run', async () => {
    const doc = parse(readFileSync(join(REPO, 'docs', 'rollout-job.yaml'), 'utf8')) as Record<string, unknown>;
    const job = new Job(doc as ConstructorParameters<typeof Job>[0]);
    job.validate();
    expect(job.spec?.completionMode).toBe('Indexed');
    const count = job.spec!.completions!;
    const container = job.spec!.template.spec!.containers[0]!;
    expect(container.command).toEqual(['sh', '-c']);
    expect(JSON.stringify(container.env)).not.toMatch(/sk-/);
    // What a pod runs, with the volume's paths mapped to this machine and the CLI run from source.
    const base = tempDir('k8s');
    const script = container.args![0]!.replaceAll('/data/workspace', built.ws).replaceAll('/data/runs', base).replace('npx agentscaler', `node --import ${import.meta.resolve('tsx')} ${join(REPO, 'cli', 'index.ts')}`);
    for (let index = 0; index < count; index++) {
      const pod = await execa('sh', ['-c', script], { cwd: REPO, env: { JOB_COMPLETION_INDEX: String(index) }, reject: false });
      expect(pod.exitCode, pod.stderr).toBe(0);
    }
    const shardFolders = Array.from({ length: count }, (_, i) => join(base, `shard-${i}`));
    const merge = await agentscaler(['merge', ...shardFolders, '--out', join(base, 'merged'), '--json']);
    expect(merge.exitCode, merge.stderr).toBe(0);
    const merged = JSON.parse(merge.stdout) as RunSummary;
    const whole = planRun(runOptions(built.ws, { k: 2 }));
    expect(merged).toMatchObject({ episodes: whole.pairs, missing: 0, pass1: 1, k: 2 });
    expect(new Set(runLines(join(base, 'merged')).map((l) => `${l.task}#${l.trial}`)).size).toBe(whole.pairs);
  });
});
