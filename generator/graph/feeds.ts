// Feeds edges a → b: an output field of tool a can fill an input parameter of tool b, by
// canonical name and compatible type. An `id` is qualified by the tool's entity, so the `id`
// that `create_ticket` returns feeds the `ticket_id` of `close_ticket`. Task chains walk these.
import type { Field, ToolFeatures } from './features.js';

/** A directed edge between tool indices, with the (output field, input parameter) pairs that match. */
export type FeedsEdge = [from: number, to: number, via: [output: string, input: string][]];

// Paging and formatting knobs match across nearly every list tool and chain nothing meaningful.
const PLUMBING = new Set([
  'limit', 'offset', 'page', 'per_page', 'page_size', 'page_number', 'size', 'count', 'total', 'total_count',
  'field', 'fields', 'expand', 'select', 'top', 'skip', 'format', 'sort', 'order', 'order_by', 'sort_by',
  'include', 'pretty', 'callback', 'lang', 'locale', 'alt', 'pretty_print', 'quota_user', 'upload_type',
  'upload_protocol', 'key', 'api_key', 'version', 'x_fields', 'count_only',
]);

function compatible(a: Field, b: Field): boolean {
  if (!a.type || !b.type || a.type === b.type) return true;
  const numeric = (t: string) => t === 'integer' || t === 'number';
  return numeric(a.type) && numeric(b.type);
}

/** Field keys a tool offers or needs, with `id` also under each entity-qualified name. */
export function qualified(fields: Field[], entities: string[]): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const field of fields) {
    if (PLUMBING.has(field.key)) continue;
    if (!out.has(field.key)) out.set(field.key, field);
    if (field.key === 'id') for (const entity of entities) if (!out.has(`${entity}_id`)) out.set(`${entity}_id`, field);
  }
  return out;
}

/** Feeds edges among the tools of one domain (indices into `features`), sorted by (from, to). */
export function feedsEdges(domain: number[], features: ToolFeatures[]): FeedsEdge[] {
  const outs = domain.map((i) => qualified(features[i]!.outputs, features[i]!.entities));
  const ins = domain.map((i) => qualified(features[i]!.inputs, features[i]!.entities));
  const edges: FeedsEdge[] = [];
  domain.forEach((from, a) => {
    domain.forEach((to, b) => {
      if (from === to) return;
      const via: [string, string][] = [];
      const seen = new Set<string>();
      for (const [key, input] of ins[b]!) {
        const output = outs[a]!.get(key);
        if (!output || !compatible(output, input)) continue;
        const pair = `${output.key}>${input.key}`;
        if (seen.has(pair)) continue;
        seen.add(pair);
        via.push([output.key, input.key]);
      }
      if (via.length > 0) edges.push([from, to, via]);
    });
  });
  return edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}
