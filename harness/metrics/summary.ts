// RUN/summary.json: pass@1 and pass^k for k = 1..K, by domain and by number of gold calls, end
// reasons, tokens — computed from the recorded lines alone, so a merged run gets the same figures
// as one run. Timings live under `time`, the one part two identical runs do not share.
import { END_REASONS, type EndReason, type TrajectoryV2 } from '../../formats/trajectory.js';
import { interval, passHatK, type TaskTally } from './pass-k.js';

/** Pass rates of a group of episodes. */
export interface Rates {
  episodes: number;
  graded: number;
  passed: number;
  /** Mean over tasks of their pass rate (null with nothing graded). */
  pass1: number | null;
}

/** RUN/summary.json. */
export interface RunSummary {
  version: 1;
  /** Pairs the run (or its shards) should play, and how many are recorded. */
  pairs: number;
  recorded: number;
  missing: number;
  tasks: number;
  k: number;
  episodes: number;
  /** Episodes with a verdict (not infra_error or user_error). */
  graded: number;
  passed: number;
  pass1: number | null;
  /** 95 % interval of pass@1 over tasks. */
  pass1Interval: [number, number] | null;
  /** pass^k for k = 1..K. */
  passHatK: Record<string, number | null>;
  byDomain: Record<string, Rates>;
  byGoldCalls: Record<string, Rates>;
  endReasons: Record<EndReason, number>;
  /** Which check failed, over graded episodes that failed. */
  failedChecks: Record<string, number>;
  tokens: { agent: { prompt: number; completion: number }; user: { prompt: number; completion: number } };
  /** Wall-clock figures; drop this field to compare runs. */
  time: { episodeMs: { total: number; p50: number; p95: number }; runSeconds: number | null; episodesPerMinute: number | null };
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function tallies(lines: TrajectoryV2[]): Map<string, TaskTally> {
  const out = new Map<string, TaskTally>();
  for (const line of lines) {
    const tally = out.get(line.task) ?? { n: 0, c: 0 };
    if (line.verdict) {
      tally.n++;
      if (line.verdict.pass) tally.c++;
    }
    out.set(line.task, tally);
  }
  return out;
}

function rates(lines: TrajectoryV2[]): Rates {
  const graded = lines.filter((l) => l.verdict);
  const per = [...tallies(lines).values()].filter((t) => t.n > 0);
  return {
    episodes: lines.length,
    graded: graded.length,
    passed: graded.filter((l) => l.verdict!.pass).length,
    pass1: per.length === 0 ? null : round(per.reduce((a, t) => a + t.c / t.n, 0) / per.length),
  };
}

function groupBy(lines: TrajectoryV2[], key: (line: TrajectoryV2) => string): Record<string, Rates> {
  const groups = new Map<string, TrajectoryV2[]>();
  for (const line of lines) groups.set(key(line), [...(groups.get(key(line)) ?? []), line]);
  return Object.fromEntries([...groups.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((k) => [k, rates(groups.get(k)!)]));
}

/** The summary of a run's lines (one per pair); `runSeconds` is the run's wall time when known. */
export function summarize(lines: TrajectoryV2[], pairs: number, k: number, runSeconds: number | null): RunSummary {
  const all = rates(lines);
  const perTask = [...tallies(lines).values()];
  const passK: Record<string, number | null> = {};
  for (let i = 1; i <= k; i++) {
    const value = passHatK(perTask, i);
    passK[String(i)] = value === null ? null : round(value);
  }
  const endReasons = Object.fromEntries(END_REASONS.map((r) => [r, 0])) as Record<EndReason, number>;
  const failedChecks: Record<string, number> = {};
  const tokens = { agent: { prompt: 0, completion: 0 }, user: { prompt: 0, completion: 0 } };
  for (const line of lines) {
    endReasons[line.end.reason]++;
    for (const check of Object.keys(line.verdict?.failed ?? {})) failedChecks[check] = (failedChecks[check] ?? 0) + 1;
    for (const who of ['agent', 'user'] as const) {
      tokens[who].prompt += line.usage[who].prompt;
      tokens[who].completion += line.usage[who].completion;
    }
  }
  const ms = lines.map((l) => l.timing.ms).sort((a, b) => a - b);
  const interval95 = interval(perTask);
  return {
    version: 1,
    pairs,
    recorded: lines.length,
    missing: Math.max(0, pairs - lines.length),
    tasks: perTask.length,
    k,
    episodes: all.episodes,
    graded: all.graded,
    passed: all.passed,
    pass1: all.pass1,
    pass1Interval: interval95 ? [round(interval95[0]), round(interval95[1])] : null,
    passHatK: passK,
    byDomain: groupBy(lines, (l) => l.domain),
    byGoldCalls: groupBy(lines, (l) => String(l.goldCalls)),
    endReasons,
    failedChecks: Object.fromEntries(Object.entries(failedChecks).sort()),
    tokens,
    time: {
      episodeMs: { total: round(ms.reduce((a, b) => a + b, 0), 1), p50: round(percentile(ms, 0.5), 2), p95: round(percentile(ms, 0.95), 2) },
      runSeconds: runSeconds === null ? null : round(runSeconds, 2),
      episodesPerMinute: runSeconds ? round((lines.length / runSeconds) * 60, 1) : null,
    },
  };
}
