// Similarity edges (paper Eq. 1): tools i, j are joined when cos(φ_i, φ_j) ≥ τ. Candidates come
// from an inverted index that holds only each vector's prefix (the "All-Pairs" prefix filter of
// Bayardo et al., 2007): vector entries are in one global order, rarest token first, and a
// vector's prefix ends where the norm of the remaining tail drops below τ. Two vectors with
// cosine ≥ τ must share a token of the earlier one's prefix, so the search is exact without
// ever looking at all n² pairs. Scores are accumulated while probing, and a candidate whose
// score plus its tail's norm cannot reach τ is dropped before its tail is compared.
// Each tool then keeps its k strongest neighbours; the graph is the union of those choices
// (at most k·n edges).
import type { VectorSet } from './vectors.js';

/** An undirected weighted edge between tool indices, `a < b`. */
export type SimilarityEdge = [a: number, b: number, weight: number];

/** Options of the similarity search. */
export interface SimilarityOptions {
  /** Cosine threshold τ. */
  threshold: number;
  /** Neighbours kept per tool. */
  k: number;
  /** Provider of each tool: among equally similar neighbours, one of the same provider wins. */
  providers: string[];
  /** Called every few thousand tools. */
  onProgress?: (done: number, total: number) => void;
}

/** A tool's best neighbours so far. */
class TopK {
  readonly others: number[] = [];
  readonly sims: number[] = [];

  constructor(
    private readonly k: number,
    private readonly self: number,
    private readonly providers: string[],
  ) {}

  /** Whether (sim, other) ranks above (sim2, other2) for this tool: stronger, then same provider, then lower index. */
  private better(sim: number, other: number, sim2: number, other2: number): boolean {
    if (sim !== sim2) return sim > sim2;
    const mine = this.providers[this.self];
    const same = this.providers[other] === mine;
    const same2 = this.providers[other2] === mine;
    if (same !== same2) return same;
    return other < other2;
  }

  offer(other: number, sim: number): void {
    const { others, sims } = this;
    if (others.length < this.k) {
      others.push(other);
      sims.push(sim);
      return;
    }
    // k is small: a linear scan for the weakest entry beats a heap.
    let worst = 0;
    for (let i = 1; i < others.length; i++) {
      if (this.better(sims[worst]!, others[worst]!, sims[i]!, others[i]!)) worst = i;
    }
    if (this.better(sim, other, sims[worst]!, others[worst]!)) {
      others[worst] = other;
      sims[worst] = sim;
    }
  }
}

// Guards the bounds against floating-point rounding.
const EPSILON = 1e-9;

/** Find the k-nearest-neighbour similarity graph at threshold τ. Edges sorted by (a, b). */
export function similarityEdges(vectors: VectorSet, options: SimilarityOptions): SimilarityEdge[] {
  const { offsets, features, weights } = vectors;
  const n = offsets.length - 1;
  const { threshold, k } = options;
  const floor = threshold - EPSILON;
  const postedTools: number[][] = Array.from({ length: vectors.vocabulary.length }, () => []);
  const postedWeights: number[][] = Array.from({ length: vectors.vocabulary.length }, () => []);
  const scratch = new Float64Array(vectors.vocabulary.length);
  const seenBy = new Int32Array(n).fill(-1);
  const score = new Float64Array(n);
  // Per tool: where its unindexed tail starts, and that tail's norm.
  const tailStart = new Uint32Array(n);
  const tailNorm = new Float64Array(n);
  const best = Array.from({ length: n }, (_, i) => new TopK(k, i, options.providers));
  const candidates: number[] = [];

  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (start === end) continue;

    // Probe: accumulate, for every earlier tool sharing a prefix token, the prefix part of the dot.
    candidates.length = 0;
    for (let e = start; e < end; e++) {
      const f = features[e]!;
      const w = weights[e]!;
      scratch[f] = w;
      const tools = postedTools[f]!;
      const ws = postedWeights[f]!;
      for (let p = 0; p < tools.length; p++) {
        const j = tools[p]!;
        if (seenBy[j] !== i) {
          seenBy[j] = i;
          score[j] = 0;
          candidates.push(j);
        }
        score[j]! += ws[p]! * w;
      }
    }
    for (const j of candidates) {
      // The tail of j adds at most its norm: skip candidates that cannot reach τ.
      if (score[j]! + tailNorm[j]! < floor) continue;
      let dot = score[j]!;
      for (let e = tailStart[j]!; e < offsets[j + 1]!; e++) dot += weights[e]! * scratch[features[e]!]!;
      if (dot >= floor) {
        const sim = Math.min(1, Math.round(dot * 10_000) / 10_000);
        best[i]!.offer(j, sim);
        best[j]!.offer(i, sim);
      }
    }
    for (let e = start; e < end; e++) scratch[features[e]!] = 0;

    // Index the prefix: entries up to where the remaining tail's norm drops below τ.
    let tail = 0;
    let prefixEnd = end;
    while (prefixEnd > start) {
      const w = weights[prefixEnd - 1]!;
      if (Math.sqrt(tail + w * w) >= floor) break;
      tail += w * w;
      prefixEnd--;
    }
    for (let e = start; e < prefixEnd; e++) {
      postedTools[features[e]!]!.push(i);
      postedWeights[features[e]!]!.push(weights[e]!);
    }
    tailStart[i] = prefixEnd;
    tailNorm[i] = Math.sqrt(tail);
    if (options.onProgress && (i & 4095) === 0) options.onProgress(i, n);
  }
  options.onProgress?.(n, n);

  // Union of every tool's choices, each edge once.
  const edges = new Map<number, SimilarityEdge>();
  for (let i = 0; i < n; i++) {
    const { others, sims } = best[i]!;
    for (let x = 0; x < others.length; x++) {
      const a = Math.min(i, others[x]!);
      const b = Math.max(i, others[x]!);
      const key = a * n + b;
      if (!edges.has(key)) edges.set(key, [a, b, sims[x]!]);
    }
  }
  return [...edges.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}
