// A domain's tasks as the rollout reads them: servers/<slug>/tasks.jsonl, by id.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTask, type Task } from '../../formats/task.js';

/** The tasks of the package in `dir`, by id, in file order (none when it has no tasks file). */
export function readTasks(dir: string): Map<string, Task> {
  const file = join(dir, 'tasks.jsonl');
  const tasks = new Map<string, Task>();
  if (!existsSync(file)) return tasks;
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (line.trim() === '') continue;
    // Tasks of every format version are read as the current one.
    const task = parseTask(line, `${file} line ${i + 1}`);
    tasks.set(task.id, task);
  }
  return tasks;
}
