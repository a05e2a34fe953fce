// Domains from the similarity graph: Louvain communities (seeded), communities above maxTools
// split again, ones below minTools merged into their best-connected neighbour or dropped.
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { seededRandom } from '../random.js';
import type { SimilarityEdge } from './similarity.js';

// The package is CommonJS with `export default` typings: at run time the default import is the
// function itself, which TypeScript's NodeNext view of the module does not see.
const louvain = louvainModule as unknown as typeof louvainModule.default;

/** Options of the partition. */
export interface PartitionOptions {
  seed: number;
  minTools: number;
  maxTools: number;
}

/** Tools of the graph as the partition sees them. */
export interface PartitionInput {
  /** Number of tools; tool i is index i. */
  size: number;
  edges: SimilarityEdge[];
  /** Provider of each tool. */
  providers: string[];
  /** Sort key of each tool (path or name) for the last-resort split into chunks. */
  sortKeys: string[];
}

/** The partition: domains as sorted tool indices, and what happened on the way. */
export interface Partition {
  domains: number[][];
  /** Louvain communities before splitting and merging. */
  communities: number;
  /** Communities above maxTools that were split. */
  split: number;
  /** Communities below minTools merged into another. */
  merged: number;
  /** Tools left in no domain (their community was too small and had no neighbour with room). */
  unassigned: number[];
}

/** Louvain on the subgraph of `members` (all of it when omitted); returns groups of tool indices. */
function communitiesOf(input: PartitionInput, adjacency: Map<number, number>[], members: number[], rng: () => number, resolution: number): number[][] {
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  const inside = new Set(members);
  for (const m of members) graph.addNode(String(m));
  for (const m of members) {
    for (const [other, weight] of adjacency[m]!) {
      if (other > m && inside.has(other)) graph.addUndirectedEdge(String(m), String(other), { weight });
    }
  }
  const mapping = graph.size > 0 ? louvain(graph, { rng, getEdgeWeight: 'weight', resolution }) : {};
  const groups = new Map<number, number[]>();
  let isolated = -1;
  for (const m of members) {
    // Louvain leaves edgeless nodes each in a community of their own; key them apart explicitly.
    const community = mapping[String(m)] ?? isolated--;
    let group = groups.get(community);
    if (!group) groups.set(community, (group = []));
    group.push(m);
  }
  return [...groups.values()];
}

function byKey(input: PartitionInput) {
  return (a: number, b: number) => (input.sortKeys[a]! < input.sortKeys[b]! ? -1 : input.sortKeys[a]! > input.sortKeys[b]! ? 1 : a - b);
}

/** Split a too-large group: Louvain on its subgraph at rising resolution, then by provider, then in sorted chunks. */
function splitGroup(input: PartitionInput, adjacency: Map<number, number>[], group: number[], options: PartitionOptions, rng: () => number, depth = 0): number[][] {
  if (group.length <= options.maxTools) return [group];
  if (depth < 4) {
    const parts = communitiesOf(input, adjacency, group, rng, 1 + depth * 0.75);
    if (parts.length > 1) return parts.flatMap((part) => splitGroup(input, adjacency, part, options, rng, depth + 1));
  }
  const byProvider = new Map<string, number[]>();
  for (const m of group) {
    const p = input.providers[m]!;
    if (!byProvider.has(p)) byProvider.set(p, []);
    byProvider.get(p)!.push(m);
  }
  if (byProvider.size > 1) return [...byProvider.values()].flatMap((part) => splitGroup(input, adjacency, part, options, rng, 4));
  // One provider, no community structure left.
  return chunked(input, group, options.maxTools);
}

/** Equal chunks of at most `max` tools in path order, which keeps related endpoints together. */
function chunked(input: PartitionInput, group: number[], max: number): number[][] {
  const sorted = [...group].sort(byKey(input));
  const chunks = Math.ceil(sorted.length / max);
  const size = Math.ceil(sorted.length / chunks);
  return Array.from({ length: chunks }, (_, c) => sorted.slice(c * size, (c + 1) * size));
}

/** Partition tools into domains of minTools..maxTools tools. Deterministic for a given seed. */
export function partition(input: PartitionInput, options: PartitionOptions): Partition {
  const rng = seededRandom(options.seed);
  const adjacency: Map<number, number>[] = Array.from({ length: input.size }, () => new Map());
  // Edges between the same two tools (a similarity and an id link) add up.
  for (const [a, b, w] of input.edges) {
    adjacency[a]!.set(b, (adjacency[a]!.get(b) ?? 0) + w);
    adjacency[b]!.set(a, (adjacency[b]!.get(a) ?? 0) + w);
  }
  const all = Array.from({ length: input.size }, (_, i) => i);
  const initial = communitiesOf(input, adjacency, all, rng, 1);
  let split = 0;
  const groups: number[][] = [];
  for (const group of initial) {
    if (group.length > options.maxTools) split++;
    groups.push(...splitGroup(input, adjacency, group, options, rng));
  }
  const { kept, merged, unassigned } = mergeSmall(input, adjacency, groups, options);
  const domains = kept.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
  return { domains, communities: initial.length, split, merged, unassigned: unassigned.sort((a, b) => a - b) };
}

/**
 * Merge groups below minTools into the group they share the most edge weight with (if it has
 * room), else into the largest group of their provider with room; drop what still is too small.
 */
function mergeSmall(input: PartitionInput, adjacency: Map<number, number>[], groups: number[][], options: PartitionOptions) {
  const groupOf = new Int32Array(input.size);
  const members: (number[] | null)[] = groups.map((g) => [...g]);
  members.forEach((g, gi) => g!.forEach((m) => (groupOf[m] = gi)));
  let merged = 0;

  const moveInto = (from: number, to: number) => {
    for (const m of members[from]!) groupOf[m] = to;
    members[to]!.push(...members[from]!);
    members[from] = null;
    merged++;
  };

  // Smallest first, so pairs of tiny groups can combine before larger ones absorb them.
  const order = members.map((_, gi) => gi).sort((a, b) => members[a]!.length - members[b]!.length || a - b);
  for (const gi of order) {
    const group = members[gi];
    if (!group || group.length >= options.minTools) continue;
    const weightTo = new Map<number, number>();
    for (const m of group) {
      for (const [other, w] of adjacency[m]!) {
        const target = groupOf[other]!;
        if (target !== gi) weightTo.set(target, (weightTo.get(target) ?? 0) + w);
      }
    }
    let best = -1;
    let bestWeight = 0;
    for (const [target, w] of weightTo) {
      if (members[target]!.length + group.length > options.maxTools) continue;
      if (w > bestWeight || (w === bestWeight && target < best)) {
        best = target;
        bestWeight = w;
      }
    }
    if (best >= 0) moveInto(gi, best);
  }

  // Groups still too small have no connected neighbour with room. Their tools are pooled by
  // provider: a pool big enough becomes domains of its own (in path order); a smaller one joins
  // the provider's group with the most room; what fits nowhere is left unassigned.
  const pools = new Map<string, number[]>();
  members.forEach((g, gi) => {
    if (!g || g.length >= options.minTools) return;
    for (const m of g) {
      const p = input.providers[m]!;
      if (!pools.has(p)) pools.set(p, []);
      pools.get(p)!.push(m);
    }
    members[gi] = null;
  });
  const roomiest = new Map<string, number>();
  members.forEach((g, gi) => {
    if (!g) return;
    for (const p of new Set(g.map((m) => input.providers[m]!))) {
      const current = roomiest.get(p);
      if (current === undefined || members[current]!.length > g.length) roomiest.set(p, gi);
    }
  });
  const unassigned: number[] = [];
  for (const [provider, pool] of pools) {
    if (pool.length >= options.minTools) {
      for (const chunk of chunked(input, pool, options.maxTools)) members.push(chunk);
      merged++;
      continue;
    }
    const target = roomiest.get(provider);
    if (target !== undefined && members[target]!.length + pool.length <= options.maxTools) {
      members[target]!.push(...pool);
      merged++;
    } else {
      unassigned.push(...pool);
    }
  }
  // A pool split into chunks can leave pieces under minTools when the bounds are close together.
  const kept: number[][] = [];
  for (const g of members) {
    if (!g) continue;
    if (g.length >= options.minTools) kept.push(g);
    else unassigned.push(...g);
  }
  return { kept, merged, unassigned };
}
