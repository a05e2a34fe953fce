// The graph stage as a build runs it: skipped when stages.json shows the same tools.jsonl and
// options already gave the graph on disk, else built in a worker thread (graph-job.ts) and stamped.
import { siblingModule } from '../../pool/module-url.js';
import { type JobOutcome, runPool } from '../../pool/run-pool.js';
import { clearStamp, fileHash, freshStamp, outputHashes, plannedStamp, writeStamp } from '../build/stamps.js';
import { Interrupted } from '../errors.js';
import { ARTIFACTS, artifactPath, readJson } from '../workspace.js';
import type { GraphJob, GraphJobResult, GraphProgress } from './graph-job.js';
import { checkOptions, DEFAULT_GRAPH_OPTIONS, GraphError, type GraphOptions, type GraphSummary } from './index.js';

/** How the stage runs. */
export interface GraphStageOptions {
  /** Return the recorded counts, doing nothing, when the graph on disk is this exact graph. */
  reuse?: boolean;
  /** Called when `reuse` found the graph current and nothing was built. */
  onReused?: () => void;
  /** 0 builds in this thread (no worker). */
  workers?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
  /** Stop: the worker is terminated, nothing is written, Interrupted is thrown. */
  signal?: AbortSignal;
}

/** Run the graph stage on a workspace; returns its counts. */
export async function graphStage(ws: string, partial: Partial<GraphOptions>, stage: GraphStageOptions = {}): Promise<GraphSummary> {
  const options: GraphOptions = { ...DEFAULT_GRAPH_OPTIONS, ...partial };
  checkOptions(options);
  const planned = plannedStamp('graph', { [ARTIFACTS.tools]: fileHash(artifactPath(ws, ARTIFACTS.tools)) }, { ...options });
  if (stage.reuse && freshStamp(ws, 'graph', planned)) {
    stage.onReused?.();
    return readJson<{ counts: GraphSummary }>(ws, ARTIFACTS.domains).counts;
  }
  clearStamp(ws, 'graph');
  let outcome: JobOutcome<GraphJobResult> | undefined;
  await runPool<GraphJob, GraphJobResult, GraphProgress>(siblingModule(import.meta.url, './graph-job'), [{ ws, options }], {
    workers: stage.workers === 0 ? 0 : 1,
    signal: stage.signal,
    onMessage: (_, p) => stage.onProgress?.(p.phase, p.done, p.total),
    onDone: (_, ended) => (outcome = ended),
  });
  if (stage.signal?.aborted || !outcome) throw new Interrupted('graph');
  if (!outcome.ok) throw new Error(`the graph stage failed: ${outcome.error}`);
  if ('userError' in outcome.value) throw new GraphError(outcome.value.userError);
  writeStamp(ws, 'graph', { ...planned, outputs: outputHashes(ws, [ARTIFACTS.graph, ARTIFACTS.domains]) });
  return outcome.value.summary;
}

