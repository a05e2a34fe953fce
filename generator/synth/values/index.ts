// Values for seed rows and for the fresh arguments of task calls, in one order: the catalog's own
// values first (its examples, enum, default, format), then what the field's name means (a date for
// `end`, a ticker for `symbol`, an ISO currency), and only then a generic value. Each value says
// where it came from, so synth.json, tasks.json and the bench can count sources.
import type { Faker } from '@faker-js/faker';
import type { Column } from '../../../formats/contract.js';
import type { Json, Schema } from '../../../formats/toolspec.js';
import { words } from '../../naming.js';
import { knowsNumber, numberByMeaning } from './number-meaning.js';
import { textByDescription, textByMeaning, textStated } from './text-meaning.js';
import { dateFor, isDateField, isDateOnly, timeSense } from './time.js';

/** Where a generated value came from. */
export type ValueSource = 'example' | 'enum' | 'default' | 'format' | 'meaning' | 'generic';

/** Every source, in the order they are tried. */
export const VALUE_SOURCES: ValueSource[] = ['example', 'enum', 'default', 'format', 'meaning', 'generic'];

/** Values counted by source. */
export type SourceCounts = Partial<Record<ValueSource, number>>;

/** Add `from`'s counts to `into`, keeping the sources in their order. */
export function addSources(into: SourceCounts, from: SourceCounts): void {
  for (const source of VALUE_SOURCES) if (from[source]) into[source] = (into[source] ?? 0) + from[source];
}

/** What a value is drawn for: a column or an argument, by name and what the catalog says of it. */
export interface ValueTarget {
  /** Field name (any case; matched as snake_case words). */
  name: string;
  /** JSON type wanted. */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | undefined;
  enum?: Json[];
  /** The catalog's examples and default, best first. */
  examples?: Json[];
  default?: Json;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  /** What the catalog says the field is (read for cues when the name says nothing). */
  description?: string;
  /** Members (objects) and element (arrays). */
  schema?: Schema;
}

/** Placeholder values catalogs put in examples and defaults ("None", "string"): no value at all. */
const PLACEHOLDER = /^(none|null|nil|undefined|n\/a|na|string|example|test|todo|tbd|xxx+|\.\.\.|-)$/i;

/** The catalog's values worth using: not placeholders, and dates only where they parse. */
function usable(values: Json[], format: string | undefined): Json[] {
  return values.filter((v) => {
    if (typeof v !== 'string') return v !== null && typeof v !== 'object';
    if (v.trim() === '' || PLACEHOLDER.test(v.trim())) return false;
    if ((format === 'date' || format === 'date-time') && Number.isNaN(Date.parse(v))) return false;
    return true;
  });
}

/** What the value is for besides its field: the thing it belongs to and the domain's clock. */
export interface ValueContext {
  faker: Faker;
  /** The domain's clock: dates are placed relative to it. */
  clock: Date;
  /** Row number (0-based) for seed rows; any counter for fresh values. */
  index: number;
  /** The table's entity, singular snake_case (`ticket`). */
  entity?: string;
  provider?: string;
  /** The row being filled so far (an end date comes after its start). */
  row?: Record<string, Json>;
  /** Chance of the catalog's example when one exists (seed rows mix examples with made-up values). */
  exampleShare?: number;
  /** Called with the source of every scalar drawn. */
  tally?: (source: ValueSource) => void;
}

/** A target from a column of a table. */
export function columnTarget(column: Column): ValueTarget {
  const type = column.type === 'text' ? 'string' : column.type === 'real' ? 'number' : column.type === 'json' ? column.shape?.type ?? 'object' : column.type;
  return {
    name: column.name,
    type: type as ValueTarget['type'],
    ...(column.enum ? { enum: column.enum } : {}),
    ...(column.examples ? { examples: column.examples } : {}),
    ...(column.format ? { format: column.format } : {}),
    // Ranges a catalog states only in prose ("between 0 and 1"), read into the column by synth.
    ...(column.minimum !== undefined ? { minimum: column.minimum } : {}),
    ...(column.maximum !== undefined ? { maximum: column.maximum } : {}),
    ...(column.description ? { description: column.description } : {}),
    ...(column.shape ? { schema: column.shape } : {}),
  };
}

/** A target from an argument's (or member's) schema. */
export function schemaTarget(name: string, schema: Schema): ValueTarget {
  const examples = schema.example !== undefined && schema.example !== null && typeof schema.example !== 'object' ? [schema.example] : [];
  return {
    name,
    type: schema.type === 'null' ? undefined : schema.type,
    ...(schema.enum ? { enum: schema.enum } : {}),
    ...(examples.length ? { examples } : {}),
    ...(schema.default !== undefined ? { default: schema.default } : {}),
    ...(schema.format ? { format: schema.format } : {}),
    ...(schema.minimum !== undefined ? { minimum: schema.minimum } : {}),
    ...(schema.maximum !== undefined ? { maximum: schema.maximum } : {}),
    ...(schema.minLength !== undefined ? { minLength: schema.minLength } : {}),
    ...(schema.maxLength !== undefined ? { maxLength: schema.maxLength } : {}),
    ...(schema.description ? { description: schema.description } : {}),
    schema,
  };
}

/** Whether a catalog value fits the target's type and bounds. */
function fits(value: Json, t: ValueTarget): boolean {
  switch (t.type) {
    case 'string':
      return typeof value === 'string' && value.length >= (t.minLength ?? 0) && value.length <= (t.maxLength ?? Infinity);
    case 'integer':
      return Number.isInteger(value) && (value as number) >= (t.minimum ?? -Infinity) && (value as number) <= (t.maximum ?? Infinity);
    case 'number':
      return typeof value === 'number' && value >= (t.minimum ?? -Infinity) && value <= (t.maximum ?? Infinity);
    case 'boolean':
      return typeof value === 'boolean';
    case undefined:
      return value !== null && typeof value !== 'object';
    default:
      return false;
  }
}

/**
 * Whether a catalog example of a date agrees with the domain's clock: a creation date before it, an
 * expiry or an end after it (and after the row's start). Examples of other fields always agree.
 */
function agreesWithClock(value: Json, name: string, format: string | undefined, ctx: ValueContext): boolean {
  // A date is a date whatever the field is called ("time_created"): its name still says when it lies.
  if (typeof value !== 'string' || !(format === 'date' || format === 'date-time' || isDateField(name, undefined) || /^\d{4}-\d{2}-\d{2}(T|$)/.test(value))) return true;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return false;
  const now = ctx.clock.getTime();
  const sense = timeSense(name);
  if (sense === 'past' || sense === 'birth') return t <= now;
  const sibling = (kind: 'start' | 'end') => Object.entries(ctx.row ?? {}).filter(([k, v]) => typeof v === 'string' && timeSense(k) === kind && !Number.isNaN(Date.parse(v))).map(([, v]) => Date.parse(v as string));
  if (sense === 'future') return t > now;
  if (sense === 'start') return t > now && sibling('end').every((end) => t < end);
  if (sense === 'end') return t > now && sibling('start').every((start) => t > start);
  return true;
}

/** Snake-case form of a field name, as the meaning rules read it. */
const snake = (name: string) => words(name).join('_');

/** A string that meets the length bounds: cut, or lengthened with a number (never padded with x's). */
function withLength(text: string, t: ValueTarget, ctx: ValueContext): string {
  let out = text;
  const min = t.minLength ?? 0;
  while (out.length < min) out += `-${ctx.faker.string.alphanumeric({ length: Math.min(8, Math.max(1, min - out.length - 1)), casing: 'lower' })}`;
  if (t.maxLength !== undefined && out.length > t.maxLength) out = out.slice(0, Math.max(t.maxLength, 1));
  return out;
}

const FORMATS: Record<string, (ctx: ValueContext, name: string) => string> = {
  email: (ctx) => ctx.faker.internet.email({ provider: 'example.com' }).toLowerCase(),
  uri: (ctx) => `https://${ctx.faker.internet.domainName()}/${ctx.faker.string.alphanumeric({ length: 6, casing: 'lower' })}`,
  url: (ctx) => `https://${ctx.faker.internet.domainName()}/${ctx.faker.string.alphanumeric({ length: 6, casing: 'lower' })}`,
  uuid: (ctx) => ctx.faker.string.uuid(),
  ipv4: (ctx) => ctx.faker.internet.ipv4(),
  ipv6: (ctx) => ctx.faker.internet.ipv6(),
  hostname: (ctx) => ctx.faker.internet.domainName(),
  date: (ctx, name) => dateFor(timeSense(name), true, ctx.clock, ctx.faker, ctx.row),
  'date-time': (ctx, name) => dateFor(timeSense(name), false, ctx.clock, ctx.faker, ctx.row),
};

/** A scalar for the target, with where it came from. */
function scalar(t: ValueTarget, ctx: ValueContext): { value: Json; source: ValueSource } {
  const f = ctx.faker;
  const name = snake(t.name);
  if (t.enum && t.enum.length > 0) return { value: f.helpers.arrayElement(t.enum), source: 'enum' };
  const examples = usable(t.examples ?? [], t.format).filter((v) => fits(v, t) && agreesWithClock(v, name, t.format, ctx));
  if (examples.length > 0 && f.number.float() < (ctx.exampleShare ?? 0.5)) return { value: f.helpers.arrayElement(examples), source: 'example' };
  if (t.type === 'boolean') return { value: t.default === undefined ? f.datatype.boolean() : f.number.float() < 0.5 ? t.default : !t.default, source: t.default === undefined ? 'generic' : 'default' };
  if (t.type === 'integer' || t.type === 'number') {
    // A number that is a date is seconds since 1970 (Stripe's `created`), placed like any date.
    if (t.type === 'integer' && (t.format === 'unix-time' || isDateField(name, undefined)) && (t.maximum ?? Infinity) > 1e9) {
      return { value: Math.floor(Date.parse(dateFor(timeSense(name), false, ctx.clock, f, ctx.row)) / 1000), source: t.format === 'unix-time' ? 'format' : 'meaning' };
    }
    const { value, known } = numberByMeaning(name, t.type === 'integer', t, ctx.clock, f);
    return { value, source: known ? 'meaning' : 'generic' };
  }
  const format = t.format ? FORMATS[t.format] : undefined;
  if (format) return { value: withLength(format(ctx, name), t, ctx), source: 'format' };
  if (isDateField(name, undefined)) return { value: dateFor(timeSense(name), isDateOnly(name, undefined), ctx.clock, f, ctx.row), source: 'meaning' };
  const text = { faker: f, index: ctx.index, entity: ctx.entity ?? '', provider: ctx.provider ?? '' };
  const meant = textStated(t.description, text) ?? textByMeaning(name, text) ?? textByDescription(t.description, text);
  if (meant !== null) return { value: withLength(meant, t, ctx), source: 'meaning' };
  // A number written as text (a month, a year, a port) where the catalog's types disagree.
  if (knowsNumber(name)) return { value: withLength(String(numberByMeaning(name, true, {}, ctx.clock, f).value), t, ctx), source: 'meaning' };
  const fallback = usable(t.default === undefined ? [] : [t.default], t.format)[0];
  if (fallback !== undefined && fits(fallback, t)) return { value: fallback, source: 'default' };
  if (/_id$|^id$/.test(name)) return { value: withLength(`${name.replace(/_id$/, '').slice(0, 3) || 'ref'}_${f.string.alphanumeric({ length: 8, casing: 'lower' })}`, t, ctx), source: 'generic' };
  // Nothing is known of the field: a readable placeholder named after it ("operation-3"), not filler words.
  return { value: withLength(`${words(t.name).slice(-2).join('-') || 'value'}-${ctx.index + 1}`, t, ctx), source: 'generic' };
}

/** A value for the target: a scalar, or an object or array filled member by member. */
export function drawValue(t: ValueTarget, ctx: ValueContext, depth = 0): Json {
  if (t.type === 'object' || t.type === 'array') return structured(t, ctx, depth);
  const { value, source } = scalar(t, ctx);
  // A yes or no has no source worth counting.
  if (typeof value !== 'boolean') ctx.tally?.(source);
  return value;
}

/** An object with its required members and a couple more, or an array of one or two elements. */
function structured(t: ValueTarget, ctx: ValueContext, depth: number): Json {
  const schema = t.schema ?? {};
  if (t.type === 'array') {
    const items = schema.items;
    if (!items || depth > 2) {
      // A list nothing describes: words of its kind (tags, emails) when the name says so, else empty.
      const one = schemaTarget(words(t.name).map((w) => w.replace(/s$/, '')).join('_'), { type: 'string' });
      if (/tags|labels|keywords|emails|names|categories|roles|scopes|urls/.test(snake(t.name))) return [drawValue(one, ctx, depth + 1)];
      return [];
    }
    const count = schema.minLength ?? 1;
    return Array.from({ length: Math.max(1, Math.min(count, 2)) }, () => drawValue(schemaTarget(words(t.name).map((w) => w.replace(/s$/, '')).join('_'), items), ctx, depth + 1));
  }
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0 || depth > 2) return {};
  const required = new Set(schema.required ?? []);
  const chosen = properties.filter(([key], i) => required.has(key) || i < 2);
  const out: Record<string, Json> = {};
  // Members belong to the object: a card's `number` is a card number, a cardholder's `name` a person's.
  const owner = words(t.name).join('_') || ctx.entity;
  for (const [key, member] of chosen) out[key] = drawValue(schemaTarget(key, member), { ...ctx, entity: owner, row: out }, depth + 1);
  return out;
}
