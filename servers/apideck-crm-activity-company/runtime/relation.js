// @ts-check
// The members a link or unlink names, whatever shape the API gives them: one value, a list, a
// comma-separated string, key–value pairs (`[{Key, Value}]`) or a map (`{key: value}`). Each member
// comes out as [member, value]; value is undefined except for pairs and maps (tags).
import { ToolError } from './errors.js';

/**
 * @param {unknown} value
 * @param {string} argument
 */
function scalar(value, argument) {
  if (typeof value === 'string' ? value.trim() === '' : typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ToolError(argument, `must name a member (a non-empty text or a number), not ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * @param {unknown} value the member argument's value
 * @param {'one' | 'list' | 'csv' | 'pairs' | 'map'} shape
 * @param {string} argument its name, for messages
 * @param {[string | null, string | null]} fields pairs: the members holding key and value
 * @returns {[unknown, unknown][]}
 */
export function members(value, shape, argument, [keyField, valueField]) {
  if (value === undefined || value === null) throw new ToolError(argument, 'is needed: say what to add or remove');
  /** @type {[unknown, unknown][]} */
  let out;
  switch (shape) {
    case 'one':
      out = [[scalar(value, argument), undefined]];
      break;
    case 'csv':
      if (typeof value !== 'string') throw new ToolError(argument, 'must be a comma-separated list');
      out = value.split(',').map((part) => part.trim()).filter((part) => part !== '').map((part) => [part, undefined]);
      break;
    case 'list':
      if (!Array.isArray(value)) throw new ToolError(argument, 'must be a list');
      out = value.map((item, i) => [scalar(item, `${argument}[${i}]`), undefined]);
      break;
    case 'pairs':
      if (!Array.isArray(value)) throw new ToolError(argument, `must be a list of {${keyField}, ${valueField ?? '…'}} pairs`);
      out = value.map((item, i) => {
        const pair = /** @type {Record<string, unknown>} */ (item);
        if (item === null || typeof item !== 'object' || !keyField || !Object.hasOwn(pair, keyField)) throw new ToolError(`${argument}[${i}]`, `needs a ${keyField}`);
        return [scalar(pair[keyField], `${argument}[${i}].${keyField}`), valueField && Object.hasOwn(pair, valueField) ? pair[valueField] : undefined];
      });
      break;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) throw new ToolError(argument, 'must be an object of key: value');
      out = Object.entries(value).map(([key, v]) => [key, v]);
      break;
    default:
      throw new Error(`tools.js names member shape ${shape}, which this runtime does not know`);
  }
  if (out.length === 0) throw new ToolError(argument, 'names no member; give at least one');
  // Values are stored as text: a tag's value is what the caller wrote.
  return out.map(([member, v]) => [member, v === undefined || v === null || typeof v === 'string' ? v : JSON.stringify(v)]);
}
