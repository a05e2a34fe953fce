// The workspace layout: the file names of the artifacts each stage writes, read by the generator's
// stages and by the harness.

/** File names of the artifacts inside a workspace. */
export const ARTIFACTS = {
  tools: 'tools.jsonl',
  ingest: 'ingest.json',
  graph: 'graph.json',
  domains: 'domains.json',
  servers: 'servers',
  synth: 'synth.json',
  tasks: 'tasks.json',
  /** What each finished stage consumed and produced (generator/build/stamps.ts). */
  stages: 'stages.json',
  /** Per-domain progress of an unfinished synth or tasks stage, for resuming it. */
  journals: '.journals',
} as const;
