// The gold state of a task: its gold calls replayed on a fresh in-memory copy of the seed, at the
// task's clock. Made once per task and package folder, then shared by every trajectory of the task.
import { resolve } from 'node:path';
import type { Task } from '../../formats/task.js';
import { describeCall } from './arguments.js';
import { runtimeOf } from './package.js';

/** The state the gold calls leave, and anything that makes it differ from what the task recorded. */
export interface GoldState {
  snapshot: Buffer;
  digest: string;
  /** Where the replay disagrees with the task (a stale task or an edited package); empty when it agrees. */
  problems: string[];
}

const cache = new Map<string, Promise<GoldState>>();
/** Gold states kept at once: a long run grades many tasks, each task's trajectories together. */
const CACHED = 256;

/** The gold state of `task` in the package at `dir` (cached per task id, gold digest and folder). */
export function goldState(task: Task, dir: string): Promise<GoldState> {
  const key = `${resolve(dir)}\0${task.id}\0${task.goldDigest}`;
  let state = cache.get(key);
  if (!state) {
    state = replay(task, dir);
    cache.set(key, state);
    state.catch(() => cache.delete(key));
    // Map order is insertion order: the oldest entry goes first.
    if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
  }
  return state;
}

async function replay(task: Task, dir: string): Promise<GoldState> {
  const { openEnvironment } = await runtimeOf(dir);
  const env = await openEnvironment({ dir, clock: task.initial.clock });
  try {
    const problems: string[] = [];
    const initial = env.digest();
    if (initial !== task.initial.digest) problems.push(`the seed of ${dir} has digest ${initial}, not the task's initial digest ${task.initial.digest}`);
    task.gold.forEach((call, index) => {
      const result = env.call(call.tool, call.arguments);
      if (result.isError) problems.push(`gold call ${index + 1} ${describeCall(call.tool, call.arguments)} fails on replay: ${result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ')}`);
    });
    const digest = env.digest();
    if (digest !== task.goldDigest) problems.push(`replaying the gold calls gives digest ${digest}, not the task's gold digest ${task.goldDigest}`);
    if (problems.length > 0) problems.push(`task ${task.id} does not match the package in ${dir}; regenerate its tasks`);
    return { snapshot: env.snapshot(), digest, problems };
  } finally {
    env.close();
  }
}
