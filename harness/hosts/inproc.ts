// The inproc host: each episode's server runs in this process on a fresh in-memory copy of the
// domain's seed, linked to its client by the SDK's in-memory transport. Opening one costs a SQLite
// deserialize and an McpServer, well under a millisecond of state work.
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Task } from '../../formats/task.js';
import { runtimeOf } from '../verify/package.js';
import type { EpisodeServer, Host } from './host.js';

/** A host serving episodes of the domain package in `dir` from memory. */
export async function inprocHost(dir: string): Promise<Host> {
  const runtime = await runtimeOf(dir);
  return {
    async open(task: Task): Promise<EpisodeServer> {
      const env = await runtime.openEnvironment({ dir, clock: task.initial.clock, onInternalError: () => undefined });
      const server = env.createServer();
      const [client, serverSide] = InMemoryTransport.createLinkedPair();
      let closed = false;
      let died!: (reason: string) => void;
      const diedPromise = new Promise<string>((resolve) => (died = resolve));
      serverSide.onclose = () => {
        if (!closed) died('the in-process server closed its connection');
      };
      await server.connect(serverSide);
      const dispose = async () => {
        if (!closed) await server.close().catch(() => undefined);
        closed = true;
        env.close();
      };
      return {
        transport: client,
        died: diedPromise,
        async finish() {
          closed = true;
          await server.close().catch(() => undefined);
          // The state stays open until dispose: its bytes are only taken when the digest is not gold.
          return { digest: env.digest(), snapshot: () => env.snapshot() };
        },
        dispose,
      };
    },
    async close() {},
  };
}
