// Readable, unique domain slugs from a domain's dominant provider and its most distinctive words:
// `ticket-api-ticket`, `stripe-customer-source`, `weather-forecast-city`.
import { words } from '../naming.js';
import type { ToolFeatures } from './features.js';

// Words of provider ids that name no one: TLDs, "api", "www".
const PROVIDER_NOISE = new Set(['com', 'org', 'net', 'io', 'co', 'uk', 'gov', 'in', 'de', 'fr', 'nl', 'us', 'eu', 'ai', 'app', 'dev', 'cloud', 'www', 'api', 'apis', 'rest', 'v1', 'v2', 'v3', 'local']);
// Words too common in tool names to tell domains apart.
const GENERIC = new Set(['id', 'by', 'for', 'of', 'the', 'a', 'an', 'and', 'or', 'to', 'from', 'in', 'on', 'with', 'all', 'info', 'detail', 'list', 'current', 'my', 'me', 'new', 'data', 'item', 'resource', 'request', 'response', 'result', 'status', 'name', 'value', 'type', 'v1', 'v2', 'v3', 'beta', 'alpha', 'microsoft', 'graph', 'api', 'x', 'and']);

const MAX_SLUG = 48;

/** Short readable name of a provider: `stripe.com` → stripe, `amazonaws.com:ec2` → amazonaws-ec2. */
export function providerShort(provider: string): string[] {
  const out: string[] = [];
  for (const word of words(provider)) if (!PROVIDER_NOISE.has(word) && !out.includes(word)) out.push(word);
  return out.length > 0 ? out : words(provider).slice(0, 1);
}

/** One slug per domain, unique, `[a-z0-9-]`, at most 48 characters. */
export function domainSlugs(domains: number[][], features: ToolFeatures[]): string[] {
  // In how many domains each word occurs: distinctive words occur in few.
  const wordsOf = domains.map((domain) => {
    const counts = new Map<string, number>();
    for (const i of domain) {
      const f = features[i]!;
      const verb = f.verb;
      for (const w of new Set([...(f.entities[0]?.split('_') ?? []), ...f.nameTokens])) {
        if (w === verb || GENERIC.has(w) || w.length < 2 || /^\d+$/.test(w)) continue;
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
    return counts;
  });
  const domainFrequency = new Map<string, number>();
  for (const counts of wordsOf) for (const w of counts.keys()) domainFrequency.set(w, (domainFrequency.get(w) ?? 0) + 1);

  const taken = new Set<string>();
  return domains.map((domain, d) => {
    const providers = new Map<string, number>();
    for (const i of domain) providers.set(features[i]!.provider, (providers.get(features[i]!.provider) ?? 0) + 1);
    const [topProvider, topCount] = [...providers].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    const prefix = topCount * 5 >= domain.length * 3 ? providerShort(topProvider) : [];
    const score = (w: string, n: number) => n * Math.log(1 + domains.length / domainFrequency.get(w)!);
    const ranked = [...wordsOf[d]!]
      .filter(([w]) => !prefix.includes(w))
      .sort((a, b) => score(b[0], b[1]) - score(a[0], a[1]) || (a[0] < b[0] ? -1 : 1))
      .map(([w]) => w);
    const parts = [...prefix.slice(0, 3), ...ranked.slice(0, prefix.length > 0 ? 2 : 3)];
    let base = parts.join('-').slice(0, MAX_SLUG).replace(/-+$/, '') || 'domain';
    if (/^[0-9]/.test(base)) base = `d-${base}`.slice(0, MAX_SLUG);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base.slice(0, MAX_SLUG - String(n).length - 1).replace(/-+$/, '')}-${n}`;
    taken.add(slug);
    return slug;
  });
}
