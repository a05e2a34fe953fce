// One timed `agentscaler build --stop-after graph --json` run in a fresh workspace, reduced to the numbers the report shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context.js';
import { parseJson, runNode } from './measure.js';

/** The part of `build --json` the bench reads. */
interface BuildJson {
  tools: number;
  domains: number;
  seconds: number;
  peakRssMb: number;
  ingest: { specs: { read: number; skipped: number }; operations: number; dropped: Record<string, number>; seconds: number };
  graph: { toolsInDomains: number; chainable: number; sizes: { median: number }; seconds: number };
}

/** The smallest and largest domain sizes the targets count (the graph defaults minTools/maxTools). */
export const DOMAIN_RANGE = { min: 3, max: 40 } as const;

/** The measurements of one build run. */
export interface BuildRun {
  specs: number;
  skipped: number;
  /** Operations found in the specs, before the quality filter. */
  operations: number;
  tools: number;
  domains: number;
  /** Domains with DOMAIN_RANGE.min..max tools, counted from domains.json. */
  domainsInRange: number;
  toolsInDomains: number;
  chainable: number;
  ingestSeconds: number;
  graphSeconds: number;
  /** ingest + graph, as the CLI reports it. */
  totalSeconds: number;
  /** Spawn to exit, Node start-up and module loading included. */
  wallSeconds: number;
  /** User + system CPU seconds of the process and its worker threads (NaN where unmeasurable). */
  cpuSeconds: number;
  peakRssMb: number;
  /** Operations the quality filter dropped, by reason. */
  dropped: Record<string, number>;
}

/**
 * Run `build --catalog CATALOG --out WORKSPACE --stop-after graph --json` as a child process and read its
 * summary and domains.json. The ingest + graph targets are about those two stages; synth and tasks
 * have sections of their own.
 */
export async function measureBuild(context: BenchContext, catalog: string, workspace: string): Promise<BuildRun> {
  const args = ['build', '--catalog', catalog, '--out', workspace, '--stop-after', 'graph', '--json'];
  const run = await runNode(context.cli, args, context.root);
  const json = parseJson<BuildJson>(run, `agentscaler ${args.join(' ')}`);
  const domains = JSON.parse(readFileSync(join(workspace, 'domains.json'), 'utf8')) as { domains: { size: number }[] };
  return {
    specs: json.ingest.specs.read,
    skipped: json.ingest.specs.skipped,
    operations: json.ingest.operations,
    tools: json.tools,
    domains: json.domains,
    domainsInRange: domains.domains.filter((d) => d.size >= DOMAIN_RANGE.min && d.size <= DOMAIN_RANGE.max).length,
    toolsInDomains: json.graph.toolsInDomains,
    chainable: json.graph.chainable,
    ingestSeconds: json.ingest.seconds,
    graphSeconds: json.graph.seconds,
    totalSeconds: json.seconds,
    wallSeconds: run.wallSeconds,
    cpuSeconds: run.cpuSeconds ?? NaN,
    peakRssMb: json.peakRssMb,
    dropped: json.ingest.dropped,
  };
}
