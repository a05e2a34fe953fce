// Sampling a chain of calls over one domain: start at a random tool, then follow the feeds relation
// of the synthesized domain — a call that returns a row of table T feeds any tool that takes T's key
// (as its own key, or as a foreign key it filters or sets) — so later calls use values earlier calls
// produced (a ticket created, then closed, then read back). Every step really runs on the state.
import type { Faker } from '@faker-js/faker';
import type { Column, DomainContract, Table, ToolContract } from '../../formats/contract.js';
import { type ArgumentSource, probeArguments, type SqlRow } from '../synth/probe.js';
import { describedBy } from '../synth/values/described.js';
import type { Json } from '../../formats/toolspec.js';
import type { Environment } from '../../templates/runtime/environment.js';

/** How a step's arguments came about: which argument carries the previous step's row, if any. */
export interface StepLink {
  /** The argument holding the key of the row the previous step produced. */
  argument: string;
  /** Its table. */
  table: string;
  /** How the row was identified among several listed ones (a unique text value), if it had to be. */
  chosenBy?: { column: string; value: string };
  /** Set when the row is simply the first one listed (lists are in key order). */
  first?: boolean;
  /** Index of the step that produced the row. */
  from: number;
}

/** A row a step leaves for the next; picked out of a list by a unique text value when it had to be. */
export interface Produced {
  /** Index of the step that produced it. */
  step: number;
  table: Table;
  row: Record<string, Json>;
  chosenBy?: { column: string; value: string };
  first?: boolean;
  /** The other rows a list returned, for acting on a second one of them. */
  others?: Record<string, Json>[];
}

/** One executed step of a chain. */
export interface Step {
  tool: ToolContract;
  table: Table;
  arguments: Record<string, Json>;
  result: Record<string, Json>;
  /** Set when this step uses the row the step before produced. */
  link?: StepLink;
  /** The row this step leaves for the next one (the one it read, made or changed). */
  produced?: Produced;
  /** Where its argument values came from: the state, an earlier step (`chain`), or a value source. */
  sources: ArgumentSources;
}

/** Argument values counted by where they came from. */
export type ArgumentSources = Partial<Record<ArgumentSource | 'chain', number>>;

/** A counter of argument sources into `into`. */
const counter = (into: ArgumentSources) => (source: ArgumentSource | 'chain', n = 1) => void (into[source] = (into[source] ?? 0) + n);

const tableOf = (contract: DomainContract, name: string) => contract.tables.find((t) => t.name === name)!;

/** The argument of `tool` that can take a key of `table`, if any. */
export function keyArgumentFor(contract: DomainContract, tool: ToolContract, table: Table): string | undefined {
  const b = tool.binding;
  if (b.table === table.name && b.key && b.key.column === table.primaryKey) return b.key.argument;
  const own = tableOf(contract, b.table);
  const references = (column: string) => own.columns.find((c: Column) => c.name === column)?.references === table.name;
  const relation = b.relation ? [...(b.relation.owner ? [b.relation.owner] : []), ...(b.relation.member?.shape === 'one' ? [b.relation.member] : [])] : [];
  return [...b.filters, ...b.values, ...relation].find((entry) => references(entry.column) && (!('match' in entry) || entry.match !== 'in'))?.argument;
}

/** Tools a produced row of `table` can feed, besides the tool that produced it. */
export function consumersOf(contract: DomainContract, table: Table, except: ToolContract): ToolContract[] {
  return contract.tools.filter((tool) => {
    // An opaque tool cannot do what it says: no task asks anything of it.
    if (tool === except || tool.opaque) return false;
    // A singleton's state feeds every tool on it: the car started, then its status read. A
    // computation touches no state, so it neither feeds nor is fed through it.
    if (table.singleton) return tool.binding.table === table.name && tool.binding.operator !== 'compute' && except.binding.operator !== 'compute';
    return keyArgumentFor(contract, tool, table) !== undefined;
  });
}

/** The row a successful result leaves for the next step, and how to name it when a list returned several. */
function producedBy(step: Omit<Step, 'produced'>, index: number, faker: Faker): Produced | undefined {
  const { result, table } = step;
  const op = step.tool.binding.operator;
  if (op === 'delete') return undefined;
  if (op !== 'list' && op !== 'search') return result.id === undefined && !table.singleton ? undefined : { step: index, table, row: result };
  const items = (result.items as Record<string, Json>[] | undefined) ?? [];
  if (items.length === 0) return undefined;
  if (items.length === 1) return { step: index, table, row: items[0]! };
  // Several rows: the user names one by a text value no other listed row has.
  const item = faker.helpers.arrayElement(items);
  const chosenBy = distinguishing(table, item, items);
  if (chosenBy) return { step: index, table, row: item, chosenBy, others: items.filter((other) => other !== item) };
  // No value tells the rows apart: the first one listed (lists come in key order) is still one row.
  return { step: index, table, row: items[0]!, first: true };
}

/** A text value of `item` no other of `items` has, to name it by. */
function distinguishing(table: Table, item: Record<string, Json>, items: Record<string, Json>[]): { column: string; value: string } | undefined {
  // People tell rows apart by a name, a title or an email before any other text they hold.
  const naming = (c: Column) => (/(^|_)(name|title|subject|label|email|username|display_name|slug|code)$/.test(c.name) ? 0 : describedBy(c, c.name) >= 2 ? 1 : 2);
  for (const column of [...table.columns].sort((a, b) => naming(a) - naming(b))) {
    if (column.type !== 'text' || column.name === table.primaryKey || column.references || column.enum) continue;
    const value = item[column.name];
    if (typeof value !== 'string' || value.length === 0 || value.length > 60) continue;
    if (items.filter((other) => other[column.name] === value).length === 1) return { column: column.name, value };
  }
  return undefined;
}

/**
 * The same change on a second row a lookup found ("close the tickets titled A and B"): when nothing
 * follows the chain's last row, a write already made on one listed row is made on another.
 */
function secondRow(env: Environment, steps: Step[], rows: Produced[], faker: Faker): Step | null {
  for (const found of [...rows].reverse()) {
    if (!found.others || found.others.length === 0 || !found.chosenBy) continue;
    const done = steps.filter((s) => s.link?.from === found.step && !s.tool.annotations.readOnlyHint && s.table === found.table);
    const touched = new Set(steps.filter((s) => s.link).map((s) => JSON.stringify(s.arguments[s.link!.argument] ?? null)));
    for (const other of faker.helpers.shuffle(found.others)) {
      const chosenBy = distinguishing(found.table, other, [found.row, ...found.others]);
      if (!chosenBy || touched.has(JSON.stringify(other[found.table.primaryKey] ?? null))) continue;
      const next: Produced = { step: found.step, table: found.table, row: other, chosenBy };
      for (const write of done) {
        const fed = fedArguments(env, env.contract, write.tool, next, faker);
        const result = fed ? run(env, write.tool, fed.args) : null;
        if (!fed || !result) continue;
        return { tool: write.tool, table: write.table, arguments: fed.args, result, sources: fed.sources, link: { argument: fed.argument, table: found.table.name, from: found.step, chosenBy } };
      }
      // One other row is enough to try: the chain is about two rows, not the whole list.
      return null;
    }
  }
  return null;
}

/** The stored row of `table` with key `key` (as the database holds it), for probing a consumer on it. */
function storedRow(env: Environment, table: Table, key: Json): SqlRow | undefined {
  return env.db.prepare(`SELECT * FROM "${table.name}" WHERE "${table.primaryKey}" = ?`).get(key as never) as SqlRow | undefined;
}

/** Arguments for `tool` fed by `produced`: its key argument set to the row's key, the rest drawn from state. */
function fedArguments(env: Environment, contract: DomainContract, tool: ToolContract, produced: Produced, faker: Faker): { args: Record<string, Json>; argument: string; sources: ArgumentSources } | null {
  const table = produced.table;
  const sources: ArgumentSources = {};
  const tally = counter(sources);
  if (table.singleton) {
    const args = probeArguments(env.db, contract, tool, faker, undefined, { tally });
    return args ? { args, argument: '', sources } : null;
  }
  const argument = keyArgumentFor(contract, tool, table)!;
  const key = produced.row[table.primaryKey]!;
  const sameTable = tool.binding.table === table.name && tool.binding.key?.argument === argument;
  const pick = sameTable ? storedRow(env, table, key) : undefined;
  if (sameTable && !pick) return null;
  const args = probeArguments(env.db, contract, tool, faker, pick, { tally });
  if (!args) return null;
  if (!sameTable && (tool.binding.operator === 'list' || tool.binding.operator === 'search')) {
    // Listing the children of the produced row: only that filter, so the list is about it.
    const keep = new Set([...tool.input.required, argument]);
    for (const name of Object.keys(args)) if (!keep.has(name)) delete args[name];
  }
  // The key comes from the earlier step; the value drawn for it (from the state) is replaced.
  if (argument in args) tally('state', -1);
  args[argument] = key;
  tally('chain');
  return { args, argument, sources };
}

/**
 * Whether `tool` on the row `from` would make an earlier write of the chain pointless: deleting a
 * row the chain created or changed leaves a state where that write never shows (such chains are
 * rejected later, at the cost of a digest each).
 */
function undoes(tool: ToolContract, from: Produced, steps: Step[]): boolean {
  return tool.binding.operator === 'delete' && tool.binding.table === from.table.name && written(from, steps);
}

/** Whether the chain wrote the row `from` stands for (created or changed it). */
function written(from: Produced, steps: Step[]): boolean {
  const key = from.row[from.table.primaryKey];
  return steps.some((s) => !s.tool.annotations.readOnlyHint && s.table === from.table && s.produced?.row[from.table.primaryKey] === key);
}

/** A lookup by key of a row the chain wrote: the write already returned the row, so the lookup would tell nothing. */
function readsBack(tool: ToolContract, from: Produced, steps: Step[]): boolean {
  return tool.binding.operator === 'get' && tool.binding.table === from.table.name && !from.table.singleton && written(from, steps);
}

/** The columns a call sets. */
const columnsSet = (tool: ToolContract, args: Record<string, Json>) => new Set(tool.binding.values.filter((v) => v.argument in args).map((v) => v.column));

/** Whether an update of the row `from` sets every column an earlier update of that row set. */
function overwrites(tool: ToolContract, args: Record<string, Json>, from: Produced, steps: Step[]): boolean {
  if (tool.binding.operator !== 'update' || tool.binding.table !== from.table.name) return false;
  const now = columnsSet(tool, args);
  const key = from.row[from.table.primaryKey];
  return steps.some((s) => s.tool.binding.operator === 'update' && s.table === from.table && (from.table.singleton || s.produced?.row[from.table.primaryKey] === key) && [...columnsSet(s.tool, s.arguments)].every((c) => now.has(c)));
}

/** How much a next call adds to a chain: a write changes state, a list or search finds rows, a lookup by key rarely adds anything. */
export function purposeRank(tool: ToolContract): number {
  if (!tool.annotations.readOnlyHint) return 0;
  return tool.binding.operator === 'list' || tool.binding.operator === 'search' ? 1 : 2;
}

/** Tools in order of what they add to a chain, keeping the (shuffled) order within a rank. */
function byPurpose(tools: ToolContract[]): ToolContract[] {
  return tools.map((tool, i) => ({ tool, i })).sort((a, b) => purposeRank(a.tool) - purposeRank(b.tool) || a.i - b.i).map((x) => x.tool);
}

/** Whether what `tool` returns can feed another tool (the start of a chain longer than one). */
export function feedsOthers(contract: DomainContract, tool: ToolContract): boolean {
  return tool.binding.operator !== 'delete' && consumersOf(contract, tableOf(contract, tool.binding.table), tool).length > 0;
}

/** Run one call; the structured result on success, null on an error (the state is unchanged then). */
function run(env: Environment, tool: ToolContract, args: Record<string, Json>): Record<string, Json> | null {
  const result = env.call(tool.name, args);
  return result.isError ? null : (result.structuredContent as Record<string, Json>);
}

/**
 * Sample and run one chain of up to `length` steps from `start`. Stops early when no tool can use
 * what the last step produced or the next call fails; returns the successful steps.
 */
export function sampleChain(env: Environment, start: ToolContract, length: number, faker: Faker): Step[] {
  const contract = env.contract;
  const steps: Step[] = [];
  const firstSources: ArgumentSources = {};
  const firstArgs = probeArguments(env.db, contract, start, faker, undefined, { tally: counter(firstSources) });
  if (!firstArgs) return steps;
  const firstResult = run(env, start, firstArgs);
  if (!firstResult) return steps;
  let step: Step = { tool: start, table: tableOf(contract, start.binding.table), arguments: firstArgs, result: firstResult, sources: firstSources };
  let produced = producedBy(step, 0, faker);
  step.produced = produced;
  steps.push(step);
  // Rows earlier steps left, most recent last: a chain goes on from the newest one that can feed a tool.
  const rows: Produced[] = produced ? [produced] : [];
  while (steps.length < length && rows.length > 0) {
    // A tool is used once, except a read after a later write: looking a row up again once it changed.
    const lastWrite = steps.findLastIndex((s) => !s.tool.annotations.readOnlyHint);
    const used = new Set(steps.filter((s, i) => !s.tool.annotations.readOnlyHint || i > lastWrite).map((s) => s.tool.name));
    let next: { tool: ToolContract; fed: NonNullable<ReturnType<typeof fedArguments>>; result: Record<string, Json>; from: Produced } | undefined;
    for (const from of [...rows].reverse()) {
      const fresh = consumersOf(contract, from.table, step.tool).filter((tool) => !used.has(tool.name) && !undoes(tool, from, steps) && !readsBack(tool, from, steps));
      // A consumer may refuse (a closed ticket cannot be closed again): try a few, the ones that
      // give a chain its purpose first — writes, then lookups that find rows for a later step.
      for (const candidate of byPurpose(faker.helpers.shuffle(fresh)).slice(0, 4)) {
        const fed = fedArguments(env, contract, candidate, from, faker);
        // A change that overwrites every column an earlier change of the row set makes that one pointless.
        if (fed && overwrites(candidate, fed.args, from, steps)) continue;
        const result = fed ? run(env, candidate, fed.args) : null;
        if (fed && result) {
          next = { tool: candidate, fed, result, from };
          break;
        }
      }
      if (next) break;
    }
    if (!next) {
      const again = secondRow(env, steps, rows, faker);
      if (!again) break;
      steps.push(again);
      step = again;
      continue;
    }
    const { tool, fed, result, from } = next;
    const link: StepLink | undefined = fed.argument ? { argument: fed.argument, table: from.table.name, from: from.step, ...(from.chosenBy ? { chosenBy: from.chosenBy } : {}), ...(from.first ? { first: true } : {}) } : undefined;
    step = { tool, table: tableOf(contract, tool.binding.table), arguments: fed.args, result, sources: fed.sources, ...(link ? { link } : {}) };
    produced = producedBy(step, steps.length, faker);
    step.produced = produced;
    if (produced) rows.push(produced);
    steps.push(step);
  }
  if (steps.length < length) {
    const confirm = confirmCount(env, steps, rows, faker);
    if (confirm) steps.push(confirm);
  }
  return steps;
}

/**
 * A last step that confirms what the chain changed: after a row was created under a parent (a
 * comment on a ticket), the list of the parent's rows of that kind, whose count the user asks for.
 */
function confirmCount(env: Environment, steps: Step[], rows: Produced[], faker: Faker): Step | null {
  const contract = env.contract;
  const made = steps.findLast((s) => s.tool.binding.operator === 'insert' && s.link && s.link.table !== s.table.name);
  const parent = made?.link ? rows.find((r) => r.step === made.link!.from) : undefined;
  if (!made || !parent) return null;
  const used = new Set(steps.map((s) => s.tool.name));
  for (const tool of faker.helpers.shuffle(contract.tools.filter((t) => t.binding.operator === 'list' && t.binding.table === made.table.name && !used.has(t.name)))) {
    if (keyArgumentFor(contract, tool, parent.table) === undefined) continue;
    const fed = fedArguments(env, contract, tool, parent, faker);
    const result = fed ? run(env, tool, fed.args) : null;
    if (!fed || !result) continue;
    return { tool, table: made.table, arguments: fed.args, result, sources: fed.sources, link: { argument: fed.argument, table: parent.table.name, from: parent.step } };
  }
  return null;
}
