// What a pool and its workers say to each other, and what a job module looks like.

/** A module the pool can run jobs of: `export async function run(job, emit) { … }`. */
export interface JobModule<J, R, M> {
  /** Run one job; `emit` sends a message to the parent while the job runs (an episode, a progress line). */
  run(job: J, emit: (message: M) => void): Promise<R>;
}

/** How one job ended: its value, or why it has none (its own throw, its thread dying, or its time running out). */
export type JobOutcome<R> = { ok: true; value: R } | { ok: false; error: string; cause: 'threw' | 'crashed' | 'timeout' };

/** Parent → worker: run this job. */
export interface ToWorker<J> {
  id: number;
  job: J;
}

/** Worker → parent: a message a job emitted, or the end of a job. */
export type ToParent<R, M> =
  | { id: number; kind: 'start' }
  | { id: number; kind: 'message'; message: M }
  | { id: number; kind: 'done'; ok: true; value: R }
  | { id: number; kind: 'done'; ok: false; error: string };
