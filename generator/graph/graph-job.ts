// The pool job of the graph stage: the whole tool graph is built in a worker thread, so its
// gigabytes are returned to the system when the thread ends instead of staying in the process that
// goes on to synth and tasks, and the main thread stays free to answer Ctrl-C.
import { UserError } from '../errors.js';
import { buildGraph, type GraphOptions, type GraphSummary } from './index.js';

/** Build the graph of `ws` with `options`. */
export interface GraphJob {
  ws: string;
  options: Partial<GraphOptions>;
}

/** The summary, or the message of a problem with the workspace the user can fix. */
export type GraphJobResult = { summary: GraphSummary } | { userError: string };

/** Progress of a phase of the graph build. */
export interface GraphProgress {
  phase: string;
  done: number;
  total: number;
}

export function run(job: GraphJob, emit: (progress: GraphProgress) => void): Promise<GraphJobResult> {
  try {
    return Promise.resolve({ summary: buildGraph(job.ws, job.options, (phase, done, total) => emit({ phase, done, total })) });
  } catch (error) {
    // A user's problem crosses the thread boundary as data, so it is still shown as one clean line.
    if (error instanceof UserError) return Promise.resolve({ userError: error.message });
    throw error;
  }
}
