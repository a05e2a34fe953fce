// Words from identifiers: how catalog names (camelCase, snake_case, kebab, odd punctuation,
// non-ASCII) become comparable tokens and safe snake_case names.
import { createHash } from 'node:crypto';
import pluralize from 'pluralize';

// pluralize treats these as plurals ("data" → "datum", "aws" → "aw"); in API names they are not.
for (const word of ['data', 'metadata', 'canvas', 'kubernetes', 'https', 'http', 'sms', 'mms', 'dns', 'aws', 'gps', 'ios', 'os', 'us', 'alias', 'bonus', 'campus', 'census', 'corpus', 'virus', 'status', 'analytics', 'ssl', 'tls', 'cors', 'ses', 'sns', 'sqs', 'ecs', 'eks', 'efs', 'rds', 'iam', 'kms', 'xls', 'stats', 'utils']) {
  pluralize.addUncountableRule(word);
}

const singularCache = new Map<string, string>();

/** Singular form of one lower-case word (memoized: graph building asks for it a million times). */
export function singular(word: string): string {
  let out = singularCache.get(word);
  if (out === undefined) {
    // Very short words are abbreviations far more often than plurals ("ids" is the exception).
    out = word === 'ids' ? 'id' : word.length <= 3 || /\d/.test(word) ? word : pluralize.singular(word);
    singularCache.set(word, out);
  }
  return out;
}

/**
 * Splits an identifier into lower-case ASCII words:
 * `getCustomerByID` → get customer by id, `X-Amz-Date` → x amz date, `filter[name]` → filter name.
 * Accents are folded (`café` → cafe); other non-ASCII characters separate words.
 */
export function words(identifier: string): string[] {
  const folded = identifier.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const spaced = folded
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Words of an identifier, singularized: the unit the graph compares and synth names tables by. */
export function tokens(identifier: string): string[] {
  return words(identifier).map(singular);
}

/** A short, stable hex digest of a string. */
export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * A snake_case name no longer than `max` characters, made only of `[a-z0-9_]` and not starting
 * with a digit. Names with no usable characters get a stable hashed name; long ones keep a hash
 * suffix so that two long names sharing a prefix stay distinct.
 */
export function snakeName(identifier: string, max = 64, fallbackPrefix = 'x'): string {
  let name = words(identifier).join('_');
  if (name.length === 0) return `${fallbackPrefix}_${shortHash(identifier)}`;
  if (/^[0-9]/.test(name)) name = `${fallbackPrefix}_${name}`;
  if (name.length > max) {
    const suffix = `_${shortHash(identifier, 6)}`;
    name = name.slice(0, max - suffix.length).replace(/_+$/, '') + suffix;
  }
  return name;
}

/**
 * Gives out names unique within one scope: the second `list_items` becomes `list_items_2`, and so on,
 * staying within `max` characters.
 */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(private readonly max = 64) {}

  /** Reserve and return a unique version of `name`. */
  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = name.slice(0, this.max - suffix.length) + suffix;
    }
    this.taken.add(candidate);
    return candidate;
  }
}
