// The pool job of the synth stage: one domain per job, in a worker thread that is thrown away after a
// few hundred (each domain's tools.js is loaded to check it, and ES modules are never unloaded).
import { type DomainSynthJob, type DomainSynthResult, synthDomain } from './domain-synth.js';

export function run(job: DomainSynthJob): Promise<DomainSynthResult> {
  return synthDomain(job);
}
