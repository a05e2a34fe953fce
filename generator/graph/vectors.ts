// Parameter vectors (paper Eq. 1's φ): IDF-weighted bags of parameter-name tokens, unit length,
// stored compactly (CSR) with each vector's entries in one global order, rarest token first,
// which is what the prefix filter in similarity.ts relies on.
import type { Boilerplate, ToolFeatures } from './features.js';

/**
 * Output field names count too, at half weight: without them a tool that takes no parameters
 * (`list_users`, `logout`) would have no vector and could never join a domain.
 */
export const OUTPUT_WEIGHT = 0.5;

/**
 * Tokens on more than this many tools are the corpus's stop words, left out of φ as max_df does
 * in tf-idf: on the full corpus `id`, `name`, `page`, `search` or `event` join tens of thousands
 * of unrelated tools. A fixed count, not a share, keeps the similarity search linear in the
 * number of tools (its cost grows with n × max_df). Measured trade-off in BENCHMARKS.md.
 */
export const MAX_DF = 1000;

/** All tools' vectors in compressed sparse rows. */
export interface VectorSet {
  /** Vector i's entries are `[offsets[i], offsets[i+1])`. */
  offsets: Uint32Array;
  /** Feature (token) id of each entry. */
  features: Uint32Array;
  /** Weight of each entry; each vector has unit norm (or is empty). */
  weights: Float64Array;
  /** Token of each feature id. */
  vocabulary: string[];
  /** Number of tools whose vectors contain each feature. */
  df: Uint32Array;
  /** Tokens left out as stop words, most frequent first. */
  stopTokens: string[];
}

/** Build unit-length, IDF-weighted vectors, leaving out each provider's boilerplate fields; entries sorted rarest token first. */
export function buildVectors(tools: ToolFeatures[], boilerplate: Boilerplate = new Map(), maxDf = MAX_DF): VectorSet {
  const ids = new Map<string, number>();
  const vocabulary: string[] = [];
  const idOf = (token: string): number => {
    let id = ids.get(token);
    if (id === undefined) {
      id = vocabulary.length;
      ids.set(token, id);
      vocabulary.push(token);
    }
    return id;
  };

  // Raw term weights per tool: 1 + ln(tf) for inputs, half that for outputs.
  const raw: Map<number, number>[] = tools.map((tool) => {
    const skip = boilerplate.get(tool.provider);
    const tfIn = new Map<number, number>();
    const tfOut = new Map<number, number>();
    for (const field of tool.inputs) {
      if (skip?.inputs.has(field.key)) continue;
      for (const t of field.key.split('_')) tfIn.set(idOf(t), (tfIn.get(idOf(t)) ?? 0) + 1);
    }
    for (const field of tool.outputs) {
      if (skip?.outputs.has(field.key)) continue;
      for (const t of field.key.split('_')) tfOut.set(idOf(t), (tfOut.get(idOf(t)) ?? 0) + 1);
    }
    const weights = new Map<number, number>();
    for (const [f, tf] of tfIn) weights.set(f, 1 + Math.log(tf));
    for (const [f, tf] of tfOut) weights.set(f, (weights.get(f) ?? 0) + OUTPUT_WEIGHT * (1 + Math.log(tf)));
    return weights;
  });

  const df = new Uint32Array(vocabulary.length);
  for (const weights of raw) for (const f of weights.keys()) df[f]!++;
  const n = tools.length;
  const idf = Float64Array.from(df, (d) => Math.log(1 + n / d));
  const stop = vocabulary.map((_, f) => f).filter((f) => df[f]! > maxDf);
  for (const weights of raw) for (const f of stop) weights.delete(f);

  // Global order: rarest first, ties by token text so the order never depends on input order.
  const order = vocabulary.map((_, f) => f).sort((a, b) => df[a]! - df[b]! || (vocabulary[a]! < vocabulary[b]! ? -1 : 1));
  const rank = new Uint32Array(vocabulary.length);
  order.forEach((f, r) => (rank[f] = r));

  const offsets = new Uint32Array(n + 1);
  let nnz = 0;
  raw.forEach((w, i) => {
    nnz += w.size;
    offsets[i + 1] = nnz;
  });
  const features = new Uint32Array(nnz);
  const weights = new Float64Array(nnz);
  raw.forEach((w, i) => {
    const entries = [...w].map(([f, tfw]) => [f, tfw * idf[f]!] as const).sort((a, b) => rank[a[0]]! - rank[b[0]]!);
    const norm = Math.sqrt(entries.reduce((sum, [, x]) => sum + x * x, 0));
    let at = offsets[i]!;
    for (const [f, x] of entries) {
      features[at] = f;
      weights[at] = norm > 0 ? x / norm : 0;
      at++;
    }
  });
  const stopTokens = stop.sort((a, b) => df[b]! - df[a]! || (vocabulary[a]! < vocabulary[b]! ? -1 : 1)).map((f) => vocabulary[f]!);
  return { offsets, features, weights, vocabulary, df, stopTokens };
}
