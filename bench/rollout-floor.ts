// Child process of the rollout section: the floor of an oracle episode — a fresh state from the
// domain's seed, the gold calls through `env.call`, the digest — with no MCP, no harness, no
// grading, over every task of a workspace; and the per-call time of `env.call` alone.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Task } from '../formats/task.js';

type Runtime = typeof import('../templates/runtime/environment.js');

/** What the floor run measured. */
export interface FloorResult {
  episodes: number;
  calls: number;
  /** Wall seconds over every domain: loading each package, then its episodes. */
  seconds: number;
  /** Episodes whose digest was the gold digest (all of them, or the floor is wrong). */
  gold: number;
  /** Mean milliseconds of one `env.call`. */
  callMs: number;
}

async function main(): Promise<void> {
  const { ws, k } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { ws: string; k: number };
  const servers = join(ws, 'servers');
  const result: FloorResult = { episodes: 0, calls: 0, seconds: 0, gold: 0, callMs: 0 };
  let callTime = 0;
  const started = performance.now();
  for (const slug of readdirSync(servers).sort()) {
    const dir = join(servers, slug);
    let text: string;
    try {
      text = readFileSync(join(dir, 'tasks.jsonl'), 'utf8');
    } catch {
      continue;
    }
    const tasks = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Task);
    if (tasks.length === 0) continue;
    const { openEnvironment } = (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as Runtime;
    for (const task of tasks) {
      for (let trial = 0; trial < k; trial++) {
        const env = await openEnvironment({ dir, clock: task.initial.clock });
        for (const call of task.gold) {
          const t = performance.now();
          env.call(call.tool, call.arguments);
          callTime += performance.now() - t;
          result.calls++;
        }
        if (env.digest() === task.goldDigest) result.gold++;
        env.close();
        result.episodes++;
      }
    }
  }
  result.seconds = (performance.now() - started) / 1000;
  result.callMs = result.calls > 0 ? callTime / result.calls : 0;
  process.stdout.write(JSON.stringify(result));
}

await main();
