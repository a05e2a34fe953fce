// Seed data: rows for every table, deterministic from the domain seed, with values that fit their
// column (names, emails, cities, prices, dates, enum values) and foreign keys that point at rows
// that exist. Values are plain JSON; the runtime encodes them when writing seed.sqlite.
import { base, en, Faker } from '@faker-js/faker';
import { shortHash } from '../naming.js';
import type { Json } from '../../formats/toolspec.js';
import type { Column, DomainContract, Table } from '../../formats/contract.js';
import { columnTarget, drawValue, type SourceCounts, type ValueSource } from './values/index.js';

/** Rows of a table, keyed by column name. */
export type Row = Record<string, Json>;

/** Rows per table: top-level tables, per parent row for child tables, and the child-table cap. */
export const ROWS = { topLevel: 12, perParent: 2, childCap: 30 };

/** A faker seeded for one table of one domain: the same rows on every machine. */
export function fakerFor(seed: number, domain: string, table: string): Faker {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(parseInt(shortHash(`${seed}:${domain}:${table}`, 8), 16));
  // Dates relative to a fixed reference, never to the machine's clock.
  faker.setDefaultRefDate(new Date('2025-01-06T09:00:00.000Z'));
  return faker;
}

/** The key of row `i` (0-based) of a table. */
export function keyOf(table: Table, i: number): string | number {
  return table.keyType === 'integer' ? i + 1 : `${table.keyPrefix ?? 'id'}_${String(i + 1).padStart(4, '0')}`;
}

/** What a value is for beyond its column: the domain's clock, the row so far, where sources are counted. */
export interface SeedContext {
  clock?: Date;
  entity?: string;
  provider?: string;
  row?: Row;
  tally?: (source: ValueSource) => void;
  /** Chance of the catalog's example when the column has one. */
  exampleShare?: number;
}

/** The reference date every faker of synth is set to: the start of the default clock. */
const REFERENCE = new Date('2025-01-06T09:00:00.000Z');

/** A value for one column of row `i`: the catalog's values first, then the column's meaning, then a generic one. */
export function valueFor(column: Column, faker: Faker, i: number, context: SeedContext = {}): Json {
  const { clock = REFERENCE, ...rest } = context;
  return drawValue(columnTarget(column), { faker, clock, index: i, ...rest });
}

/** A variant of a natural key already used: `ana@example.com` → `ana+2@example.com`, `Billing board` → `Billing board 2`. */
function distinct(value: string, i: number): string {
  if (/^[^@\s]+@[^@\s]+$/.test(value)) return value.replace('@', `+${i + 1}@`);
  return /\s/.test(value) ? `${value} ${i + 1}` : `${value}-${i + 1}`;
}

/** Seed rows of every table of the domain, in table order (parents first); `counts` gathers where values came from. */
export function seedRows(contract: DomainContract, counts?: SourceCounts): Map<string, Row[]> {
  const rows = new Map<string, Row[]>();
  const clock = new Date(contract.clock);
  const tally = counts ? (source: ValueSource) => void (counts[source] = (counts[source] ?? 0) + 1) : undefined;
  for (const table of contract.tables) {
    const faker = fakerFor(contract.seed, contract.slug, table.name);
    const provider = contract.tools.find((t) => t.binding.table === table.name)?.source.provider ?? '';
    const parents = table.columns.filter((c) => c.references && rows.has(c.references) && c.references !== table.name);
    const parentRows = parents.length > 0 ? rows.get(parents[0]!.references!)! : [];
    const count = table.singleton ? 1 : parents.length > 0 ? Math.min(ROWS.childCap, Math.max(ROWS.perParent * parentRows.length, 4)) : ROWS.topLevel;
    const out: Row[] = [];
    const seen = new Map<string, Set<Json>>();
    for (let i = 0; i < count; i++) {
      const row: Row = {};
      for (const column of table.columns) {
        if (column.name === table.primaryKey) {
          row[column.name] = keyOf(table, i);
          continue;
        }
        if (column.references) {
          const target = rows.get(column.references);
          // The first parent column spreads children evenly; other references pick any row.
          if (target && target.length > 0) row[column.name] = target[column === parents[0] ? i % target.length : faker.number.int({ min: 0, max: target.length - 1 })]![('id')]!;
          else row[column.name] = null;
          continue;
        }
        if (table.status && column.name === table.status.column) {
          // Most rows start in the initial state, so the tools that move them have work to do.
          row[column.name] = faker.number.float() < 0.7 ? table.status.initial : faker.helpers.arrayElement(table.status.values);
          continue;
        }
        // Seed rows use the catalog's example now and then: twelve copies of it would tell the rows apart by nothing.
        let value = valueFor(column, faker, i, { clock, entity: table.entity, provider, row, exampleShare: i === 0 ? 1 : 0.2, ...(tally ? { tally } : {}) });
        // Natural keys (usernames, file names) must not repeat.
        // (Codes of a standard — a currency, a country, a language — repeat by nature.)
        if (!column.enum && typeof value === 'string' && /(name|email|username|login|symbol|code|slug)$/.test(column.name) && !/(currency|country|language|locale|region|timezone|zone)(_code)?$/.test(column.name)) {
          const used = seen.get(column.name) ?? new Set<Json>();
          seen.set(column.name, used);
          for (let n = i; used.has(value); n++) value = distinct(value as string, n);
          used.add(value);
        }
        row[column.name] = value;
      }
      out.push(row);
    }
    rows.set(table.name, out);
  }
  return rows;
}
