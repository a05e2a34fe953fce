// The per-domain work in the shape of a pool job module (`run(job, emit)`): a worker thread given
// this file runs one domain's episodes and emits each record to the parent, which alone writes the
// run folder. A run over thousands of domains hands its DomainJobs to such a pool so every worker's
// loaded domain code is thrown away with the worker (see README "Rollouts").
import { type DomainJob, type EpisodeRecord, runDomain } from './domain-job.js';

/** Play one domain job, emitting each graded episode. */
export async function run(job: DomainJob, emit: (record: EpisodeRecord) => void): Promise<{ episodes: number }> {
  return runDomain(job, emit);
}
