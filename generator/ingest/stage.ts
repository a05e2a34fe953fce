// The ingest stage as a build runs it: ingest() in a worker thread (ingest-job.ts), its progress and
// problem lines passed through, a stop honoured by ending the thread and removing its partial file.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { siblingModule } from '../../pool/module-url.js';
import { type JobOutcome, runPool } from '../../pool/run-pool.js';
import { Interrupted, UserError } from '../errors.js';
import { ARTIFACTS, partialPath } from '../workspace.js';
import type { IngestJob, IngestJobResult, IngestMessage } from './ingest-job.js';
import type { IngestOptions, IngestSummary } from './index.js';

/** A problem with the catalogs, as ingest named it in its thread. */
export class IngestStageError extends UserError {}

/** Run ingest in a worker thread; the same options and result as ingest(). */
export async function ingestStage(options: IngestOptions): Promise<IngestSummary> {
  const { onProgress, onProblem, onReused, signal, ...job } = options;
  let outcome: JobOutcome<IngestJobResult> | undefined;
  await runPool<IngestJob, IngestJobResult, IngestMessage>(siblingModule(import.meta.url, './ingest-job'), [job], {
    workers: 1,
    signal,
    onMessage: (_, message) => {
      if (message.kind === 'progress') onProgress?.(message.done, message.total, message.label);
      else if (message.kind === 'problem') onProblem?.(message.line);
      else onReused?.();
    },
    onDone: (_, ended) => (outcome = ended),
  });
  if (signal?.aborted || !outcome) {
    // The thread was ended mid-write: what it was writing is not an artifact.
    rmSync(partialPath(join(options.out, ARTIFACTS.tools)), { force: true });
    throw new Interrupted('ingest');
  }
  if (!outcome.ok) throw new Error(`the ingest stage failed: ${outcome.error}`);
  if ('userError' in outcome.value) throw new IngestStageError(outcome.value.userError);
  return outcome.value.summary;
}
