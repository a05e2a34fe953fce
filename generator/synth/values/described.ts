// How much a field says about the record it belongs to, for choosing the few optional fields a
// person states when they create or change something: the catalog's own values and fields whose
// names mean something come first; yes/no switches, free-form objects and nameless text never.
import type { Column } from '../../../formats/contract.js';
import { words } from '../../naming.js';
import { knowsNumber } from './number-meaning.js';
import { knowsText } from './text-meaning.js';
import { isDateField } from './time.js';

/** Fields the system keeps for itself: nobody types an etag or a creation time into a form. */
const BOOKKEEPING = /(^|_)(etag|revision|version|self|href|kind|odata|object|created|updated|modified|deleted|last_modified)(_|$)|_(at|on|by)$/;

const scores = new WeakMap<Column, Map<string, number>>();

/** 0 (a person would not state it) to 3 (the catalog gives its values); remembered per column and argument. */
export function describedBy(column: Column | undefined, argument: string): number {
  if (!column) return 0;
  let byArgument = scores.get(column);
  if (!byArgument) scores.set(column, (byArgument = new Map()));
  let score = byArgument.get(argument);
  if (score === undefined) byArgument.set(argument, (score = score0(column, argument)));
  return score;
}

function score0(column: Column | undefined, argument: string): number {
  // Ids name other things; a person filling a form states what a thing is, not what it points at.
  if (!column || column.references || column.type === 'boolean' || BOOKKEEPING.test(column.name) || /(^|_)ids?$/.test(column.name)) return 0;
  if (column.type === 'json') return column.shape?.properties ? 1 : 0;
  if ((column.enum && column.enum.length > 0) || (column.examples && column.examples.length > 0)) return 3;
  const name = words(column.name).join('_');
  const named = words(argument).join('_');
  if (column.type === 'text' && (knowsText(name) || knowsText(named) || isDateField(name, column.format) || column.format)) return 2;
  if ((column.type === 'integer' || column.type === 'real') && (knowsNumber(name) || knowsNumber(named))) return 2;
  return 0;
}
