// A pool worker thread: loads one job module and runs the jobs the parent sends it, passing back what
// each job emits and how it ended. Everything the jobs load (a domain's tools.js, its zod schemas, an
// MCP server) dies with the thread when the pool retires it.
import { parentPort, workerData } from 'node:worker_threads';
import type { JobModule, ToParent, ToWorker } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('pool/worker.ts runs only as a worker thread started by runPool');

const { jobModule } = workerData as { jobModule: string };
const module = import(jobModule) as Promise<JobModule<unknown, unknown, unknown>>;

port.on('message', ({ id, job }: ToWorker<unknown>) => {
  const send = (message: ToParent<unknown, unknown>) => port.postMessage(message);
  module
    .then((m) => {
      // The job's time starts now, not while the thread was still loading its code.
      send({ id, kind: 'start' });
      return m.run(job, (message) => send({ id, kind: 'message', message }));
    })
    .then(
      (value) => send({ id, kind: 'done', ok: true, value }),
      (error: unknown) => send({ id, kind: 'done', ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
});
