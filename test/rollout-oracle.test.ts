// The oracle through the whole harness on the 18 BFCL servers: every episode passes, lines are
// whole v2 trajectories graded as they land, the run folder says what made it (and no secret),
// the same run twice is byte-identical except timings, and the spawn host leaves no process.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../formats/run.js';
import type { RunSummary } from '../harness/metrics/summary.js';
import { rollout } from '../harness/run/rollout.js';
import { verify } from '../harness/verify/index.js';
import { runLines, runOptions, taskWorkspace, tasksOf, withoutTiming } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

let built: SynthWorkspace;
let total: number;
beforeAll(async () => {
  built = await taskWorkspace('rollout-oracle');
  total = built.slugs.reduce((n, slug) => n + tasksOf(built.dir(slug)).length, 0);
}, 120_000);

const request = (out: string, overrides: Parameters<typeof runOptions>[1] = {}, concurrency = 8) => ({ options: runOptions(built.ws, overrides), out, resume: false, concurrency, systemPrompt: null, commandLine: ['rollout', '--test'] });

/** Node processes whose command line mentions `needle` (the spawn host's servers run `…/index.js --db …/agentscaler-episodes-…`). */
function processesWith(needle: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) count++;
    } catch {
      // Gone meanwhile.
    }
  }
  return count;
}

describe('oracle rollouts', () => {
  it('[RUN-ORACLE] the oracle passes every BFCL task in process: each line a graded v2 trajectory with the gold calls, gold digest and user_stop', async () => {
    const out = join(tempDir('run'), 'run');
    const result = await rollout(request(out));
    const lines = runLines(out);
    expect(lines).toHaveLength(total);
    expect(total).toBeGreaterThan(100);
    const tasks = new Map(built.slugs.flatMap((slug) => tasksOf(built.dir(slug)).map((t) => [t.id, t] as const)));
    for (const line of lines) {
      const task = tasks.get(line.task)!;
      expect(line).toMatchObject({ version: 2, trial: 0, agent: 'oracle', user: 'scripted', host: 'inproc', end: { reason: 'user_stop', userMessage: '###STOP###' }, finalDigest: task.goldDigest, diff: [], verdict: { pass: true, failed: {} } });
      expect(line.calls.map((c) => [c.tool, c.arguments, c.isError])).toEqual(task.gold.map((g) => [g.tool, g.arguments, false]));
      expect(line.finalStateFile).toBeUndefined();
      // The recorded verdict is the verifier's on the line as written.
      expect((await verify(task, line, { dir: built.dir(task.domain) })).pass).toBe(true);
    }
    expect(result.summary).toMatchObject({ episodes: total, graded: total, passed: total, pass1: 1, passHatK: { '1': 1 }, missing: 0 });
    expect(result.summary.endReasons.user_stop).toBe(total);
    expect(Object.keys(result.summary.byDomain)).toEqual([...new Set(lines.map((l) => l.domain))].sort());
    const onDisk = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    expect(onDisk.passed).toBe(total);
  });

  it('[RUN-FOLDER] run.json records the options, versions, seed and command line, and no file of the run holds the API key', async () => {
    process.env.AGENTSCALER_TEST_KEY = 'sk-test-secret-0123456789';
    try {
      const out = join(tempDir('run'), 'run');
      await rollout(request(out, { tasks: 'ticket-*', k: 2, seed: 7 }));
      const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunManifest;
      expect(manifest).toMatchObject({ version: 1, agentscaler: '0.1.0', options: { ws: built.ws, agent: 'oracle', tasks: 'ticket-*', k: 2, seed: 7, apiKeyEnv: 'AGENTSCALER_TEST_KEY' }, commandLine: ['rollout', '--test'] });
      expect(manifest.packages['@modelcontextprotocol/sdk']).toMatch(/^\d+\.\d+\.\d+/);
      expect(manifest.pairs).toBe(2 * tasksOf(built.dir('ticket-user')).length);
      const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      for (const file of files) expect(readFileSync(join(file.parentPath, file.name), 'utf8')).not.toContain('sk-test-secret');
      // Two trials per task, each with its own seed.
      const lines = runLines(out);
      expect(new Set(lines.map((l) => `${l.task}#${l.trial}`)).size).toBe(manifest.pairs);
      expect(new Set(lines.map((l) => l.seed)).size).toBe(manifest.pairs);
    } finally {
      delete process.env.AGENTSCALER_TEST_KEY;
    }
  });

  it('[RUN-DET] the same run twice gives byte-identical trajectories and summary except timings; at concurrency 1 the files are identical line for line', async () => {
    const runs = [join(tempDir('run'), 'a'), join(tempDir('run'), 'b'), join(tempDir('run'), 'c')];
    await rollout(request(runs[0]!, { tasks: 'trading-*' }, 1));
    await rollout(request(runs[1]!, { tasks: 'trading-*' }, 1));
    await rollout(request(runs[2]!, { tasks: 'trading-*' }, 6));
    const [a, b, c] = runs.map((run) => runLines(run).map(withoutTiming));
    expect(a!.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
    // With episodes in flight together, lines land in finishing order: sorted, they are the same bytes.
    expect([...c!].sort()).toEqual([...a!].sort());
    const summaries = runs.map((run) => {
      const { time: _time, ...rest } = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as RunSummary;
      return JSON.stringify(rest);
    });
    expect(summaries[1]).toBe(summaries[0]);
    expect(summaries[2]).toBe(summaries[0]);
  });

  it('[RUN-SOLO] with --user none the instruction is the only user turn and the agent\'s answer ends the episode (agent_stop)', async () => {
    const out = join(tempDir('run'), 'run');
    await rollout(request(out, { user: 'none', tasks: 'ticket-*' }));
    for (const line of runLines(out)) {
      expect(line.end).toEqual({ reason: 'agent_stop' });
      expect(line.messages.filter((m) => m.role === 'user')).toHaveLength(1);
      expect(line.verdict?.pass).toBe(true);
    }
  });

  it('[HOST-SPAWN] the spawn host runs one server process per episode on a temp state file, grades like inproc, and leaves no process or folder behind', async () => {
    const out = join(tempDir('run'), 'run');
    const before = processesWith('agentscaler-episodes-');
    await rollout(request(out, { host: 'spawn', tasks: 'ticket-*' }, 4));
    const lines = runLines(out);
    expect(lines.length).toBe(tasksOf(built.dir('ticket-user')).length);
    for (const line of lines) expect(line).toMatchObject({ host: 'spawn', end: { reason: 'user_stop' }, verdict: { pass: true } });
    expect(processesWith('agentscaler-episodes-')).toBe(before);
    const inproc = join(tempDir('run'), 'inproc');
    await rollout(request(inproc, { tasks: 'ticket-*' }, 1));
    const strip = (l: (typeof lines)[number]) => withoutTiming({ ...l, host: 'inproc' });
    expect(lines.map(strip).sort()).toEqual(runLines(inproc).map(strip).sort());
    expect(existsSync(join(out, 'states'))).toBe(false);
  });
});
