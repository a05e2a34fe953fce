// What the "task quality" section looks for in one instruction or one value, written as detectors
// that know nothing of how the generator made them, so the same code judges main's tasks and ours.
import { en } from '@faker-js/faker';
import type { Json, Schema } from '../formats/toolspec.js';

/** Where a fresh value seems to come from, judged by the value and its schema alone. */
export type SeenSource = 'enum' | 'example' | 'default' | 'format' | 'shaped' | 'lorem' | 'other';

export const SEEN_SOURCES: SeenSource[] = ['enum', 'example', 'default', 'format', 'shaped', 'lorem', 'other'];

/**
 * Transport and formatting flags, by name (lower case, no separators). Only for measuring: the
 * contract marks them (the fidelity work) and the tasks stage reads that marking.
 */
const MEASURED_FLAGS = new Set(['raw', 'pretty', 'prettyprint', 'fields', 'alt', 'callback', 'quotauser', 'userip', 'uploadprotocol', 'uploadtype', 'xgafv', 'jsonp', 'suppressresponsecodes', 'envelope']);

/** Whether an argument name is a transport or formatting flag (measured list). */
export function isMeasuredFlag(name: string): boolean {
  return MEASURED_FLAGS.has(name.toLowerCase().replace(/[^a-z]/g, ''));
}

/** The words of a text outside its quoted values, lower case; a quoted value or a sentence end is a `"` break. */
function wordsOutsideQuotes(text: string): string[] {
  return (text.replace(/"[^"]*"/g, ' " ').replace(/[.!?;:]\s/g, ' " ').toLowerCase().match(/[a-z][a-z0-9'-]*|"/g) ?? []);
}

/** The first word or two-to-three-word phrase said twice in a row outside quoted values ("system system", "budget limit budget limit"), if any. */
export function repeatedWords(text: string): string | null {
  const w = wordsOutsideQuotes(text);
  for (let size = 1; size <= 3; size++) {
    for (let i = 0; i + 2 * size <= w.length; i++) {
      const a = w.slice(i, i + size);
      if (a.includes('"')) continue;
      if (a.join(' ') === w.slice(i + size, i + 2 * size).join(' ')) return a.join(' ');
    }
  }
  return null;
}

/** Whether the text says "<X> system's" (a singleton table named as a possessive). */
export const saysSystems = (text: string) => /\bsystem's\b/i.test(text);
/** Whether the text spells an empty structured value. */
export const saysEmpty = (text: string) => /\(empty\)/.test(text);
/** Whether a value in the text is padded with x's to a minimum length. */
export const saysPadding = (text: string) => /x{5,}/.test(text);

const lowerSet = (lists: (string[] | null | undefined)[]) => new Set(lists.flatMap((l) => l ?? []).map((w) => w.toLowerCase()));
const company = en.company as Record<string, string[] | null | undefined>;

/** Every word of faker's word lists. */
const FAKER_WORDS = new Set(Object.values(en.word ?? {}).flat().flatMap((phrase) => String(phrase).toLowerCase().split(/[\s-]+/)));
/** The words that give faker's word filler its flavour: adjectives, adverbs, interjections ("hairy", "offensively", "boohoo"). */
const FLAVOUR_WORDS = lowerSet([en.word?.adjective, en.word?.adverb, en.word?.interjection]);
/** The three slots of a faker catch phrase ("Expanded uniform support") and of a buzz phrase ("Facilitate innovative e-commerce"). */
const CATCH = [lowerSet([company.adjective]), lowerSet([company.descriptor]), lowerSet([company.noun])];
const BUZZ = [lowerSet([company.buzz_verb]), lowerSet([company.buzz_adjective]), lowerSet([company.buzz_noun])];

/** Whether a text is exactly one entry of each slot, in order (entries may hold several words). */
function fillsSlots(text: string, slots: Set<string>[]): boolean {
  if (slots.length === 0) return text === '';
  const [first, ...rest] = slots;
  const words = text.split(' ');
  for (let n = 1; n <= words.length; n++) if (first!.has(words.slice(0, n).join(' ')) && fillsSlots(words.slice(n).join(' '), rest)) return true;
  return false;
}

/** Fields whose value has a known form, so one common word cannot be it: a symbol, an ARN, a place, a date. */
const SPECIFIC_FIELD = /(symbol|ticker|arn|url|uri|path|file|city|country|currency|phone|email|date|time|stock)$/;

/**
 * Whether a text is faker filler: a catch phrase or buzz phrase ("Expanded uniform support",
 * "Facilitate innovative e-commerce."), 2–8 of faker's dictionary words with an adjective, adverb or
 * interjection among them ("Hairy quinoa", "offensively yuck boohoo"), or one dictionary word where
 * the field has a known form (a stock "knitting", an ARN "birdcage"). Phrases people write ("Support
 * list", "Archive the travel policy") and one common word elsewhere ("open", "internal") are not.
 */
export function isLorem(value: string, field = ''): boolean {
  const text = value.toLowerCase().replace(/[.!]$/, '').trim();
  if (fillsSlots(text, CATCH) || fillsSlots(text, BUZZ)) return true;
  const words = text.split(/[\s-]+/).filter(Boolean);
  if (words.length === 0 || words.length > 8 || !words.every((w) => FAKER_WORDS.has(w))) return false;
  if (words.length === 1) return SPECIFIC_FIELD.test(field.toLowerCase().replace(/[^a-z]/g, '')) && value === value.toLowerCase();
  return words.some((w) => FLAVOUR_WORDS.has(w));
}

const SHAPES: [string, RegExp][] = [
  ['date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['email', /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i],
  ['uri', /^(https?|ftp|s3|wss?):\/\/\S+$/i],
  ['uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ['ipv4', /^(\d{1,3}\.){3}\d{1,3}$/],
  ['phone', /^\+?[\d ()-]{7,20}$/],
  ['arn', /^arn:[a-z-]+:/],
  ['code', /^[A-Z]{2,3}$/],
];

/** The shape a string has (an ISO date, an email, a URL, a UUID, a code…), if it has one. */
export function shapeOf(value: string): string | null {
  return SHAPES.find(([, re]) => re.test(value))?.[0] ?? null;
}

const FORMAT_SHAPES: Record<string, string[]> = { 'date-time': ['date-time'], date: ['date'], email: ['email'], uri: ['uri'], url: ['uri'], uuid: ['uuid'], ipv4: ['ipv4'] };

/** Where a fresh scalar seems to come from, given the schema it was drawn for and its field's name. */
export function seenSource(value: string | number, schema: Schema, field = ''): SeenSource {
  if (schema.enum?.includes(value)) return 'enum';
  if (schema.example !== undefined && schema.example === value) return 'example';
  if (schema.default !== undefined && schema.default === value) return 'default';
  if (typeof value !== 'string') return 'other';
  const shape = shapeOf(value);
  if (schema.format && shape && FORMAT_SHAPES[schema.format]?.includes(shape)) return 'format';
  if (shape) return 'shaped';
  return isLorem(value, field) ? 'lorem' : 'other';
}

/** Every scalar (string or number) inside a JSON value, each with the schema it was drawn for. */
export function scalarsWithSchema(value: Json, schema: Schema | undefined, field: string, out: { value: string | number; schema: Schema; field: string }[] = []): { value: string | number; schema: Schema; field: string }[] {
  if (value === null || typeof value === 'boolean') return out;
  if (Array.isArray(value)) for (const item of value) scalarsWithSchema(item, schema?.items, field, out);
  else if (typeof value === 'object') for (const [key, v] of Object.entries(value)) scalarsWithSchema(v, schema?.properties?.[key], key, out);
  else out.push({ value, schema: schema ?? {}, field });
  return out;
}

/** A check of what a column's name says its values are. */
interface MeaningRule {
  column: RegExp;
  /** Why the value contradicts the name, or null when it fits. */
  wrong(value: unknown, clock: string): string | null;
}

const isDateText = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}/.test(v);

const MEANING_RULES: MeaningRule[] = [
  { column: /(^|_)month$/, wrong: (v) => (typeof v === 'number' && (v < 1 || v > 12) ? `month ${v}` : null) },
  { column: /(^|_)last_?(4|four)$/, wrong: (v) => (/^\d{4}$/.test(String(v)) ? null : `last four digits "${String(v)}"`) },
  { column: /(^|_)exp(iry|iration|ires)?_year$/, wrong: (v, clock) => (typeof v === 'number' && v < Number(clock.slice(0, 4)) ? `expiry year ${v}` : null) },
  { column: /(^|_)(expir\w*|exp_date|valid_until|expires_at)$/, wrong: (v, clock) => (isDateText(v) && v < clock ? `expired "${v}"` : null) },
  { column: /(^|_)arn$/, wrong: (v) => (typeof v === 'string' && !v.startsWith('arn:') ? `ARN "${v}"` : null) },
  { column: /(^|_)currency(_code)?$/, wrong: (v) => (typeof v === 'string' && !/^[A-Za-z]{3}$/.test(v) ? `currency "${v}"` : null) },
  { column: /(^|_)(url|uri|website|homepage)$/, wrong: (v) => (typeof v === 'string' && !/^[a-z]+:\/\//i.test(v) ? `URL "${v}"` : null) },
  { column: /(^|_)email$/, wrong: (v) => (typeof v === 'string' && !v.includes('@') ? `email "${v}"` : null) },
  { column: /(^|_)(created|updated|modified)(_at|_on|_time|_date)?$/, wrong: (v, clock) => (isDateText(v) && v > clock ? `created after the clock "${v}"` : null) },
];

/** Whether a column's name says what its values must look like (a month, an expiry, an ARN, …). */
export function hasMeaningRule(column: string): boolean {
  return MEANING_RULES.some((r) => r.column.test(column.toLowerCase()));
}

/**
 * Why a seed value contradicts what its column means (a month of 360, a card expired before the
 * domain's clock, an ARN that is a word), or null when nothing is known to be wrong.
 */
export function implausible(column: string, value: unknown, clock: string): string | null {
  const rule = MEANING_RULES.find((r) => r.column.test(column.toLowerCase()));
  return rule ? rule.wrong(value, clock) : null;
}
