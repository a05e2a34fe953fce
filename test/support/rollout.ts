// Rollouts for tests: the BFCL workspace with its tasks, run options with the CLI's defaults, and
// the lines of a run folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tasks } from '../../generator/tasks/index.js';
import type { RunOptions } from '../../formats/run.js';
import type { Task } from '../../formats/task.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import { synthWorkspace, type SynthWorkspace } from './servers.js';

/** The 18 BFCL servers with their tasks, in a fresh workspace. */
export async function taskWorkspace(label = 'rollout'): Promise<SynthWorkspace> {
  const built = await synthWorkspace(undefined, label);
  await tasks({ ws: built.ws });
  return built;
}

/** Run options as the CLI's defaults give them, with `overrides`. */
export function runOptions(ws: string, overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    ws,
    agent: 'oracle',
    user: 'scripted',
    apiKeyEnv: 'AGENTSCALER_TEST_KEY',
    tasks: null,
    limit: null,
    k: 1,
    host: 'inproc',
    temperature: null,
    topP: null,
    maxTokens: null,
    systemPrompt: null,
    maxTurns: 30,
    maxErrors: 10,
    timeout: 60,
    requestTimeout: 30,
    resultCap: 20_000,
    toolNameLimit: 64,
    mcpConfig: 'http',
    seed: 1,
    shard: null,
    ...overrides,
  };
}

/** The lines of RUN/trajectories.jsonl. */
export function runLines(run: string): TrajectoryV2[] {
  return readFileSync(join(run, 'trajectories.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TrajectoryV2);
}

/** The tasks of one server folder. */
export function tasksOf(dir: string): Task[] {
  return readFileSync(join(dir, 'tasks.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Task);
}

/** Every task of the workspace's servers, in slug order. */
export function allTasks(built: SynthWorkspace): Task[] {
  return built.slugs.flatMap((slug) => tasksOf(built.dir(slug)));
}

/** A line without its timings, as JSON text: what two identical runs share byte for byte. */
export function withoutTiming(line: TrajectoryV2): string {
  const { timing: _timing, ...rest } = line;
  return JSON.stringify(rest);
}
