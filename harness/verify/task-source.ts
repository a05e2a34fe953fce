// The tasks trajectories are graded against: those of the workspace's server packages, by id, each
// domain's tasks.jsonl read once, with the digest scheme of its package checked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestSchemeProblem, type Task } from '../../formats/task.js';
import { ARTIFACTS } from '../../formats/workspace.js';
import { RunInputError } from '../run/input-error.js';
import { packageDigestScheme } from './package.js';

/** A task and the package folder of its domain. */
export interface TaskAt {
  task: Task;
  dir: string;
}

/** A lookup of the workspace's tasks by id; every problem a RunInputError naming the file and what to do. */
export function taskSource(ws: string): (id: string) => Promise<TaskAt> {
  const byDomain = new Map<string, Map<string, Task>>();
  const schemes = new Map<string, number>();
  return async (id) => {
    const slug = id.split('/')[0] ?? '';
    const dir = join(ws, ARTIFACTS.servers, slug);
    let tasks = byDomain.get(slug);
    if (!tasks) {
      const file = join(dir, 'tasks.jsonl');
      if (!existsSync(file)) throw new RunInputError(`task ${id}: ${file} not found — run \`agentscaler tasks --ws ${ws}\` first`);
      tasks = new Map();
      readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
        if (text.trim() === '') return;
        try {
          const task = JSON.parse(text) as Task;
          tasks!.set(task.id, task);
        } catch {
          throw new RunInputError(`${file} line ${i + 1} is not JSON; re-run \`agentscaler tasks --ws ${ws}\``);
        }
      });
      byDomain.set(slug, tasks);
    }
    const task = tasks.get(id);
    if (!task) throw new RunInputError(`task ${id} is not in ${join(dir, 'tasks.jsonl')}; were the tasks re-sampled after the trajectories were recorded?`);
    if (!schemes.has(dir)) schemes.set(dir, await packageDigestScheme(dir));
    const stale = digestSchemeProblem(task, schemes.get(dir)!);
    if (stale) throw new RunInputError(stale.replaceAll('--ws WS', `--ws ${ws}`));
    return { task, dir };
  };
}
