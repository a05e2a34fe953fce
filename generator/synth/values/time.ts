// Dates that agree with the domain's clock: things created or sent lie before it, things that
// expire, fall due or are scheduled lie after it, an end comes after its start, a birthday is
// decades back. The name of the field says which.
import type { Faker } from '@faker-js/faker';
import type { Json } from '../../../formats/toolspec.js';

const DAY = 86_400_000;

/** Where a date lies relative to the clock. */
export type TimeSense = 'past' | 'future' | 'start' | 'end' | 'birth' | 'near';

const PAST = /(^|_)(created|updated|modified|deleted|last|issued|published|posted|sent|received|logged|occurred|submitted|completed|finished|closed|resolved|paid|joined|registered|signed|seen|approved|cancelled|canceled|processed|since|after|ago|opened|timestamp)($|_)/;
const FUTURE = /(^|_)(expir\w*|expires?|exp|due|deadline|valid_until|valid_to|renew\w*|next|scheduled|until|before|reminder|remind|eta|planned|retention)($|_)/;
const START = /(^|_)(start\w*|begin\w*|from|check_?in|arrival|departure|pickup|opens?)($|_)/;
const END = /(^|_)(end\w*|to|check_?out|return|dropoff|closes?)($|_)/;
const BIRTH = /(^|_)(birth\w*|dob|born)($|_)/;

/** What a date field's name says about when it lies. */
export function timeSense(name: string): TimeSense {
  if (BIRTH.test(name)) return 'birth';
  // "expire_after", "expires_since": what expires lies ahead, whatever else the name says.
  if (/expir|valid_until|due/.test(name)) return 'future';
  if (PAST.test(name)) return 'past';
  if (FUTURE.test(name)) return 'future';
  if (END.test(name)) return 'end';
  if (START.test(name)) return 'start';
  return 'near';
}

/** Whether a text field holds a date, by its format or its name. */
export function isDateField(name: string, format: string | undefined): boolean {
  if (format === 'date' || format === 'date-time') return true;
  if (format) return false;
  return /(_at|_on|_date|_time|_datetime|_timestamp)$|^(date|datetime|timestamp|time|day|start|end|since|until|deadline|due|birthday|dob|expires|expiry|expiration|check_in|check_out|checkin|checkout|created|updated|modified|deleted|last_modified|last_updated)$|(^|_)date(_|$)/.test(name);
}

/** Whether the field holds a date without a time of day. */
export function isDateOnly(name: string, format: string | undefined): boolean {
  if (format === 'date') return true;
  if (format === 'date-time') return false;
  return /(_on|_date|_day)$|^(date|day|birthday|dob|check_in|check_out|checkin|checkout)$|birth/.test(name);
}

/** The latest start-like (or, with `ends`, the earliest end-like) date already in the row. */
function siblingIn(row: Record<string, Json> | undefined, ends = false): number | undefined {
  if (!row) return undefined;
  const found: number[] = [];
  for (const [name, value] of Object.entries(row)) {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) continue;
    const sense = timeSense(name);
    if (ends ? sense === 'end' : sense === 'start') {
      const t = Date.parse(value);
      if (!Number.isNaN(t)) found.push(t);
    }
  }
  if (found.length === 0) return undefined;
  return ends ? Math.min(...found) : Math.max(...found);
}

/** A date for a field of this sense, relative to `clock`; written as a date or a date-time. */
export function dateFor(sense: TimeSense, dateOnly: boolean, clock: Date, faker: Faker, row?: Record<string, Json>): string {
  const now = clock.getTime();
  const days = (min: number, max: number) => faker.number.int({ min: Math.round(min * 24), max: Math.round(max * 24) }) * (DAY / 24);
  let t: number;
  switch (sense) {
    case 'past':
      t = now - days(1, 180);
      break;
    case 'future':
      t = now + days(7, 720);
      break;
    case 'start': {
      const end = siblingIn(row, true);
      // Before an end already chosen, and still ahead of the clock.
      t = end !== undefined && end > now + DAY ? now + Math.floor(faker.number.float() * (end - now - DAY / 24)) + DAY / 48 : now + days(1, 60);
      break;
    }
    case 'end': {
      const start = siblingIn(row);
      t = (start !== undefined ? Math.max(start, now) : now + days(1, 60)) + days(1, 14);
      break;
    }
    case 'birth':
      t = now - days(18 * 365, 80 * 365);
      break;
    default:
      t = now + days(-30, 30);
  }
  // Whole minutes: a person writes 09:30, not 09:31:17.482.
  const iso = new Date(Math.round(t / 60_000) * 60_000).toISOString();
  return dateOnly ? iso.slice(0, 10) : iso.replace(/\.\d{3}Z$/, 'Z');
}

/** A year for a field: an expiry a few years ahead, a birth year decades back, else a recent one. */
export function yearFor(name: string, clock: Date, faker: Faker): number {
  const now = clock.getUTCFullYear();
  if (FUTURE.test(name)) return faker.number.int({ min: now + 1, max: now + 6 });
  if (BIRTH.test(name)) return faker.number.int({ min: now - 80, max: now - 18 });
  return faker.number.int({ min: now - 8, max: now });
}
