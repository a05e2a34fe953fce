// Seed data: rows for every table, deterministic from the domain seed, with values that fit their
// column (names, emails, cities, prices, dates, enum values) and foreign keys that point at rows
// that exist. Values are plain JSON; the runtime encodes them when writing seed.sqlite.
import { base, en, Faker } from '@faker-js/faker';
import { shortHash } from '../naming.js';
import type { Json } from '../../formats/toolspec.js';
import type { Column, DomainContract, Table } from '../../formats/contract.js';

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

const WORDS_OF_TYPE = ['standard', 'premium', 'basic', 'custom', 'internal', 'external'];

/** A value for a text column, by its name and format. */
function text(column: Column, faker: Faker, i: number): string {
  const name = column.name;
  const format = column.format ?? '';
  if (format === 'email' || /(^|_)email/.test(name)) return faker.internet.email().toLowerCase();
  if (format === 'date-time' || /(_at|_time|timestamp|datetime)$/.test(name)) return faker.date.recent({ days: 90 }).toISOString();
  if (format === 'date' || /(^|_)(date|day|birthday|dob)$/.test(name) || /_date$/.test(name)) return faker.date.recent({ days: 365 }).toISOString().slice(0, 10);
  if (format === 'uuid' || /(^|_)(uuid|guid)$/.test(name)) return faker.string.uuid();
  if (format === 'uri' || format === 'url' || /(url|uri|link|website|homepage)$/.test(name)) return faker.internet.url();
  if (format === 'ipv4' || /(^|_)ip(_address)?$/.test(name)) return faker.internet.ipv4();
  if (/(^|_)(username|login|handle|screen_name)$/.test(name)) return `${faker.internet.username().toLowerCase().replace(/[^a-z0-9_]/g, '')}${i}`;
  if (/first_name$/.test(name)) return faker.person.firstName();
  if (/last_name$|surname$/.test(name)) return faker.person.lastName();
  if (/(full_name|person|owner|author|customer_name|cardholder|holder_name|contact_name|display_name|passenger_name|traveler_name|name_on_card)$/.test(name)) return faker.person.fullName();
  if (/(airport|(^|_)(from|to|departure|arrival))$/.test(name)) return faker.airline.airport().iataCode;
  if (/(^|_)(city|town|location|destination|origin)$/.test(name)) return faker.location.city();
  if (/(card_number|credit_card)$/.test(name)) return faker.finance.creditCardNumber('################');
  if (/(account_number|iban)$/.test(name)) return faker.finance.iban();
  if (/(^|_)class$/.test(name)) return faker.helpers.arrayElement(['economy', 'business', 'first']);
  if (/(^|_)country$/.test(name)) return faker.location.country();
  if (/country_code$/.test(name)) return faker.location.countryCode();
  if (/(^|_)(address|street)$/.test(name)) return faker.location.streetAddress();
  if (/(zip|postal|postcode|zipcode)/.test(name)) return faker.location.zipCode('#####');
  if (/(phone|mobile|fax)/.test(name)) return faker.phone.number({ style: 'international' });
  if (/(^|_)currency/.test(name)) return faker.finance.currencyCode();
  if (/(^|_)(color|colour)$/.test(name)) return faker.color.human();
  if (/(company|organization|organisation|business|employer|vendor|merchant)/.test(name)) return faker.company.name();
  if (/(^|_)(symbol|ticker)$/.test(name)) return faker.string.alpha({ length: { min: 3, max: 4 }, casing: 'upper' });
  if (/(^|_)(language|lang|locale)$/.test(name)) return faker.helpers.arrayElement(['en', 'de', 'fr', 'es', 'ja', 'pt']);
  if (/(timezone|time_zone|tz)$/.test(name)) return faker.location.timeZone();
  if (/(^|_)(file_name|filename)$/.test(name)) return `${faker.system.fileName({ extensionCount: 0 })}_${i}.${faker.helpers.arrayElement(['txt', 'csv', 'pdf', 'json'])}`;
  if (/(^|_)(path|directory|folder|dir_name)$/.test(name)) return `${faker.system.directoryPath()}`;
  if (/(description|content|message|comment|body|text|note|notes|summary|bio|resolution|reason)$/.test(name)) return `${faker.company.buzzPhrase()}.`.replace(/^./, (c) => c.toUpperCase());
  if (/(title|subject|headline|label)$/.test(name)) return faker.company.catchPhrase();
  if (/(^|_)(type|kind|category|sector|mode|level|tier|plan|role|unit|option)$/.test(name)) return faker.helpers.arrayElement(WORDS_OF_TYPE);
  if (/(^|_)(code|sku|reference|ref|token|secret|password|key)$/.test(name)) return faker.string.alphanumeric({ length: 10, casing: 'upper' });
  if (/(^|_)(name)$/.test(name) || /_name$/.test(name)) return `${faker.word.adjective()} ${faker.word.noun()}`.replace(/^./, (c) => c.toUpperCase());
  if (/(^|_)(status|state)$/.test(name)) return faker.helpers.arrayElement(['active', 'pending', 'inactive']);
  if (/_id$/.test(name)) return `${name.slice(0, 3)}_${faker.string.alphanumeric({ length: 8, casing: 'lower' })}`;
  return faker.word.words({ count: { min: 1, max: 3 } });
}

/** A value for a numeric column, by its name. */
function number(column: Column, faker: Faker): number {
  const name = column.name;
  const integer = column.type === 'integer';
  const between = (min: number, max: number, digits = 2) =>
    integer ? faker.number.int({ min: Math.ceil(min), max: Math.floor(max) }) : faker.number.float({ min, max, fractionDigits: digits });
  if (/priority|rating|stars|score_level/.test(name)) return between(1, 5, 0);
  if (/(price|amount|cost|fee|balance|total|salary|budget|revenue|limit)/.test(name)) return between(5, 2000);
  if (/(quantity|count|qty|number_of|seats|stock)/.test(name)) return between(1, 50, 0);
  if (/(latitude|(^|_)lat)$/.test(name)) return between(-60, 70, 5);
  if (/(longitude|(^|_)(lng|lon))$/.test(name)) return between(-170, 170, 5);
  if (/(percent|rate|ratio|share|humidity|progress)/.test(name)) return between(0, 100, 1);
  if (/(temperature|temp)/.test(name)) return between(-5, 35, 1);
  if (/(speed|velocity)/.test(name)) return between(0, 120, 1);
  if (/(year)/.test(name)) return between(1995, 2025, 0);
  if (/(age)$/.test(name)) return between(18, 80, 0);
  if (/(distance|mileage|length|width|height|weight|size)/.test(name)) return between(1, 500, 1);
  if (/(level|fuel)/.test(name)) return between(0, 50, 1);
  return between(1, 1000, 1);
}

/** A number inside the column's stated range: the name's guess when it fits, else one drawn from the range. */
function inRange(column: Column, guess: number, faker: Faker): number {
  const low = column.minimum ?? -Infinity;
  const high = column.maximum ?? Infinity;
  if (guess >= low && guess <= high) return guess;
  const min = Number.isFinite(low) ? low : high - 100;
  const max = Number.isFinite(high) ? high : low + 100;
  return column.type === 'integer' ? faker.number.int({ min: Math.ceil(min), max: Math.floor(max) }) : faker.number.float({ min, max, fractionDigits: 2 });
}

/** A value for one column of row `i`. */
export function valueFor(column: Column, faker: Faker, i: number): Json {
  if (column.enum && column.enum.length > 0) return faker.helpers.arrayElement(column.enum);
  switch (column.type) {
    case 'integer':
    case 'real':
      return inRange(column, number(column, faker), faker);
    case 'boolean':
      return faker.datatype.boolean();
    case 'json':
      return /s$|list|tags|items|ids/.test(column.name) ? faker.word.words({ count: { min: 1, max: 3 } }).split(' ') : { [faker.word.noun()]: faker.word.noun() };
    default:
      return text(column, faker, i);
  }
}

/** Seed rows of every table of the domain, in table order (parents first). */
export function seedRows(contract: DomainContract): Map<string, Row[]> {
  const rows = new Map<string, Row[]>();
  for (const table of contract.tables) {
    const faker = fakerFor(contract.seed, contract.slug, table.name);
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
        let value = valueFor(column, faker, i);
        // Natural keys (usernames, file names) must not repeat.
        if (!column.enum && typeof value === 'string' && /(name|email|username|login|symbol|code|slug)$/.test(column.name)) {
          const used = seen.get(column.name) ?? new Set<Json>();
          seen.set(column.name, used);
          while (used.has(value)) value = `${value}_${i}`;
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
