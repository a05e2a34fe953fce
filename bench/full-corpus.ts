// The plan's corpus measured once and shared: the build runs of the pipeline section are the 100%
// side of the scaling section, and the last run's workspace is what the sweeps re-graph.
import { join } from 'node:path';
import { type BuildRun, measureBuild } from './build-run.js';
import type { BenchContext } from './context.js';
import { parseJson, repeat, runNode } from './measure.js';
import { corpusCatalog, corpusName } from './plan.js';

/** One run of the read + JSON.parse reference script. */
export interface ReferenceRun {
  files: number;
  bytes: number;
  /** Seconds of reading and parsing, as the script reports it (Node start-up excluded, like ingest's). */
  seconds: number;
  wallSeconds: number;
  /** User + system CPU seconds (NaN where unmeasurable). */
  cpuSeconds: number;
  peakRssMb: number;
}

/** Build and reference runs on the plan's corpus, and a workspace built from it. */
export interface CorpusRuns {
  builds: BuildRun[];
  references: ReferenceRun[];
  /** The last build's workspace, kept for the sweeps. */
  workspace: string;
}

const measured = new WeakMap<BenchContext, Promise<CorpusRuns>>();

/** The corpus measurements of this bench, taken on first use. */
export function corpusRuns(context: BenchContext): Promise<CorpusRuns> {
  let runs = measured.get(context);
  if (!runs) {
    runs = measureCorpus(context);
    measured.set(context, runs);
  }
  return runs;
}

/** Run the reference script once as a child process. */
export async function measureReference(context: BenchContext): Promise<ReferenceRun> {
  const script = join(context.root, 'dist', 'bench', 'parse-corpus.js');
  const run = await runNode(script, [context.plan.prefix], context.root);
  const json = parseJson<Omit<ReferenceRun, 'wallSeconds' | 'cpuSeconds'>>(run, 'parse-corpus');
  return { ...json, wallSeconds: run.wallSeconds, cpuSeconds: run.cpuSeconds ?? NaN };
}

async function measureCorpus(context: BenchContext): Promise<CorpusRuns> {
  const { plan } = context;
  // One untimed read first, so no timed run pays for a cold page cache that the others do not.
  context.say(`${corpusName(plan)}: warming the page cache (not counted)`);
  await measureReference(context);
  const references: ReferenceRun[] = [];
  let workspace = '';
  // Reference and build runs alternate, so a slow spell of the machine hits both alike.
  const builds = await repeat(plan.runs, async (run) => {
    context.say(`${corpusName(plan)}: reference read + parse, run ${run}/${plan.runs}`);
    const reference = await measureReference(context);
    references.push(reference);
    context.say(`  ${reference.files} files parsed in ${reference.seconds.toFixed(1)} s`);
    if (workspace) context.discard(workspace);
    workspace = context.folder(`corpus-${run}`);
    context.say(`${corpusName(plan)}: build run ${run}/${plan.runs}`);
    const build = await measureBuild(context, corpusCatalog(plan), workspace);
    context.say(`  ${build.tools.toLocaleString('en-US')} tools, ${build.domains} domains in ${build.wallSeconds.toFixed(1)} s, peak ${build.peakRssMb} MB`);
    return build;
  });
  return { builds, references, workspace };
}
