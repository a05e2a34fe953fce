// Grades the hand-written correct non-gold solutions (test/fixtures/non-gold-solutions.json) of a
// BFCL workspace: how many the reward rejects, and how many the strict match of calls rejects.
// Usage: node dist/bench/verifier-fairness-measure.js WS   Prints {solutions, rewardRejected, callsRejected, rejected: [...]} as JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Task } from '../formats/task.js';
import type { Json } from '../formats/toolspec.js';
import { goldAnswer, verify } from '../harness/verify/index.js';
import { playMutant } from '../harness/verify/mutants.js';

/** One fixture: a task and the calls of a correct solution that is not its gold. */
interface Solution {
  task: string;
  kind: string;
  calls: [string, Record<string, Json>][];
}

/** What grading the fixtures found. */
export interface Fairness {
  solutions: number;
  /** Rejected by the reward (verdict.pass false). */
  rewardRejected: number;
  /** Rejected by exact match of calls on every task (the funnel's calls stage). */
  callsRejected: number;
  rejected: { task: string; kind: string; reason: string }[];
}

/** Grade every fixture against the tasks of workspace `ws`. */
export async function measureFairness(ws: string, fixture: string): Promise<Fairness> {
  const { solutions } = JSON.parse(readFileSync(fixture, 'utf8')) as { solutions: Solution[] };
  const out: Fairness = { solutions: solutions.length, rewardRejected: 0, callsRejected: 0, rejected: [] };
  for (const solution of solutions) {
    const dir = join(ws, 'servers', solution.task.split('/')[0]!);
    const task = readFileSync(join(dir, 'tasks.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Task).find((t) => t.id === solution.task);
    if (!task) throw new Error(`no task ${solution.task} in ${dir}`);
    const played = await playMutant(dir, task, { calls: solution.calls.map(([tool, args]) => ({ tool, arguments: args })), answer: goldAnswer(task) });
    const reward = await verify(task, played.trajectory, { dir, finalState: played.finalState });
    const strict = await verify(task, played.trajectory, { dir, finalState: played.finalState, exactMatch: 'all' });
    const first = (v: typeof reward) => Object.entries(v.checks).find(([, c]) => c.applies && !c.pass);
    if (!reward.pass) out.rewardRejected++;
    if (!strict.pass) out.callsRejected++;
    const failed = first(reward) ?? first(strict);
    if (failed) out.rejected.push({ task: solution.task, kind: solution.kind, reason: `${failed[0]}: ${failed[1].reasons[0] ?? ''}` });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ws = process.argv[2];
  if (!ws) throw new Error('usage: node dist/bench/verifier-fairness-measure.js WS [FIXTURE]');
  const fixture = process.argv[3] ?? fileURLToPath(new URL('../../test/fixtures/non-gold-solutions.json', import.meta.url));
  process.stdout.write(`${JSON.stringify(await measureFairness(ws, fixture))}\n`);
}
