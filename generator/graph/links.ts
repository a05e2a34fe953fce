// Id links: two tools of one provider where one returns an entity id the other takes
// (`create_ticket` returns the `id` that `close_ticket` needs as `ticket_id`). Parameter
// similarity alone often puts them apart (their parameters differ: title and priority versus
// ticket_id), yet an environment where tickets can be created but not closed is a poor one.
// These links add weight to the graph Louvain partitions; they are not similarity edges.
import type { ToolFeatures } from './features.js';
import { qualified } from './feeds.js';
import type { SimilarityEdge } from './similarity.js';

/** Weight of an id link, added to any similarity the two tools have. */
export const LINK_WEIGHT = 0.5;

/** An entity id (`ticket_id`, or an `id` qualified by the tool's entity); a bare `id` links everything. */
function isEntityId(key: string): boolean {
  return key.length > 3 && key.endsWith('_id');
}

/**
 * Id links within each provider: each tool links to at most `perTool` consumers of the ids it
 * returns (in tools.jsonl order), so a provider-wide id cannot make a clique. Sorted by (a, b).
 */
export function idLinks(features: ToolFeatures[], perTool: number): SimilarityEdge[] {
  const byProvider = new Map<string, number[]>();
  features.forEach((f, i) => {
    let group = byProvider.get(f.provider);
    if (!group) byProvider.set(f.provider, (group = []));
    group.push(i);
  });
  const n = features.length;
  const pairs = new Map<number, SimilarityEdge>();
  for (const group of byProvider.values()) {
    const consumers = new Map<string, number[]>();
    for (const i of group) {
      for (const key of qualified(features[i]!.inputs, features[i]!.entities).keys()) {
        if (!isEntityId(key)) continue;
        let list = consumers.get(key);
        if (!list) consumers.set(key, (list = []));
        list.push(i);
      }
    }
    if (consumers.size === 0) continue;
    for (const a of group) {
      const partners = new Set<number>();
      for (const key of qualified(features[a]!.outputs, features[a]!.entities).keys()) {
        if (!isEntityId(key)) continue;
        for (const b of consumers.get(key) ?? []) {
          if (partners.size >= perTool) break;
          if (b !== a) partners.add(b);
        }
      }
      for (const b of partners) {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        if (!pairs.has(lo * n + hi)) pairs.set(lo * n + hi, [lo, hi, LINK_WEIGHT]);
      }
    }
  }
  return [...pairs.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}
