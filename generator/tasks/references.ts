// How an instruction names the rows its steps work on: by the key the user knows ("ticket 12"), by
// a value that tells it apart from the other rows a lookup finds ("the ticket whose title is …"),
// as the row just created, or as the one already talked about.
import type { Table } from '../../formats/contract.js';
import type { Json } from '../../formats/toolspec.js';
import type { Step } from './chain.js';
import { entity, pairs, phraseOf, plural, say, spoken, stated } from './wording.js';

/** How a row is named, and which arguments the naming already states. */
export interface Reference {
  text: string;
  said: Set<string>;
  /** new: made by an earlier step; found: picked out of a lookup; key: named by its key; state: the one-row state. */
  kind: 'new' | 'found' | 'first' | 'that' | 'key' | 'state' | 'none';
}

/** The lookup that found a row, in words, so the agent can look it up the same way: "among the tickets with status "open"". */
function among(steps: Step[], finder: Step): string {
  const b = finder.tool.binding;
  const skip = new Set<string>();
  const search = b.search ? finder.arguments[b.search.argument] : undefined;
  if (b.search) skip.add(b.search.argument);
  const rest = pairs(stated(finder.tool, finder.arguments, skip, finder.table));
  const matching = search !== undefined ? ` matching ${spoken(search)}` : '';
  if (!matching && !rest) return '';
  return ` among the ${plural(finder.table)}${matching}${rest ? ` with ${rest}` : ''}`;
}

/** A row produced by step `from`, named for a later step. */
function producedRow(steps: Step[], from: number, table: Table, link: NonNullable<Step['link']>, style: 'goal' | 'steps'): Omit<Reference, 'said'> {
  const source = steps[from];
  if (link.chosenBy) return { text: `the ${entity(table)} whose ${say(link.chosenBy.column)} is ${spoken(link.chosenBy.value)}${style === 'goal' && source ? among(steps, source) : ''}`, kind: 'found' };
  if (link.first) return { text: `the first ${entity(table)}${style === 'goal' && source ? `${among(steps, source)} (in the order they are listed)` : ' listed'}`, kind: 'first' };
  if (source?.tool.binding.operator === 'insert') return { text: style === 'goal' ? `the new ${entity(table)}` : `the ${entity(table)} you just created`, kind: 'new' };
  // The one row a lookup found: in a goal, by that lookup ("the only ticket with status "open"").
  const op = source?.tool.binding.operator;
  if (style === 'goal' && source && (op === 'list' || op === 'search') && source.table === table) {
    const found = among(steps, source).replace(` among the ${plural(table)}`, '');
    return { text: `the only ${entity(table)}${found || ' there is'}`, kind: 'found' };
  }
  // A goal does not say the lookup, so a row a lookup by key found is named the way the lookup named it.
  if (style === 'goal' && source && op === 'get' && source.table === table) {
    const named = byKey(source);
    if (named) return { text: named.text, kind: 'found' };
  }
  return { text: `that ${entity(table)}`, kind: 'that' };
}

/** A row named by its key: "ticket 12", "hotel "htl_0020"", "the user with username "ana"". */
export function byKey(step: Step): Reference | null {
  const key = step.tool.binding.key;
  const value: Json | undefined = key ? step.arguments[key.argument] : undefined;
  if (!key || value === undefined) return null;
  const text = key.column === step.table.primaryKey ? `${entity(step.table)} ${spoken(value)}` : `the ${entity(step.table)} with ${phraseOf(step.tool, key.argument, step.table)} ${spoken(value)}`;
  return { text, said: new Set([key.argument]), kind: 'key' };
}

/** How step `i` names the row it works on. */
export function rowReference(steps: Step[], i: number, style: 'goal' | 'steps'): Reference {
  const step = steps[i]!;
  if (step.table.singleton) return { text: '', said: new Set(), kind: 'state' };
  const link = step.link;
  if (link && link.table === step.table.name) return { ...producedRow(steps, link.from, step.table, link, style), said: new Set([link.argument]) };
  return byKey(step) ?? { text: `the ${entity(step.table)}`, said: new Set(), kind: 'none' };
}

/** The parent a step is about when it is another table's row ("for the new ticket"), else nothing. */
export function parentReference(steps: Step[], i: number, style: 'goal' | 'steps'): { text: string; said: Set<string> } {
  const step = steps[i]!;
  const link = step.link;
  const source = link ? steps[link.from] : undefined;
  if (!link || link.table === step.table.name || !source) return { text: '', said: new Set() };
  const parent = source.produced?.table ?? source.table;
  return { text: ` for ${producedRow(steps, link.from, parent, link, style).text}`, said: new Set([link.argument]) };
}

/** The key of the row step `i` works on, to tell whether two steps work on the same row. */
export function rowKey(step: Step, i: number): string {
  if (step.table.singleton) return `${step.table.name}:1`;
  const b = step.tool.binding;
  const key = b.key ? step.arguments[b.key.argument] : step.link && step.link.table === step.table.name ? step.arguments[step.link.argument] : undefined;
  if (b.operator === 'insert') return `${step.table.name}:${String(step.result.id)}`;
  return key === undefined ? `${step.table.name}:step ${i}` : `${step.table.name}:${JSON.stringify(key)}`;
}
