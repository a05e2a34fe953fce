// A number from what a field's name means: a month is 1–12, an expiry year lies ahead of the clock, a
// price has cents, a port is a port. Bounds the catalog states always win.
import type { Faker } from '@faker-js/faker';
import { yearFor } from './time.js';

/** The range a numeric field's name implies: [min, max, decimals], or null when the name says nothing. */
type Range = [number, number, number];

const RANGES: [RegExp, Range][] = [
  [/(^|_)(exp_|expiry_|expiration_)?month$/, [1, 12, 0]],
  [/(^|_)(day|day_of_month)$/, [1, 28, 0]],
  [/(^|_)(hour|hours_of_day)$/, [0, 23, 0]],
  [/(^|_)(minute|second)s?$/, [0, 59, 0]],
  [/(^|_)(weekday|day_of_week)$/, [1, 7, 0]],
  [/(^|_)port$/, [1024, 65535, 0]],
  [/(priority|rating|stars|score_level|severity)/, [1, 5, 0]],
  [/(^|_)(age)$/, [18, 80, 0]],
  [/(latitude|(^|_)lat)$/, [-60, 70, 5]],
  [/(longitude|(^|_)(lng|lon|long))$/, [-170, 170, 5]],
  [/(percent|percentage|ratio|share|humidity|progress|probability|discount_rate|tax_rate)/, [0, 100, 1]],
  [/(balance)/, [100, 10000, 2]],
  [/(price|amount|cost|fee|total|subtotal|salary|budget|revenue|spend|charge|payment|refund|deposit|tax)/, [5, 500, 2]],
  [/(limit|threshold|cap)$/, [10, 1000, 0]],
  [/(quantity|qty|number_of|seats|stock|units|adults|children|guests|count|capacity|nights|rooms)/, [1, 8, 0]],
  [/(temperature|temp)/, [-5, 35, 1]],
  [/(speed|velocity)/, [0, 120, 1]],
  [/(duration|timeout|ttl|delay|interval|seconds|retention)/, [30, 3600, 0]],
  [/(bytes|size_bytes|file_size)/, [1024, 10_000_000, 0]],
  [/(distance|mileage|length|width|height|depth|weight|size)/, [1, 500, 1]],
  [/(level|fuel|volume|battery)/, [0, 100, 1]],
  [/(version|revision)/, [1, 12, 0]],
  [/(page|offset|index|position|order|rank|sequence)$/, [1, 20, 0]],
];

/** Whether the name says what range a number lies in (a month, a price, a year). */
export function knowsNumber(name: string): boolean {
  return /(^|_)year$|_year_|^year/.test(name) || RANGES.some(([pattern]) => pattern.test(name));
}

/** A number for a numeric field, from its name and the catalog's bounds. */
export function numberByMeaning(name: string, integer: boolean, bounds: { minimum?: number; maximum?: number }, clock: Date, faker: Faker): { value: number; known: boolean } {
  if (/(^|_)year$|_year_|^year/.test(name) && integer) {
    const year = yearFor(name, clock, faker);
    return { value: clamp(year, bounds, true), known: true };
  }
  const range = RANGES.find(([pattern]) => pattern.test(name))?.[1];
  const [min, max, digits] = range ?? [1, 1000, 1];
  const low = Math.max(min, bounds.minimum ?? -Infinity);
  const high = Math.min(max, bounds.maximum ?? Infinity);
  // The catalog's bounds exclude the name's range: stay inside the catalog's.
  const [a, b] = low <= high ? [low, high] : [bounds.minimum ?? min, bounds.maximum ?? Math.max(bounds.minimum ?? min, min)];
  const value = integer || digits === 0 ? faker.number.int({ min: Math.ceil(a), max: Math.max(Math.ceil(a), Math.floor(b)) }) : faker.number.float({ min: a, max: b, fractionDigits: digits });
  return { value: integer ? Math.round(value) : value, known: range !== undefined };
}

function clamp(value: number, bounds: { minimum?: number; maximum?: number }, integer: boolean): number {
  const v = Math.min(Math.max(value, bounds.minimum ?? -Infinity), bounds.maximum ?? Infinity);
  return integer ? Math.round(v) : v;
}
