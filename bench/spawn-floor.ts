// Child process of the rollout section: how fast this machine starts emitted servers and gets a
// first tool result from each, `concurrency` at a time — the floor of the spawn host. Each server
// runs `node index.js --db FILE --reset` and is asked one gold call by the SDK's stdio client.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '../formats/task.js';

/** The spawn floor: servers started and the seconds they took. */
export interface SpawnFloor {
  servers: number;
  seconds: number;
}

async function main(): Promise<void> {
  const { dir, count, concurrency } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { dir: string; count: number; concurrency: number };
  const tasks = readFileSync(join(dir, 'tasks.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Task);
  const scratch = mkdtempSync(join(tmpdir(), 'agentscaler-spawn-floor-'));
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const task = tasks[n % tasks.length]!;
      const transport = new StdioClientTransport({ command: process.execPath, args: [join(dir, 'index.js'), '--db', join(scratch, `${n}.sqlite`), '--reset'], env: { PATH: process.env.PATH ?? '' }, stderr: 'ignore' });
      const client = new Client({ name: 'spawn-floor', version: '1' });
      await client.connect(transport);
      await client.callTool({ name: task.gold[0]!.tool, arguments: task.gold[0]!.arguments });
      await client.close();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const result: SpawnFloor = { servers: count, seconds: (performance.now() - started) / 1000 };
  rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(result));
}

await main();
