// Constraints a catalog states only in words: `[Enum]: ["START", "STOP"]`, "One of: all or none",
// "between 0 (not pressed) and 1 (fully pressed)", "from 1 to 5", "Minimum 1, Maximum 200". They
// become `enum`, `minimum` and `maximum` of the schema, so the input schema refuses what the API
// refuses, and seed rows and task values stay inside what the API accepts.
import type { Json, Schema } from '../../formats/toolspec.js';

// A number as catalogs write it: `-5`, `0.5`, `43,200`; never one a cut description ends in (`43…`).
const NUMBER = String.raw`-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?`;
const END = String.raw`(?![\d.,]*…)(?![.,]?\d)`;
// A range that goes on with an exception ("between 1 and 6 or 0 to not require") is not the whole story.
const NO_EXCEPTION = String.raw`(?!\s+or\s+-?\d)`;
const RANGES: RegExp[] = [
  // "between 0 (not pressed) and 1 (fully pressed)", "between 1 and 100"
  new RegExp(String.raw`\bbetween\s+(${NUMBER})(?:\s*\([^)]{0,40}\))?\s+and\s+(${NUMBER})${END}${NO_EXCEPTION}`, 'i'),
  // "from 1 to 5", "ranging from 0 to 100"
  new RegExp(String.raw`\bfrom\s+(${NUMBER})\s+to\s+(${NUMBER})${END}${NO_EXCEPTION}`, 'i'),
  // "Minimum 1, Maximum 200", "min: 1, max: 50", "minimum of 1 and a maximum of 100"
  new RegExp(String.raw`\bmin(?:imum)?(?: value)?(?: is| of)?:?\s+(${NUMBER})(?:\W{1,3}|\s+and\s+(?:a\s+)?)max(?:imum)?(?: value)?(?: is| of)?:?\s+(${NUMBER})${END}`, 'i'),
];
// One bound alone, only where the sentence ends with it ("Max: 200.", "(max 100)", "at least 0.");
// "maximum 48 hours in the past" is about something else.
const BOUND_END = String.raw`${END}(?=\s*(?:$|[.,;)]))`;
const UPPER = new RegExp(String.raw`\b(?:max(?:imum)?(?: value)?(?: is| of)?:?|at most|no more than)\s+(${NUMBER})${BOUND_END}`, 'i');
const LOWER = new RegExp(String.raw`\b(?:min(?:imum)?(?: value)?(?: is| of)?:?|at least|no less than)\s+(${NUMBER})${BOUND_END}`, 'i');

// Where a description introduces the values a field may take.
const ENUM_LEAD = /(?:\[enum\]\s*:|\b(?:must|can|may)\s+be\s+one\s+of\b|\bone of\b|\b(?:can|may)\s+be(?=\s*[:`"'])|\beither(?=\s*[`"'])|\bpossible values(?: are)?|\ballowed values(?: are)?|\bvalid values(?: are)?|\bsupported values(?: are| include)?)(?:\s+the following(?: values)?)?\s*:?\s*/i;
// Lists that are not the field's whole value set: values of a comma-separated list, or values that
// hold only under a condition ("For bank accounts, possible values are …").
const NOT_ONE_VALUE = /\b(comma|space)[- ]separated\b|\blist of\b/i;
const CONDITION = /(^|[.;]\s*)(for|if|when|where|unless)\b[^.;]*$/i;

const toNumber = (text: string) => Number(text.replace(/,/g, ''));

/** The values listed after an enum lead: a JSON array, quoted or backticked words, or a plain list of short words. */
function listedValues(rest: string): string[] | null {
  const array = /^\[([^\]]*)\]/.exec(rest);
  if (array) {
    try {
      const parsed = JSON.parse(`[${array[1]}]`) as unknown[];
      if (parsed.every((v) => typeof v === 'string' || typeof v === 'number')) return parsed.map(String);
    } catch {
      // not JSON: read it as a plain list below
    }
    return plainList(array[1]!);
  }
  if (/^[\s*•-]*[`"']/.test(rest)) return quotedList(rest);
  // The sentence the list lives in: up to a full stop that ends it (not one inside a value like `v1.2`).
  return plainList(rest.split(/\.(?:\s|$)|;|\n/)[0]!);
}

/**
 * `` `low`, `medium` or `high` ``, `"web_hook" or "webhook"`, `` * `user` * `group` ``: quoted values
 * separated only by commas, bullets, "or"/"and" and short glosses in parentheses. Anything else ends
 * the list; a value that is not a plain word (`` `after:<id>` ``) means the list is a pattern, not a set.
 */
function quotedList(rest: string): string[] | null {
  const values: string[] = [];
  const item = /^(?:\s|,|\*|•|-\s|\bor\b|\band\b|\([^)]{0,80}\))*[`"']([^`"']{1,60})[`"']/;
  let text = rest;
  for (let m = item.exec(text); m; m = item.exec(text)) {
    const value = m[1]!;
    if (!/^[A-Za-z0-9_./-]+(?: [A-Za-z0-9_./-]+){0,3}$/.test(value)) return null;
    values.push(value);
    text = text.slice(m[0].length);
  }
  // A quote left open is a value the catalog's cut description lost (`` `product_unacce…``): the list is not whole.
  if (/^(?:\s|,|\bor\b|\band\b)*[`"']/.test(text)) return null;
  return values.length >= 2 ? values : null;
}

/** `all or none`, `USD, RMB, EUR`, `private or public`: every item one short word. */
function plainList(text: string): string[] | null {
  if (text.includes('…')) return null;
  const items = text.split(/\s*,\s*(?:or\s+|and\s+)?|\s+or\s+/).map((s) => s.trim().replace(/^["'`]|["'`]$/g, '')).filter(Boolean);
  if (items.length < 2 || !items.every((s) => /^[A-Za-z0-9_.:/-]{1,40}$/.test(s) || /^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}$/.test(s))) return null;
  return items;
}

/** The enum a description states, typed for the schema, or null. */
export function proseEnum(description: string, type: Schema['type'], name = ''): Json[] | null {
  const lead = ENUM_LEAD.exec(description);
  if (!lead || NOT_ONE_VALUE.test(description)) return null;
  const before = description.slice(0, lead.index);
  // "The file's `purpose` must be one of …" lists another field's values; "For bank accounts, possible values …" a case.
  if (CONDITION.test(before) || /[`"'][A-Za-z_]+[`"'][^.;]*$/.test(before)) return null;
  // "Only one of `amount` and `amount_decimal` can be set" is about arguments, not values.
  if (/\b(only|exactly|at least|at most)\s*$/i.test(before)) return null;
  const values = listedValues(description.slice(lead.index + lead[0].length));
  // A list naming the field itself (`view_id`: "Either `view_id` or `external_id` is required") is a choice of arguments.
  if (!values || values.length < 2 || (name !== '' && values.includes(name))) return null;
  if (type === 'integer' || type === 'number') {
    const numbers = values.map(Number);
    if (!numbers.every((n) => Number.isFinite(n) && (type === 'number' || Number.isInteger(n)))) return null;
    return [...new Set(numbers)];
  }
  if (type !== undefined && type !== 'string') return null;
  return [...new Set(values)];
}

/** The numeric range a description states: both bounds or one. */
export function proseRange(description: string): { minimum?: number; maximum?: number } | null {
  for (const pattern of RANGES) {
    const m = pattern.exec(description);
    if (!m) continue;
    const low = toNumber(m[1]!);
    const high = toNumber(m[2]!);
    if (low < high) return { minimum: low, maximum: high };
  }
  const upper = UPPER.exec(description);
  const lower = LOWER.exec(description);
  const out: { minimum?: number; maximum?: number } = {};
  if (lower) out.minimum = toNumber(lower[1]!);
  if (upper) out.maximum = toNumber(upper[1]!);
  if (out.minimum !== undefined && out.maximum !== undefined && out.minimum >= out.maximum) return null;
  return out.minimum !== undefined || out.maximum !== undefined ? out : null;
}

/**
 * A schema with the enum and range its description states, where the schema does not say them
 * already; members of objects and items of arrays too. Returns the same object when nothing changes.
 */
export function withProseConstraints(schema: Schema, name = ''): Schema {
  let out = schema;
  const set = (patch: Partial<Schema>) => (out = { ...out, ...patch });
  const text = schema.description ?? '';
  if (text && !schema.enum && (schema.type === 'string' || schema.type === 'integer' || schema.type === 'number' || schema.type === undefined)) {
    const values = proseEnum(text, schema.type, name);
    // A default the list does not hold means the list is about something else.
    if (values && (schema.default === undefined || values.includes(schema.default))) set({ enum: values });
  }
  if (text && !out.enum && (schema.type === 'integer' || schema.type === 'number') && schema.minimum === undefined && schema.maximum === undefined) {
    const range = proseRange(text);
    // A default outside the stated range means the words are about something else.
    const fits = (r: { minimum?: number; maximum?: number }) => typeof schema.default !== 'number' || ((r.minimum ?? -Infinity) <= schema.default && schema.default <= (r.maximum ?? Infinity));
    if (range && fits(range)) set(range);
  }
  if (schema.properties) {
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([member, memberSchema]) => [member, withProseConstraints(memberSchema, member)]));
    if (Object.entries(properties).some(([member, memberSchema]) => memberSchema !== schema.properties![member])) set({ properties });
  }
  if (schema.items) {
    const items = withProseConstraints(schema.items, name);
    if (items !== schema.items) set({ items });
  }
  return out;
}
