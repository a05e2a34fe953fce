// What the simulated user is told: a persona, and the goal in the second person — every value the
// agent needs, in the domain's words, never a tool name — plus the answers the user wants back.
import type { Faker } from '@faker-js/faker';
import pluralize from 'pluralize';
import { words } from '../naming.js';
import type { Column, Table, ToolContract } from '../../formats/contract.js';
import type { Json } from '../../formats/toolspec.js';
import type { Step } from './chain.js';
import type { Persona, RequiredOutput } from '../../formats/task.js';

const ROLES = ['an operations manager', 'a small-business owner', 'a support lead', 'a freelance consultant', 'a product analyst', 'an office administrator', 'a developer on call', 'a team coordinator'];
const STYLES = ['brief and to the point', 'polite and detailed', 'in a hurry', 'careful; double-checks everything', 'friendly and chatty'];

/** Lower-case words of an identifier (`created_by` → "created by"). */
const say = (identifier: string) => words(identifier).join(' ');

/** How a table is named in a sentence: `tickets` → "ticket"; a singleton → "the ticket api system". */
function entity(table: Table): string {
  return say(table.entity);
}

function plural(table: Table): string {
  return pluralize(entity(table));
}

function systemOf(table: Table): string {
  return `the ${say(table.entity.replace(/_state$/, ''))} system`;
}

/** A value as the user would write it. */
export function spoken(value: Json): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(spoken).join(', ');
  if (value === null) return 'nothing';
  // A structured value in words: "(title "Q3 plan", due date "2025-02-01")".
  if (typeof value === 'object') return `(${Object.entries(value).map(([key, v]) => `${say(key)} ${spoken(v)}`).join(', ') || 'empty'})`;
  return String(value);
}

/** The words for an argument: the column it sets or filters, else its own name. */
function phraseOf(tool: ToolContract, argument: string): string {
  const b = tool.binding;
  const entry = [...b.filters, ...b.values, ...(b.key ? [b.key] : [])].find((e) => e.argument === argument);
  const column = entry?.column === 'id' ? argument : entry?.column ?? argument;
  const base = say(column.replace(/_id$/, '')) + (/_id$/.test(column) ? ' id' : '');
  if (entry?.match === 'min') return `${base} of at least`;
  if (entry?.match === 'max') return `${base} of at most`;
  return base;
}

/** "title "X", priority 3 and tags "a", "b"" for the arguments not already said. */
function pairs(tool: ToolContract, args: Record<string, Json>, skip: Set<string>): string {
  const b = tool.binding;
  const paging = new Set([b.limit?.argument, b.offset].filter(Boolean));
  const parts = Object.entries(args)
    .filter(([name]) => !skip.has(name) && !paging.has(name))
    .map(([name, value]) => `${phraseOf(tool, name)} ${spoken(value)}`);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** How the step names the row it works on. */
function reference(step: Step, previous: Step | undefined): { text: string; said: Set<string> } {
  const { tool, table, arguments: args, link } = step;
  if (table.singleton) return { text: systemOf(table), said: new Set() };
  if (link && link.table === table.name) {
    if (link.chosenBy) return { text: `the ${entity(table)} whose ${say(link.chosenBy.column)} is ${spoken(link.chosenBy.value)}`, said: new Set([link.argument]) };
    if (link.first) return { text: `the first ${entity(table)} listed`, said: new Set([link.argument]) };
    const made = previous?.tool.binding.operator === 'insert';
    return { text: made ? `the ${entity(table)} you just created` : `that ${entity(table)}`, said: new Set([link.argument]) };
  }
  const key = tool.binding.key;
  if (key && args[key.argument] !== undefined) return { text: `the ${entity(table)} with ${phraseOf(tool, key.argument)} ${spoken(args[key.argument]!)}`, said: new Set([key.argument]) };
  return { text: `the ${entity(table)}`, said: new Set() };
}

/** The parent a linked step is about, when it is another table's row ("for that customer"). */
function parentClause(step: Step, previous: Step | undefined): { text: string; said: Set<string> } {
  const link = step.link;
  if (!link || link.table === step.table.name || !previous) return { text: '', said: new Set() };
  const parent = previous.produced?.table ?? previous.table;
  const who = link.chosenBy ? `the ${entity(parent)} whose ${say(link.chosenBy.column)} is ${spoken(link.chosenBy.value)}` : link.first ? `the first ${entity(parent)} listed` : `that ${entity(parent)}`;
  return { text: ` for ${who}`, said: new Set([link.argument]) };
}

/**
 * What a tool on a singleton does, from its title in the imperative ("Activates the parking brake
 * of the vehicle" → "activate the parking brake of the vehicle"): the table alone cannot tell
 * `add` from `subtract` when both read the same state row. Null when the title is no help.
 */
function titleGoal(tool: ToolContract): string | null {
  const title = tool.title.split(/(?<=[.!?])\s/)[0]!.replace(/[.!?]$/, '').trim();
  if (title.length === 0 || title.length > 80 || title.toLowerCase() === say(tool.name)) return null;
  const [first = '', ...rest] = title.split(/\s+/);
  const lower = first.toLowerCase();
  const verb = /(ss|sh|ch|x|z)es$/.test(lower) ? lower.slice(0, -2) : /ies$/.test(lower) ? `${lower.slice(0, -3)}y` : /[^su]s$/.test(lower) ? lower.slice(0, -1) : lower;
  return [verb, ...rest].join(' ');
}

/** One step as a goal: "close the ticket with ticket id 3". */
export function goal(step: Step, previous: Step | undefined): string {
  const { tool, table, arguments: args } = step;
  const b = tool.binding;
  const ref = reference(step, previous);
  const parent = parentClause(step, previous);
  const said = new Set([...ref.said, ...parent.said]);
  const rest = pairs(tool, args, said);
  switch (b.operator) {
    case 'get': {
      if (!table.singleton) return `look up ${ref.text}${rest ? ` (${rest})` : ''}`;
      const what = titleGoal(tool);
      return what ? `${what}${rest ? `, with ${rest}` : ''}` : `check ${systemOf(table)}${rest ? ` for ${rest}` : ''}`;
    }
    case 'list':
      return `find the ${plural(table)}${parent.text}${rest ? ` with ${rest}` : ''}`;
    case 'search': {
      const text = b.search ? args[b.search.argument] : undefined;
      if (b.search) said.add(b.search.argument);
      const others = pairs(tool, args, said);
      return `search the ${plural(table)}${parent.text}${text !== undefined ? ` for ${spoken(text)}` : ''}${others ? ` with ${others}` : ''}`;
    }
    case 'insert':
      return `create a new ${entity(table)}${parent.text}${rest ? ` with ${rest}` : ''}`;
    case 'update': {
      const what = table.singleton ? titleGoal(tool) : null;
      if (what) return `${what}${rest ? `, with ${rest}` : ''}`;
      return `update ${ref.text}${parent.text}${rest ? `: set ${rest}` : ''}`;
    }
    case 'transition':
      return `mark ${ref.text} as ${say(b.transition!.to)}${rest ? ` (with ${rest})` : ''}`;
    case 'delete':
      return `delete ${b.key ? ref.text : `the ${plural(table)} with ${rest}`}`;
    case 'link':
    case 'unlink': {
      const what = titleGoal(tool);
      const verb = b.operator === 'link' ? 'add' : 'remove';
      return what ? `${what}${rest ? `, with ${rest}` : ''}` : `${verb} ${rest ? `${rest} ` : ''}${b.operator === 'link' ? 'to' : 'from'} the ${plural(table)}`;
    }
    case 'compute': {
      const what = titleGoal(tool);
      return what ? `${what}${rest ? `, with ${rest}` : ''}` : `work out the ${say(b.compute!.formula)}${rest ? ` of ${rest}` : ''}`;
    }
    case 'composite': {
      const a = b.adjust!;
      said.add(a.argument);
      const others = pairs(tool, args, said);
      const add = a.direction === 'add';
      return `${add ? 'add' : 'take'} ${spoken(args[a.argument]!)} ${add ? 'to' : 'from'} the ${say(a.column)} of ${ref.text}${others ? ` (with ${others})` : ''}`;
    }
  }
}

/** Whether `value` is already in `text` (then asking for it tests nothing). */
function mentioned(text: string, value: string | number | boolean): boolean {
  return text.toLowerCase().includes(String(value).toLowerCase());
}

/** A scalar column of a row worth asking for: not a key, not a reference, short, not already said. */
function askable(table: Table, row: Record<string, Json>, said: string): Column | undefined {
  return table.columns.find((c) => {
    const v = row[c.name];
    if (c.name === table.primaryKey || c.references || c.type === 'json' || c.type === 'boolean') return false;
    if (typeof v === 'string') return v.length > 0 && v.length <= 60 && !mentioned(said, v);
    return typeof v === 'number' && !mentioned(said, v);
  });
}

/** The answer the user wants from the last step, if it is a read (or a create whose new id they need). */
export function requiredOutputs(steps: Step[], instruction: string): RequiredOutput[] {
  const index = steps.length - 1;
  const last = steps[index]!;
  const b = last.tool.binding;
  const result = last.result;
  if (b.operator === 'list' || b.operator === 'search') {
    const count = result.count as number;
    const limit = b.limit?.default ?? 20;
    if (count > 0 && count < limit) return [{ call: index, path: 'count', value: count, asked: `how many ${plural(last.table)} there are` }];
    return [];
  }
  if (b.operator === 'compute') {
    // A computation's only point is its answer.
    const field = b.compute!.result;
    const value = result[field];
    // A number a person can say and a grader can tell from its neighbours: no exponent notation
    // (2^170 is not an answer anyone reads out), well inside double precision.
    const sayable = typeof value === 'number' && !/e/i.test(String(value)) && Math.abs(value) < 1e12;
    return sayable ? [{ call: index, path: field, value, asked: 'the result' }] : [];
  }
  if (b.operator === 'get') {
    const column = askable(last.table, result, instruction);
    if (!column) return [];
    const owner = last.table.singleton ? systemOf(last.table) : `the ${entity(last.table)}`;
    return [{ call: index, path: column.name, value: result[column.name] as string | number, asked: `${owner}'s ${say(column.name)}` }];
  }
  if (b.operator === 'insert' && result.id !== undefined && !mentioned(instruction, result.id as string | number)) {
    return [{ call: index, path: 'id', value: result.id as string | number, asked: `the id of the new ${entity(last.table)}` }];
  }
  return [];
}

/** A user for the task. */
export function persona(faker: Faker, domainTitle: string): Persona {
  return { name: faker.person.fullName(), role: `${faker.helpers.arrayElement(ROLES)} using ${domainTitle}`, style: faker.helpers.arrayElement(STYLES) };
}

/** "You are … You want to … Then … At the end, you want to know …". */
export function instructionText(who: Persona, steps: Step[]): string {
  const goals = steps.map((step, i) => goal(step, steps[i - 1]));
  const body = goals.map((g, i) => (i === 0 ? `You want to ${g}.` : `Then ${g}.`)).join(' ');
  return `You are ${who.name}, ${who.role}. ${body}`;
}

/** The closing sentence that asks for the required outputs. */
export function askText(outputs: RequiredOutput[]): string {
  if (outputs.length === 0) return '';
  return ` At the end, you want to be told ${outputs.map((o) => o.asked).join(' and ')}.`;
}
