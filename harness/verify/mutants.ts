// Mutation testing of the verifier: wrong trajectories made from a task's gold calls — a write
// dropped, one argument of a write changed, two dependent calls swapped, a write added, a wrong
// value in the answer — played on the seed, and whether each really changes the outcome. A
// verifier worth trusting rejects (nearly) every mutant that does; mutants that do not are
// equivalent and say nothing about it.
import type Database from 'better-sqlite3';
import type { Faker } from '@faker-js/faker';
import type { DomainContract, ToolContract } from '../../formats/contract.js';
import { keyArgumentFor, probeArguments } from '../../generator/values.js';
import type { GoldCall, RequiredOutput, Task } from '../../formats/task.js';
import type { Trajectory } from '../../formats/trajectory.js';
import type { Json } from '../../formats/toolspec.js';
import { canonical, describeCall } from './arguments.js';
import { goldAnswer, transcript, type Step } from './gold.js';
import { goldState } from './gold-state.js';
import { agentText } from './outputs.js';
import { otherValue } from './other-value.js';
import { runtimeOf } from './package.js';

/** How a mutant departs from the gold trajectory. */
export type MutationKind = 'drop-write' | 'change-argument' | 'swap-dependent' | 'extra-write' | 'wrong-answer';

/** Every mutation kind, in report order. */
export const MUTATION_KINDS: readonly MutationKind[] = ['drop-write', 'change-argument', 'swap-dependent', 'extra-write', 'wrong-answer'];

/** A call a mutant makes. */
export interface MutantCall {
  tool: string;
  arguments: Record<string, Json>;
}

/** A wrong trajectory in the making: the calls an agent would make and what it would answer. */
export interface Mutant {
  kind: MutationKind;
  /** What was changed, in words (`drop write 2 close_ticket {ticket_id: 13}`). */
  description: string;
  calls: MutantCall[];
  /** The final answer: the gold answer, except for wrong-answer mutants. */
  answer: string;
}

/** A mutant played on the seed: its trajectory and the final state. */
export interface PlayedMutant {
  trajectory: Trajectory;
  /** The final state as the bytes of its SQLite file. */
  finalState: Buffer;
}

/** Extra writes of other tools (probe arguments) tried per task. */
const PROBED_WRITES = 2;

const callOf = (gold: GoldCall): MutantCall => ({ tool: gold.tool, arguments: gold.arguments });

/**
 * The mutants of `task`. `state` (best: the gold final state) supplies other existing keys and the
 * arguments of extra writes; without it, keys change to a neighbouring key and no other tool is probed.
 */
export function mutants(task: Task, contract: DomainContract, faker: Faker, state?: Database.Database): Mutant[] {
  const tools = new Map(contract.tools.map((t) => [t.name, t]));
  const toolOf = (name: string) => {
    const tool = tools.get(name);
    if (!tool) throw new Error(`task ${task.id} calls ${name}, which domain ${contract.slug} does not have; regenerate its tasks`);
    return tool;
  };
  const gold = task.gold.map(callOf);
  const answer = goldAnswer(task);
  const out: Mutant[] = [];
  const writes = task.gold.flatMap((call, index) => (call.read ? [] : [index]));

  for (const i of writes) {
    out.push({ kind: 'drop-write', description: `drop write ${i + 1} ${describeCall(gold[i]!.tool, gold[i]!.arguments)}`, calls: gold.filter((_, j) => j !== i), answer });
  }
  for (const i of writes) {
    for (const change of argumentChanges(gold[i]!, toolOf(gold[i]!.tool), contract, faker, state)) {
      out.push({ kind: 'change-argument', description: `write ${i + 1} ${gold[i]!.tool}: ${change.what}`, calls: gold.map((c, j) => (j === i ? change.call : c)), answer });
    }
  }
  for (let i = 0; i + 1 < gold.length; i++) {
    if (!dependent(task.gold[i]!, toolOf(gold[i]!.tool), toolOf(gold[i + 1]!.tool), gold[i + 1]!, contract)) continue;
    const swapped = [...gold];
    [swapped[i], swapped[i + 1]] = [gold[i + 1]!, gold[i]!];
    out.push({ kind: 'swap-dependent', description: `swap calls ${i + 1} ${gold[i]!.tool} and ${i + 2} ${gold[i + 1]!.tool} (call ${i + 2} uses what call ${i + 1} produced)`, calls: swapped, answer });
  }
  for (const i of writes) {
    // The same write again, made differently: a second ticket, a second payment.
    const changes = argumentChanges(gold[i]!, toolOf(gold[i]!.tool), contract, faker, state);
    if (changes.length === 0) continue;
    const change = faker.helpers.arrayElement(changes);
    out.push({ kind: 'extra-write', description: `after write ${i + 1}, again with ${change.what}`, calls: [...gold.slice(0, i + 1), change.call, ...gold.slice(i + 1)], answer });
  }
  if (state) {
    const writers = contract.tools.filter((t) => !t.annotations.readOnlyHint);
    for (const tool of faker.helpers.shuffle(writers).slice(0, PROBED_WRITES)) {
      const args = probeArguments(state, contract, tool, faker);
      if (args) out.push({ kind: 'extra-write', description: `then an unasked-for ${describeCall(tool.name, args)}`, calls: [...gold, { tool: tool.name, arguments: args }], answer });
    }
  }
  task.requiredOutputs.forEach((output, k) => {
    const wrong = wrongValue(output, task, contract, faker, state);
    if (wrong === undefined) return;
    const outputs = task.requiredOutputs.map((o, j) => (j === k ? { ...o, value: wrong } : o));
    out.push({ kind: 'wrong-answer', description: `answer ${output.asked} = ${JSON.stringify(wrong)} instead of ${JSON.stringify(output.value)}`, calls: gold, answer: goldAnswer({ ...task, requiredOutputs: outputs }) });
  });
  return out;
}

/** One changed call per argument of `call` that can take another valid value. */
function argumentChanges(call: MutantCall, tool: ToolContract, contract: DomainContract, faker: Faker, state?: Database.Database): { call: MutantCall; what: string }[] {
  // An argument the binding does not use (an access token) changes nothing: not worth a mutant.
  const unused = new Set(tool.binding.unbound.map((u) => u.argument));
  return Object.keys(call.arguments).sort().flatMap((argument) => {
    if (unused.has(argument)) return [];
    const value = call.arguments[argument]!;
    const other = otherValue(value, { contract, tool, argument, ...(state ? { state } : {}) }, faker);
    if (other === undefined || canonical(other) === canonical(value)) return [];
    return [{ call: { tool: call.tool, arguments: { ...call.arguments, [argument]: other } }, what: `${argument} ${JSON.stringify(other)} instead of ${JSON.stringify(value)}` }];
  });
}

/**
 * Whether `later` uses what `earlier` produced: its key argument holds the key of a row the earlier
 * call returned (made, changed or listed), or both work on one singleton row and one of them writes.
 */
function dependent(earlier: GoldCall, earlierTool: ToolContract, laterTool: ToolContract, later: MutantCall, contract: DomainContract): boolean {
  const table = contract.tables.find((t) => t.name === earlierTool.binding.table);
  if (!table) return false;
  if (table.singleton) return laterTool.binding.table === table.name && (!earlierTool.annotations.readOnlyHint || !laterTool.annotations.readOnlyHint);
  const argument = keyArgumentFor(contract, laterTool, table);
  if (argument === undefined || !(argument in later.arguments)) return false;
  const rows = Array.isArray(earlier.result.items) ? (earlier.result.items as Record<string, Json>[]) : [earlier.result];
  const produced = new Set(rows.map((row) => canonical(row?.[table.primaryKey])));
  return produced.has(canonical(later.arguments[argument]));
}

/**
 * A value the output does not have, as an agent that misread would state it: a number one up, the
 * boolean negated, another value the column takes (an enum value, another row's value) or a word.
 */
function wrongValue(output: RequiredOutput, task: Task, contract: DomainContract, faker: Faker, state?: Database.Database): string | number | boolean | undefined {
  const { value } = output;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return Number((value + 1).toFixed(String(value).split('.')[1]?.length ?? 0));
  if (/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return String(Number(value) + 1);
  const tool = contract.tools.find((t) => t.name === task.gold[output.call]?.tool);
  const table = contract.tables.find((t) => t.name === tool?.binding.table);
  const column = table?.columns.find((c) => c.name === output.path.split('.').at(-1));
  const stored = state && table && column ? (state.prepare(`SELECT DISTINCT "${column.name}" AS v FROM "${table.name}"`).all() as { v: unknown }[]).map((r) => r.v) : [];
  // Neither may state the other ("open" and "reopened" are different answers, "/sbin" and "/sbin/ppp" are not).
  const distinct = (c: unknown): c is string => typeof c === 'string' && c.trim() !== '' && !states(c, value) && !states(value, c);
  const others = [...(column?.enum ?? []), ...stored].filter(distinct);
  if (others.length > 0) return faker.helpers.arrayElement(others);
  for (let tries = 0; tries < 5; tries++) {
    const word = faker.word.noun();
    if (distinct(word)) return word;
  }
  return undefined;
}

/** Play `mutant` on a fresh copy of the seed at the task's clock, recording every call (errors too). */
export async function playMutant(dir: string, task: Task, mutant: Pick<Mutant, 'calls' | 'answer'>): Promise<PlayedMutant> {
  const { openEnvironment } = await runtimeOf(dir);
  const env = await openEnvironment({ dir, clock: task.initial.clock });
  try {
    const steps: Step[] = mutant.calls.map((call) => {
      const result = env.call(call.tool, call.arguments);
      const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
      const isError = result.isError === true;
      return { tool: call.tool, arguments: call.arguments, isError, result: isError ? null : (result.structuredContent as Record<string, Json>), text };
    });
    return { trajectory: transcript(task, steps, mutant.answer, env.digest()), finalState: env.snapshot() };
  } finally {
    env.close();
  }
}

/** Every row of every table of the domain in `snapshot`, as canonical text: the state itself, whatever a digest says of it. */
export async function rowsOf(dir: string, snapshot: Buffer): Promise<string> {
  const { openEnvironment } = await runtimeOf(dir);
  const env = await openEnvironment({ dir, snapshot });
  try {
    const tables = env.contract.tables.map((t) => t.name).sort();
    const rows = tables.map((name) => (env.db.prepare(`SELECT * FROM "${name}"`).all() as Json[]).map((row) => canonical(row)).sort());
    return canonical(Object.fromEntries(tables.map((name, i) => [name, rows[i]!])) as Json);
  } finally {
    env.close();
  }
}

/**
 * Whether a played mutant reaches another outcome than the gold one: other rows in some table than
 * the gold calls leave, or an answer that does not state a required value (the reward's two
 * questions; calls decide no reward). Judged without the verifier and without the digest it
 * trusts — the rows themselves are compared — so a broken digest shows up as surviving mutants.
 */
export async function changesOutcome(task: Task, played: PlayedMutant, dir: string): Promise<boolean> {
  const gold = await goldState(task, dir);
  if ((await rowsOf(dir, played.finalState)) !== (await rowsOf(dir, gold.snapshot))) return true;
  const text = agentText(played.trajectory.messages);
  return task.requiredOutputs.some((output) => !states(text, output.value));
}

/** Whether the text states the value as the oracle writes it: `String(value)` as a whole token, ignoring case. */
function states(text: string, value: string | number | boolean): boolean {
  const needle = String(value).toLowerCase();
  const haystack = text.toLowerCase();
  const word = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
  // A number's token goes on through a decimal point or separator followed by a digit (12 is not in 12.5).
  const continues = (at: number) => /^[.,]\d/.test(haystack.slice(at, at + 2));
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const end = at + needle.length;
    const startsInside = word(before) || (before === '-' && /^\d/.test(needle)) || (/[.,]/.test(before ?? '') && word(haystack[at - 2]));
    if (!startsInside && !word(haystack[end]) && !continues(end)) return true;
  }
  return false;
}
