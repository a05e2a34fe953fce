// pass^k and the run summary: C(c,k)/C(n,k) averaged over tasks, episodes that say nothing about
// the agent (infra_error, user_error) left out, rates by domain and by number of gold calls.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrajectoryV2 } from '../formats/trajectory.js';
import { choose, passHatK } from '../harness/metrics/pass-k.js';
import { summarize } from '../harness/metrics/summary.js';
import { rollout } from '../harness/run/rollout.js';
import { runLines, runOptions, taskWorkspace } from './support/rollout.js';
import { tempDir } from './support/workspace.js';

let lines: TrajectoryV2[];
beforeAll(async () => {
  const built = await taskWorkspace('metrics');
  const out = join(tempDir('metrics'), 'run');
  await rollout({ options: runOptions(built.ws, { tasks: 'trading-bot-order/*', k: 4 }), out, resume: false, concurrency: 4, systemPrompt: null, commandLine: [] });
  lines = runLines(out);
}, 120_000);

describe('metrics', () => {
  it('[METRIC-PASSK] pass^k is the mean over tasks of C(c,k)/C(n,k), and a task with fewer than k graded trials does not count', () => {
    expect(choose(4, 2)).toBe(6);
    expect(choose(2, 3)).toBe(0);
    const tallies = [{ n: 4, c: 4 }, { n: 4, c: 2 }, { n: 4, c: 0 }, { n: 2, c: 2 }];
    expect(passHatK(tallies, 1)).toBeCloseTo((1 + 0.5 + 0 + 1) / 4);
    expect(passHatK(tallies, 2)).toBeCloseTo((1 + 1 / 6 + 0 + 1) / 4);
    expect(passHatK(tallies, 3)).toBeCloseTo((1 + 0 + 0) / 3);
    expect(passHatK([{ n: 1, c: 1 }], 2)).toBeNull();
  });

  it('[METRIC-PASSK] the summary of a k=4 run: fails and infra errors placed on chosen trials move pass@1, pass^k, the per-domain and per-length rates as the formula says', () => {
    const tasks = [...new Set(lines.map((l) => l.task))];
    expect(tasks.length).toBeGreaterThan(3);
    expect(lines).toHaveLength(tasks.length * 4);
    const all = summarize(lines, lines.length, 4, null);
    expect(all.passHatK).toEqual({ '1': 1, '2': 1, '3': 1, '4': 1 });
    // Task 0 fails two trials; task 1 loses one trial to an infra error and one to the user model.
    const edited = lines.map((l) => {
      if (l.task === tasks[0] && l.trial < 2) return { ...l, verdict: { pass: false, failed: { state: ['x'] } } };
      if (l.task === tasks[1] && l.trial === 0) return { ...l, end: { reason: 'infra_error' as const }, verdict: null };
      if (l.task === tasks[1] && l.trial === 1) return { ...l, end: { reason: 'user_error' as const }, verdict: null };
      return l;
    });
    const s = summarize(edited, edited.length, 4, 12);
    const t = tasks.length;
    expect(s.graded).toBe(edited.length - 2);
    expect(s.passed).toBe(edited.length - 4);
    expect(s.pass1).toBeCloseTo((t - 1 + 0.5) / t, 4);
    // pass^2: task 0 C(2,2)/C(4,2) = 1/6, task 1 (2 graded trials, both pass) 1, the rest 1.
    expect(s.passHatK['2']).toBeCloseTo((t - 1 + 1 / 6) / t, 4);
    // pass^3: task 1 has only 2 graded trials and drops out; task 0 C(2,3) = 0.
    expect(s.passHatK['3']).toBeCloseTo((t - 2) / (t - 1), 4);
    expect(s.endReasons).toMatchObject({ user_stop: edited.length - 2, infra_error: 1, user_error: 1 });
    expect(s.failedChecks).toEqual({ state: 2 });
    expect(Object.keys(s.byDomain)).toEqual(['trading-bot-order']);
    const length = String(lines.find((l) => l.task === tasks[0])!.goldCalls);
    expect(s.byGoldCalls[length]!.passed).toBe(s.byGoldCalls[length]!.graded - 2);
    expect(s.time.episodesPerMinute).toBeCloseTo((edited.length / 12) * 60, 1);
    expect(s.pass1Interval![0]).toBeLessThan(s.pass1!);
  });
});
