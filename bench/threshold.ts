// Section "threshold sweep": the graph stage alone, re-run on one corpus workspace for each τ (and
// for a few stop-word shares), to show the curve the default τ is chosen from.
import { DEFAULT_GRAPH_OPTIONS } from '../generator/graph/index.js';
import type { BenchContext, Section } from './context.js';
import { corpusRuns } from './full-corpus.js';
import { type Cell, fixed, percent, table } from './markdown.js';
import { parseJson, runNode } from './measure.js';
import { corpusName } from './plan.js';

/** The part of `graph --json` the sweep reads. */
interface GraphJson {
  tools: number;
  similarityEdges: number;
  communities: number;
  domains: number;
  toolsInDomains: number;
  unassigned: number;
  chainable: number;
  stopTokens: number;
  sizes: { median: number };
  seconds: number;
  peakRssMb: number;
}

/** One point of a sweep. */
interface SweepPoint {
  /** The value of the flag varied. */
  value: number;
  graph: GraphJson;
  /** CPU seconds of the run (NaN where unmeasurable). */
  cpuSeconds: number;
  /** Set when the point is another sweep's run with the same options, shown again rather than re-run. */
  reused?: string;
}

/** Chainable tools as a share of the tools in domains. */
function chainableShare(g: GraphJson): number {
  return g.toolsInDomains === 0 ? 0 : g.chainable / g.toolsInDomains;
}

/** What the sweep maximizes: tools in domains × chainable share (which is the count of chainable tools). */
function score(g: GraphJson): number {
  return g.toolsInDomains * chainableShare(g);
}

/** Graph the workspace once per value of `flag`; a value in `known` is taken from there instead of re-run. */
async function sweep(context: BenchContext, workspace: string, flag: string, values: number[], known = new Map<number, SweepPoint>()): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const [i, value] of values.entries()) {
    const same = known.get(value);
    if (same) {
      points.push(same);
      continue;
    }
    context.say(`sweep: graph ${flag} ${value} (${i + 1}/${values.length})`);
    const args = ['graph', '--ws', workspace, flag, String(value), '--json'];
    const run = await runNode(context.cli, args, context.root);
    const graph = parseJson<GraphJson>(run, `agentscaler ${args.join(' ')}`);
    context.say(`  ${graph.domains} domains, ${graph.toolsInDomains.toLocaleString('en-US')} tools in domains in ${graph.seconds.toFixed(1)} s`);
    points.push({ value, graph, cpuSeconds: run.cpuSeconds ?? NaN });
  }
  return points;
}

function sweepTable(points: SweepPoint[], label: string, defaultValue: number): string {
  const rows: Cell[][] = points.map(({ value, graph: g, cpuSeconds, reused }) => [
    (value === defaultValue ? `**${value}** (default)` : String(value)) + (reused ? ` — ${reused}` : ''),
    g.stopTokens,
    g.similarityEdges,
    g.communities,
    g.domains,
    g.toolsInDomains,
    g.unassigned,
    g.sizes.median,
    g.chainable,
    percent(chainableShare(g)),
    fixed(g.seconds),
    fixed(cpuSeconds),
    g.peakRssMb,
  ]);
  return table(
    [label, 'stop tokens', 'similarity edges', 'communities', 'domains', 'tools in domains', 'unassigned', 'median domain size', 'chainable tools', 'chainable share', 'seconds', 'CPU s', 'peak RSS MB'],
    rows,
  );
}

/** `graph --threshold T` and `graph --stop-share F` on one corpus workspace, one run per point. */
export const thresholdSection: Section = {
  title: () => 'threshold sweep',
  async render(context) {
    const { plan } = context;
    const { workspace } = await corpusRuns(context);
    const d = DEFAULT_GRAPH_OPTIONS;
    const byThreshold = await sweep(context, workspace, '--threshold', plan.thresholds);
    // The default stop share at the default τ is the τ sweep's default point: shown again, not re-run.
    const atDefault = byThreshold.find((p) => p.value === d.threshold);
    const known = new Map(atDefault ? [[d.stopShare, { ...atDefault, value: d.stopShare, reused: `the τ = ${d.threshold} run above` }]] : []);
    const byStopShare = await sweep(context, workspace, '--stop-share', plan.stopShares, known);
    const best = byThreshold.reduce((a, b) => (score(b.graph) > score(a.graph) ? b : a));
    const mostInDomains = byThreshold.reduce((a, b) => (b.graph.toolsInDomains > a.graph.toolsInDomains ? b : a));
    return [
      `\`agentscaler graph --ws WS --threshold T --json\` on the workspace of the last "ingest + graph" run (${corpusName(plan)}), ` +
        `other options at their defaults (k ${d.k}, domains of ${d.minTools}–${d.maxTools}, seed ${d.seed}, stop share ${d.stopShare}). ` +
        '**One run per point** (a fresh process each): the counts are deterministic, the seconds are single samples. ' +
        '"Chainable" tools have a feeds edge to or from another tool of their domain; "chainable share" is chainable ÷ tools in domains.',
      '',
      sweepTable(byThreshold, 'τ', d.threshold),
      '',
      `**τ = ${best.value} maximizes tools in domains × chainable share** (${best.graph.chainable.toLocaleString('en-US')} chainable tools; ` +
        `the most tools in domains, ${mostInDomains.graph.toolsInDomains.toLocaleString('en-US')}, is at τ = ${mostInDomains.value}).`,
      '',
      `The default \`DEFAULT_GRAPH_OPTIONS.threshold\` in \`generator/graph/index.ts\` (currently ${d.threshold}) is chosen from this curve` +
        (plan.quick ? ' as measured on the full corpus; this quick run covers a slice only.' : '.'),
      '',
      `### stop-share sweep (τ = ${d.threshold})`,
      '',
      `\`graph --stop-share F\`: parameter tokens on more than this share of all tools (and on at least 1,000 tools) are left out of the vectors as corpus stop words. One run per point.`,
      '',
      sweepTable(byStopShare, 'stop share', d.stopShare),
    ].join('\n');
  },
};
