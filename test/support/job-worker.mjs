// A worker thread that runs one job of a pool-style job module (`run(job, emit)`) and posts every
// emitted message to its parent: how a domain pool runs rollout jobs, without the pool.
import { parentPort, workerData } from 'node:worker_threads';

// TypeScript sources (tests) need tsx's loader in this thread; built .js modules do not.
if (workerData.module.endsWith('.ts')) (await import('tsx/esm/api')).register();
const { run } = await import(workerData.module);
const result = await run(workerData.job, (/** @type {unknown} */ message) => parentPort?.postMessage({ message }));
parentPort?.postMessage({ result });
