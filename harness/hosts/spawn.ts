// The spawn host: each episode's server is its own `node index.js` process over stdio, on a state
// file in a temp folder the harness owns; at the end its process group is killed and the file read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '../../formats/task.js';
import { runtimeOf } from '../verify/package.js';
import type { EpisodeServer, Host } from './host.js';
import { ChildStdioTransport } from './stdio-child.js';

/** A host spawning one server process per episode of the package in `dir`. */
export async function spawnHost(dir: string): Promise<Host> {
  const runtime = await runtimeOf(dir);
  const root = mkdtempSync(join(tmpdir(), 'agentscaler-episodes-'));
  let next = 0;
  return {
    async open(task: Task): Promise<EpisodeServer> {
      const folder = join(root, String(next++));
      const db = join(folder, 'state.sqlite');
      const transport = new ChildStdioTransport({ command: process.execPath, args: [join(dir, 'index.js'), '--db', db, '--reset', '--clock', task.initial.clock], cwd: dir });
      let finishing = false;
      const died = transport.exited.then((how) => (finishing ? new Promise<string>(() => undefined) : `the server process ${how}${transport.stderrTail ? `: ${transport.stderrTail.trim().split('\n').pop()}` : ''}`));
      const dispose = async () => {
        transport.kill();
        rmSync(folder, { recursive: true, force: true });
      };
      return {
        transport,
        died,
        get pid() {
          return transport.pid;
        },
        async finish() {
          finishing = true;
          await transport.close();
          const env = await runtime.openEnvironment({ dir, db });
          const digest = env.digest();
          const snapshot = env.snapshot();
          env.close();
          return { digest, snapshot: () => snapshot };
        },
        dispose,
      };
    },
    async close() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
