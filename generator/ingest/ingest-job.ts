// The pool job of the ingest stage: catalogs are read, de-duplicated and written in a worker thread
// (which starts its own parsing threads), so the memory that takes is returned to the system when the
// thread ends instead of staying in the process that goes on to graph, synth and tasks.
import { UserError } from '../errors.js';
import { ingest, type IngestOptions, type IngestSummary } from './index.js';

/** The plain-data part of IngestOptions. */
export type IngestJob = Omit<IngestOptions, 'onProgress' | 'onProblem' | 'onReused' | 'signal'>;

/** What the job tells the parent while it runs. */
export type IngestMessage = { kind: 'progress'; done: number; total: number; label: string } | { kind: 'problem'; line: string } | { kind: 'reused' };

/** The summary, or the message of a problem with the catalogs the user can fix. */
export type IngestJobResult = { summary: IngestSummary } | { userError: string };

export async function run(job: IngestJob, emit: (message: IngestMessage) => void): Promise<IngestJobResult> {
  try {
    const summary = await ingest({
      ...job,
      onProgress: (done, total, label) => emit({ kind: 'progress', done, total, label }),
      onProblem: (line) => emit({ kind: 'problem', line }),
      onReused: () => emit({ kind: 'reused' }),
    });
    return { summary };
  } catch (error) {
    // A user's problem crosses the thread boundary as data, so it is still shown as one clean line.
    if (error instanceof UserError) return { userError: error.message };
    throw error;
  }
}
