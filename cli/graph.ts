// `agentscaler graph --ws WS [--threshold T] [--min-tools N] [--max-tools N] [--seed S]`
import { Command } from 'commander';
import { join } from 'node:path';
import { DEFAULT_GRAPH_OPTIONS, type GraphOptions, type GraphSummary } from '../generator/graph/index.js';
import { graphStage } from '../generator/graph/stage.js';
import { ARTIFACTS } from '../generator/workspace.js';
import { peakRssMb, round } from './ingest.js';
import { stopSignal } from './interrupt.js';
import { numberOption, printSummary, progress } from './terminal.js';

/** Graph flags, shared by `graph` and `build`. */
export interface GraphFlags {
  threshold?: number;
  k?: number;
  minTools?: number;
  maxTools?: number;
  seed?: number;
  maxDf?: number;
}

/** Add the graph flags to a command. */
export function withGraphFlags(command: Command): Command {
  const d = DEFAULT_GRAPH_OPTIONS;
  return command
    .option('--threshold <T>', `cosine similarity for an edge, in (0, 1] (default ${d.threshold})`, numberOption({ min: 0.01, max: 1 }))
    .option('--k <K>', `neighbours kept per tool (default ${d.k})`, numberOption({ integer: true, min: 1 }))
    .option('--min-tools <N>', `smallest domain kept (default ${d.minTools})`, numberOption({ integer: true, min: 1 }))
    .option('--max-tools <N>', `largest domain; bigger ones are split (default ${d.maxTools})`, numberOption({ integer: true, min: 1 }))
    .option('--seed <S>', `random seed (default ${d.seed})`, numberOption({ integer: true }))
    .option('--max-df <N>', `tokens on more than N tools are stop words (default ${d.maxDf})`, numberOption({ integer: true, min: 1 }));
}

/** The graph options the flags set (the rest keep their defaults). */
export function graphOptions(flags: GraphFlags): Partial<GraphOptions> {
  const options: Partial<GraphOptions> = {};
  for (const key of ['threshold', 'k', 'minTools', 'maxTools', 'seed', 'maxDf'] as const) {
    if (flags[key] !== undefined) options[key] = flags[key];
  }
  return options;
}

/** Run the graph stage with a progress bar; returns its summary and seconds. */
export async function runGraph(ws: string, flags: GraphFlags): Promise<{ summary: GraphSummary; seconds: number }> {
  const started = performance.now();
  const bar = progress('graph');
  try {
    const summary = await graphStage(ws, graphOptions(flags), { onProgress: (phase, done, total) => bar.update(done, total, phase), signal: stopSignal() });
    return { summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    bar.stop();
  }
}

/** The human rows of a graph summary. */
export function graphRows(s: GraphSummary): [string, string | number][] {
  return [
    ['tools', s.tools],
    ['similarity edges', s.similarityEdges],
    ['id links', s.idLinks],
    ['feeds edges', s.feedsEdges],
    ['communities', s.communities],
    ['domains', s.domains],
    ['tools in domains', s.toolsInDomains],
    ['unassigned', s.unassigned],
    ['split / merged', `${s.split} / ${s.merged}`],
    ['domain size', `min ${s.sizes.min}, median ${s.sizes.median}, max ${s.sizes.max}`],
  ];
}

export function graphCommand(): Command {
  return withGraphFlags(
    new Command('graph')
      .description('build the tool graph and split it into domains: WS/graph.json and WS/domains.json')
      .requiredOption('--ws <WS>', 'workspace folder holding tools.jsonl'),
  )
    .option('--json', 'print the summary as JSON')
    .action(async (flags: GraphFlags & { ws: string; json?: boolean }) => {
      const { summary, seconds } = await runGraph(flags.ws, flags);
      printSummary(
        `graph of ${join(flags.ws, ARTIFACTS.tools)} → ${join(flags.ws, ARTIFACTS.domains)} in ${seconds.toFixed(1)} s`,
        graphRows(summary),
        flags.json ? { ...summary, dropped: summary.unassigned, seconds: round(seconds), peakRssMb: peakRssMb() } : null,
      );
    });
}
