// Tools that are pure functions of their arguments (BFCL's math API: mean, logarithm, unit
// conversions) are computed for real (templates/runtime/formulas.js), not answered from seeded
// columns. A tool is one when it only reads, all its arguments are numbers, lists of numbers or
// unit names, it returns a number, and its name (else its description) names a formula; which
// argument is which input comes from their names (`base`, `exponent`, `part`, `unit_in`), else
// their order. Argument keys are canonical (singular): `decimal_places` is `decimal_place`.
import type { Json, Schema, ToolSpec } from '../../formats/toolspec.js';
import type { Compute } from '../../formats/contract.js';
import { words } from '../naming.js';
import type { Arg } from './targets.js';

/** What a formula takes, in order: a list, a number, an optional digits count, a unit. */
type Input = 'list' | 'number' | 'digits' | 'unit';

interface Formula {
  name: string;
  /** Words of a tool's name or description that name it. */
  words: RegExp;
  inputs: { input: Input; names: RegExp; optional?: boolean }[];
}

const ANY = /.^/;
const FORMULAS: Formula[] = [
  { name: 'stddev', words: /\b(standard deviation|std ?dev|stdev|stddev)\b|(^|_)std(_|$)/, inputs: [{ input: 'list', names: ANY }] },
  { name: 'variance', words: /\bvariance\b/, inputs: [{ input: 'list', names: ANY }] },
  { name: 'mean', words: /\b(mean|average|avg)\b/, inputs: [{ input: 'list', names: ANY }] },
  { name: 'median', words: /\bmedian\b/, inputs: [{ input: 'list', names: ANY }] },
  { name: 'min', words: /\b(min|minimum|smallest|lowest)\b/, inputs: [{ input: 'list', names: ANY }] },
  { name: 'max', words: /\b(max|maximum|largest|highest|greatest)\b/, inputs: [{ input: 'list', names: ANY }] },
  { name: 'sum', words: /\b(sum|total|add)\b/, inputs: [{ input: 'list', names: ANY }] },
  { name: 'product', words: /\b(product|multiply)\b/, inputs: [{ input: 'list', names: ANY }] },
  { name: 'percentage', words: /\bpercent(age)?\b/, inputs: [{ input: 'number', names: /^(part|portion|value|numerator|x|a)$/ }, { input: 'number', names: /^(whole|total|denominator|y|b)$/ }] },
  { name: 'power', words: /\b(power|exponent|exponentiat\w*|raise)\b|(^|_)pow(_|$)/, inputs: [{ input: 'number', names: /^(base|number|x|a|value)$/ }, { input: 'number', names: /^(exponent|power|exp|n|y|b)$/ }] },
  { name: 'log', words: /\b(log|logarithm|ln)\b/, inputs: [{ input: 'number', names: /^(value|number|x|n|a)$/ }, { input: 'number', names: /^base$/, optional: true }, { input: 'digits', names: /^(precision|digits?|significant_digits?)$/, optional: true }] },
  { name: 'sqrt', words: /\b(square root|sqrt|root)\b/, inputs: [{ input: 'number', names: /^(number|value|x|n|a)$/ }, { input: 'digits', names: /^(precision|digits?|significant_digits?)$/, optional: true }] },
  { name: 'round', words: /\bround(ed|ing)?\b/, inputs: [{ input: 'number', names: /^(number|value|x|n|a)$/ }, { input: 'digits', names: /^(decimal_places?|decimals?|places?|ndigits?|digits?|precision)$/, optional: true }] },
  { name: 'abs', words: /\babsolute\b|(^|_)abs(_|$)/, inputs: [{ input: 'number', names: ANY }] },
  { name: 'exp', words: /\bexponential\b|(^|_)exp(_|$)/, inputs: [{ input: 'number', names: ANY }] },
  { name: 'modulo', words: /\b(modulo|modulus|remainder|mod)\b/, inputs: [{ input: 'number', names: /^(dividend|a|x|number)$/ }, { input: 'number', names: /^(divisor|modulus|b|y|n)$/ }] },
  { name: 'divide', words: /\b(divide|division|quotient)\b/, inputs: [{ input: 'number', names: /^(a|x|numerator|dividend)$/ }, { input: 'number', names: /^(b|y|denominator|divisor)$/ }] },
  { name: 'multiply', words: /\b(multiply|multiplication|times)\b/, inputs: [{ input: 'number', names: ANY }, { input: 'number', names: ANY }] },
  { name: 'subtract', words: /\b(subtract|subtraction|minus|difference)\b/, inputs: [{ input: 'number', names: /^(a|x|minuend|first)$/ }, { input: 'number', names: /^(b|y|subtrahend|second)$/ }] },
  { name: 'add', words: /\b(add|addition|plus|sum)\b/, inputs: [{ input: 'number', names: ANY }, { input: 'number', names: ANY }] },
  { name: 'convert', words: /\b(convert|conversion|converts)\b/, inputs: [{ input: 'number', names: /^(value|amount|quantity|number|x)$/ }, { input: 'unit', names: /^(unit_in|from_unit|from|source_unit|input_unit|unit_from|in_unit)$/ }, { input: 'unit', names: /^(unit_out|to_unit|to|target_unit|output_unit|unit_to|out_unit)$/ }] },
];

const isNumber = (s: Schema) => s.type === 'number' || s.type === 'integer';
const isList = (s: Schema) => s.type === 'array' && (s.items === undefined || isNumber(s.items));
const isUnit = (arg: Arg) => (arg.schema.type === 'string' || arg.schema.type === undefined) && /(^|_)(unit|from|to|in|out)(_|$)/.test(arg.key);

/** The numeric field the tool returns its answer in (`result`, `liter`), or 'result'. */
function resultField(tool: ToolSpec): string | undefined {
  const properties = tool.output?.properties;
  if (!properties || Object.keys(properties).length === 0) return 'result';
  const numeric = Object.entries(properties).filter(([, s]) => isNumber(s));
  return numeric.length === 1 || (numeric.length > 0 && Object.keys(properties).length === numeric.length) ? numeric[0]![0] : undefined;
}

/** `gallon_to_liter`: a conversion whose units are its name's words. */
function unitsOfName(name: string): [string, string] | null {
  const m = /^(?:convert_)?([a-z]+)_to_([a-z]+)$/.exec(words(name).join('_'));
  return m ? [m[1]!, m[2]!] : null;
}

/** Bind a formula's inputs to the tool's arguments, by name, then in order; null when one is missing or an argument is left over. */
function inputsOf(formula: Formula, args: Arg[], tool: ToolSpec): Compute['inputs'] | null {
  const free = [...args];
  const take = (pick: (a: Arg) => boolean) => {
    const i = free.findIndex(pick);
    return i < 0 ? undefined : free.splice(i, 1)[0];
  };
  const fits = (input: Input, a: Arg) => (input === 'list' ? isList(a.schema) : input === 'unit' ? isUnit(a) : input === 'digits' ? a.schema.type === 'integer' : isNumber(a.schema) && !isUnit(a));
  // Arguments whose names say which input they are go first, so `power(exponent, base)` is read right.
  const chosen = formula.inputs.map((slot) => take((a) => fits(slot.input, a) && slot.names.test(a.key)));
  const inputs: Compute['inputs'] = [];
  formula.inputs.forEach((slot, i) => {
    const arg = chosen[i] ?? (slot.optional && slot.input !== 'number' ? undefined : take((a) => fits(slot.input, a) && !formula.inputs.some((other, j) => j !== i && other.names.test(a.key))));
    inputs.push(arg ? { argument: arg.name } : { value: null });
  });
  if (formula.name === 'convert' && inputs.slice(1).every((i) => 'value' in i)) {
    // `gallon_to_liter(gallon)`: the units are the name's.
    const units = unitsOfName(tool.name);
    if (!units) return null;
    inputs[1] = { value: units[0] as Json };
    inputs[2] = { value: units[1] as Json };
  }
  const missing = formula.inputs.some((slot, i) => !slot.optional && 'value' in inputs[i]! && inputs[i]!.value === null);
  if (missing || free.length > 0) return null;
  return inputs;
}

/** The computation a tool is, or null when it is not a pure function the runtime can compute. */
export function formulaOf(tool: ToolSpec, args: Arg[]): Compute | null {
  if (tool.op !== 'read' || args.length === 0) return null;
  if (!args.every((a) => isNumber(a.schema) || isList(a.schema) || isUnit(a))) return null;
  // A number that names a row (`product_id`) makes it a lookup, not arithmetic.
  if (args.some((a) => /(^|_)(id|ids|key|code|number_id)$/.test(a.key))) return null;
  const result = resultField(tool);
  if (!result) return null;
  const name = words(tool.name).join(' ');
  const description = tool.description.split(/tool description:/i).pop()!.toLowerCase();
  // The name decides when it names a formula (`max_value`); the description only when it does not.
  const named = FORMULAS.filter((f) => f.words.test(name));
  // A description names the formula only in its opening words, as what the tool does ("Calculate the mean of …").
  const opening = /^\s*(calculates?|computes?|finds?|gets?|returns?|converts?|rounds?|raises?|adds?|subtracts?|multipl\w+|divides?|estimates?)\b/.test(description) ? description.split(/\s+/).slice(0, 8).join(' ') : '';
  const candidates = named.length > 0 ? named : FORMULAS.filter((f) => f.words.test(opening));
  for (const formula of candidates) {
    const inputs = inputsOf(formula, args, tool);
    if (inputs) return { formula: formula.name, inputs, result };
  }
  return null;
}
