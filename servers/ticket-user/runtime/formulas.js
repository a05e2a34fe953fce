// @ts-check
// Pure functions a tool computes for real instead of reading them from the database: arithmetic,
// statistics, logarithms and unit conversions. synth picks a formula by the tool's name and
// description and says which argument is which input; a bad input (a division by zero, an unknown
// unit, the mean of nothing) is refused with a message naming the argument.
import { ToolError } from './errors.js';

/**
 * @param {unknown} value
 * @param {string} argument
 * @returns {number}
 */
function finite(value, argument) {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ToolError(argument, `must be a number, not ${JSON.stringify(value)}`);
  return value;
}

/**
 * @param {unknown} value
 * @param {string} argument
 * @returns {number[]}
 */
function numbers(value, argument) {
  if (!Array.isArray(value) || value.length === 0) throw new ToolError(argument, 'must be a non-empty list of numbers');
  return value.map((v, i) => finite(v, `${argument}[${i}]`));
}

/**
 * A whole number of digits (precision or decimal places), or the fallback when absent.
 * @param {unknown} value
 * @param {string} argument
 * @param {number | undefined} fallback
 */
function digits(value, argument, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) throw new ToolError(argument, `must be a whole number from 0 to 100, not ${JSON.stringify(value)}`);
  return value;
}

/**
 * `x` to `precision` significant digits (what mpmath's and decimal's precision mean), else unchanged.
 * @param {number} x
 * @param {number | undefined} precision
 */
function significant(x, precision) {
  return precision === undefined || precision === 0 || x === 0 ? x : Number(x.toPrecision(Math.min(precision, 100)));
}

/** @param {number[]} xs */
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

// Units by dimension: the factor to the dimension's base unit (m, kg, l, s, m2, m/s, J, Pa, B),
// under the names catalogs and people write them. Temperatures are offsets, converted apart.
/** @type {Record<string, Record<string, number>>} */
const UNITS = {
  length: { m: 1, meter: 1, metre: 1, km: 1000, kilometer: 1000, kilometre: 1000, cm: 0.01, centimeter: 0.01, centimetre: 0.01, mm: 0.001, millimeter: 0.001, millimetre: 0.001, um: 1e-6, micrometer: 1e-6, micron: 1e-6, nm: 1e-9, nanometer: 1e-9, mi: 1609.344, mile: 1609.344, yd: 0.9144, yard: 0.9144, ft: 0.3048, foot: 0.3048, feet: 0.3048, in: 0.0254, inch: 0.0254, inches: 0.0254, nmi: 1852, nautical_mile: 1852 },
  mass: { kg: 1, kilogram: 1, g: 0.001, gram: 0.001, mg: 1e-6, milligram: 1e-6, ug: 1e-9, microgram: 1e-9, t: 1000, tonne: 1000, metric_ton: 1000, lb: 0.45359237, lbs: 0.45359237, pound: 0.45359237, oz: 0.028349523125, ounce: 0.028349523125, st: 6.35029318, stone: 6.35029318, ton: 907.18474, short_ton: 907.18474 },
  volume: { l: 1, liter: 1, litre: 1, ml: 0.001, milliliter: 0.001, millilitre: 0.001, cl: 0.01, dl: 0.1, m3: 1000, cubic_meter: 1000, cm3: 0.001, cc: 0.001, gal: 3.785411784, gallon: 3.785411784, us_gallon: 3.785411784, imperial_gallon: 4.54609, qt: 0.946352946, quart: 0.946352946, pt: 0.473176473, pint: 0.473176473, cup: 0.2365882365, fl_oz: 0.0295735295625, fluid_ounce: 0.0295735295625, ft3: 28.316846592, cubic_foot: 28.316846592, cubic_feet: 28.316846592, in3: 0.016387064, cubic_inch: 0.016387064 },
  time: { s: 1, sec: 1, second: 1, ms: 0.001, millisecond: 0.001, us: 1e-6, microsecond: 1e-6, ns: 1e-9, nanosecond: 1e-9, min: 60, minute: 60, h: 3600, hr: 3600, hour: 3600, d: 86400, day: 86400, week: 604800, wk: 604800 },
  area: { m2: 1, square_meter: 1, sq_m: 1, km2: 1e6, square_kilometer: 1e6, cm2: 1e-4, square_centimeter: 1e-4, mm2: 1e-6, ha: 1e4, hectare: 1e4, acre: 4046.8564224, ft2: 0.09290304, sq_ft: 0.09290304, square_foot: 0.09290304, square_feet: 0.09290304, in2: 0.00064516, sq_in: 0.00064516, square_inch: 0.00064516, mi2: 2589988.110336, square_mile: 2589988.110336, yd2: 0.83612736, square_yard: 0.83612736 },
  speed: { 'm/s': 1, mps: 1, meter_per_second: 1, 'km/h': 1 / 3.6, kmh: 1 / 3.6, kph: 1 / 3.6, kilometer_per_hour: 1 / 3.6, mph: 0.44704, mile_per_hour: 0.44704, 'ft/s': 0.3048, fps: 0.3048, knot: 0.514444, kn: 0.514444, kt: 0.514444 },
  energy: { j: 1, joule: 1, kj: 1000, kilojoule: 1000, cal: 4.184, calorie: 4.184, kcal: 4184, kilocalorie: 4184, wh: 3600, kwh: 3.6e6, kilowatt_hour: 3.6e6, btu: 1055.05585262, ev: 1.602176634e-19 },
  pressure: { pa: 1, pascal: 1, kpa: 1000, kilopascal: 1000, mpa: 1e6, bar: 1e5, mbar: 100, psi: 6894.757293168, atm: 101325, atmosphere: 101325, mmhg: 133.322387415, torr: 133.322368421, inhg: 3386.389 },
  data: { b: 1, byte: 1, kb: 1000, kilobyte: 1000, mb: 1e6, megabyte: 1e6, gb: 1e9, gigabyte: 1e9, tb: 1e12, terabyte: 1e12, kib: 1024, mib: 1048576, gib: 1073741824, bit: 0.125 },
  power: { w: 1, watt: 1, kw: 1000, kilowatt: 1000, mw: 1e6, megawatt: 1e6, hp: 745.69987158227, horsepower: 745.69987158227 },
};
const TEMPERATURES = { c: 'C', celsius: 'C', degc: 'C', f: 'F', fahrenheit: 'F', degf: 'F', k: 'K', kelvin: 'K' };

/**
 * A unit as written (`Meters`, `km`, `square feet`, `°C`) → its dimension and factor, or null.
 * @param {string} name
 * @returns {{ dimension: string, factor: number } | { dimension: 'temperature', scale: string } | null}
 */
function unitOf(name) {
  const raw = name.trim().toLowerCase().replace(/°/g, 'deg').replace(/\s+/g, '_').replace(/-/g, '_');
  const candidates = [raw, raw.replace(/_/g, ''), raw.replace(/s$/, ''), raw.replace(/es$/, ''), raw.replace(/^deg(rees?)?_?/, '')];
  for (const candidate of candidates) {
    const scale = /** @type {Record<string, string>} */ (TEMPERATURES)[candidate];
    if (scale) return { dimension: 'temperature', scale };
    for (const [dimension, units] of Object.entries(UNITS)) {
      const factor = units[candidate];
      if (factor !== undefined) return { dimension, factor };
    }
  }
  return null;
}

/**
 * @param {number} value
 * @param {string} from
 * @param {string} to
 */
function temperature(value, from, to) {
  const kelvin = from === 'C' ? value + 273.15 : from === 'F' ? ((value - 32) * 5) / 9 + 273.15 : value;
  return to === 'C' ? kelvin - 273.15 : to === 'F' ? ((kelvin - 273.15) * 9) / 5 + 32 : kelvin;
}

/**
 * Every formula, by the name synth writes in the binding: (inputs, their argument names) → number.
 * @type {Record<string, (inputs: unknown[], names: string[]) => number>}
 */
export const FORMULAS = {
  sum: ([xs], [n]) => numbers(xs, /** @type {string} */ (n)).reduce((a, b) => a + b, 0),
  add: ([x, y], [nx, ny]) => finite(x, String(nx)) + finite(y, String(ny)),
  subtract: ([x, y], [nx, ny]) => finite(x, String(nx)) - finite(y, String(ny)),
  multiply: ([x, y], [nx, ny]) => finite(x, String(nx)) * finite(y, String(ny)),
  product: ([xs], [n]) => numbers(xs, String(n)).reduce((a, b) => a * b, 1),
  divide: ([x, y], [nx, ny]) => {
    if (finite(y, String(ny)) === 0) throw new ToolError(String(ny), 'cannot divide by zero');
    return finite(x, String(nx)) / /** @type {number} */ (y);
  },
  modulo: ([x, y], [nx, ny]) => {
    if (finite(y, String(ny)) === 0) throw new ToolError(String(ny), 'cannot take a remainder by zero');
    return finite(x, String(nx)) % /** @type {number} */ (y);
  },
  mean: ([xs], [n]) => mean(numbers(xs, String(n))),
  median: ([xs], [n]) => {
    const sorted = [...numbers(xs, String(n))].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? /** @type {number} */ (sorted[mid]) : (/** @type {number} */ (sorted[mid - 1]) + /** @type {number} */ (sorted[mid])) / 2;
  },
  min: ([xs], [n]) => Math.min(...numbers(xs, String(n))),
  max: ([xs], [n]) => Math.max(...numbers(xs, String(n))),
  // Population variance and standard deviation (divide by n), as statistics.pstdev computes them.
  variance: ([xs], [n]) => {
    const values = numbers(xs, String(n));
    const m = mean(values);
    return mean(values.map((v) => (v - m) ** 2));
  },
  stddev: (inputs, names) => Math.sqrt(/** @type {(i: unknown[], n: string[]) => number} */ (FORMULAS.variance)(inputs, names)),
  abs: ([x], [n]) => Math.abs(finite(x, String(n))),
  sqrt: ([x, precision], [n, np]) => {
    if (finite(x, String(n)) < 0) throw new ToolError(String(n), 'has no real square root below zero');
    return significant(Math.sqrt(/** @type {number} */ (x)), digits(precision, String(np), undefined));
  },
  power: ([base, exponent], [nb, ne]) => {
    const result = finite(base, String(nb)) ** finite(exponent, String(ne));
    if (!Number.isFinite(result)) throw new ToolError(String(ne), 'gives a result that is not a real number');
    return result;
  },
  log: ([x, base, precision], [n, nb, np]) => {
    if (finite(x, String(n)) <= 0) throw new ToolError(String(n), 'must be greater than zero to have a logarithm');
    const b = base === undefined || base === null ? Math.E : finite(base, String(nb));
    if (b <= 0 || b === 1) throw new ToolError(String(nb), 'must be a positive number other than 1');
    return significant(Math.log(/** @type {number} */ (x)) / Math.log(b), digits(precision, String(np), undefined));
  },
  exp: ([x], [n]) => Math.exp(finite(x, String(n))),
  percentage: ([part, whole], [np, nw]) => {
    if (finite(whole, String(nw)) === 0) throw new ToolError(String(nw), 'cannot be zero: a percentage of nothing is undefined');
    return (finite(part, String(np)) / /** @type {number} */ (whole)) * 100;
  },
  round: ([x, places], [n, np]) => {
    const p = digits(places, String(np), 0) ?? 0;
    const factor = 10 ** p;
    return Math.round(finite(x, String(n)) * factor) / factor;
  },
  convert: ([value, from, to], [nv, nf, nt]) => {
    const x = finite(value, String(nv));
    const source = typeof from === 'string' ? unitOf(from) : null;
    if (!source) throw new ToolError(String(nf), `${JSON.stringify(from)} is not a unit this server knows (e.g. m, km, ft, kg, lb, l, gal, s, h, °C, °F)`);
    const target = typeof to === 'string' ? unitOf(to) : null;
    if (!target) throw new ToolError(String(nt), `${JSON.stringify(to)} is not a unit this server knows (e.g. m, km, ft, kg, lb, l, gal, s, h, °C, °F)`);
    if (source.dimension !== target.dimension) throw new ToolError(String(nt), `cannot convert ${source.dimension} (${from}) to ${target.dimension} (${to})`);
    if ('scale' in source && 'scale' in target) return temperature(x, source.scale, target.scale);
    return (x * /** @type {{ factor: number }} */ (source).factor) / /** @type {{ factor: number }} */ (target).factor;
  },
};

/**
 * Compute formula `name` on `inputs` (argument values in the formula's order, undefined for an
 * optional one left out), naming `names` in errors. The result is a finite number.
 * @param {string} name
 * @param {unknown[]} inputs
 * @param {string[]} names
 */
export function compute(name, inputs, names) {
  const formula = FORMULAS[name];
  if (!formula) throw new Error(`tools.js asks for formula ${name}, which this runtime does not have`);
  const result = formula(inputs, names);
  if (!Number.isFinite(result)) throw new ToolError(names[0] ?? null, 'gives a result that is not a finite number');
  // Binary floating point noise (0.1 + 0.2) is not part of any answer.
  return Number(result.toPrecision(15));
}
