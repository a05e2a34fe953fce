// Sampling a chain of calls over one domain: start at a random tool, then follow the feeds relation
// of the synthesized domain — a call that returns a row of table T feeds any tool that takes T's key
// (as its own key, or as a foreign key it filters or sets) — so later calls use values earlier calls
// produced (a ticket created, then closed, then read back). Every step really runs on the state.
import type { Faker } from '@faker-js/faker';
import type { Column, DomainContract, Table, ToolContract } from '../../formats/contract.js';
import { probeArguments, type SqlRow } from '../synth/probe.js';
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
}

/** A row a step leaves for the next; picked out of a list by a unique text value when it had to be. */
export interface Produced {
  table: Table;
  row: Record<string, Json>;
  chosenBy?: { column: string; value: string };
  first?: boolean;
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
}

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
function producedBy(step: Omit<Step, 'produced'>, faker: Faker): Produced | undefined {
  const { result, table } = step;
  const op = step.tool.binding.operator;
  if (op === 'delete') return undefined;
  if (op !== 'list' && op !== 'search') return result.id === undefined && !table.singleton ? undefined : { table, row: result };
  const items = (result.items as Record<string, Json>[] | undefined) ?? [];
  if (items.length === 0) return undefined;
  if (items.length === 1) return { table, row: items[0]! };
  // Several rows: the user names one by a text value no other listed row has.
  const item = faker.helpers.arrayElement(items);
  for (const column of table.columns) {
    if (column.type !== 'text' || column.name === table.primaryKey || column.references || column.enum) continue;
    const value = item[column.name];
    if (typeof value !== 'string' || value.length === 0 || value.length > 60) continue;
    if (items.filter((other) => other[column.name] === value).length === 1) return { table, row: item, chosenBy: { column: column.name, value } };
  }
  // No value tells the rows apart: the first one listed (lists come in key order) is still one row.
  return { table, row: items[0]!, first: true };
}

/** The stored row of `table` with key `key` (as the database holds it), for probing a consumer on it. */
function storedRow(env: Environment, table: Table, key: Json): SqlRow | undefined {
  return env.db.prepare(`SELECT * FROM "${table.name}" WHERE "${table.primaryKey}" = ?`).get(key as never) as SqlRow | undefined;
}

/** Arguments for `tool` fed by `produced`: its key argument set to the row's key, the rest drawn from state. */
function fedArguments(env: Environment, contract: DomainContract, tool: ToolContract, produced: Produced, faker: Faker): { args: Record<string, Json>; argument: string } | null {
  const table = produced.table;
  if (table.singleton) {
    const args = probeArguments(env.db, contract, tool, faker);
    return args ? { args, argument: '' } : null;
  }
  const argument = keyArgumentFor(contract, tool, table)!;
  const key = produced.row[table.primaryKey]!;
  const sameTable = tool.binding.table === table.name && tool.binding.key?.argument === argument;
  const pick = sameTable ? storedRow(env, table, key) : undefined;
  if (sameTable && !pick) return null;
  const args = probeArguments(env.db, contract, tool, faker, pick);
  if (!args) return null;
  if (!sameTable && (tool.binding.operator === 'list' || tool.binding.operator === 'search')) {
    // Listing the children of the produced row: only that filter, so the list is about it.
    const keep = new Set([...tool.input.required, argument]);
    for (const name of Object.keys(args)) if (!keep.has(name)) delete args[name];
  }
  args[argument] = key;
  return { args, argument };
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
  const firstArgs = probeArguments(env.db, contract, start, faker);
  if (!firstArgs) return steps;
  const firstResult = run(env, start, firstArgs);
  if (!firstResult) return steps;
  let step: Step = { tool: start, table: tableOf(contract, start.binding.table), arguments: firstArgs, result: firstResult };
  let produced = producedBy(step, faker);
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
      const fresh = consumersOf(contract, from.table, step.tool).filter((tool) => !used.has(tool.name));
      // A consumer may refuse (a closed ticket cannot be closed again): try a few.
      for (const candidate of faker.helpers.shuffle(fresh).slice(0, 3)) {
        const fed = fedArguments(env, contract, candidate, from, faker);
        const result = fed ? run(env, candidate, fed.args) : null;
        if (fed && result) {
          next = { tool: candidate, fed, result, from };
          break;
        }
      }
      if (next) break;
    }
    if (!next) break;
    const { tool, fed, result, from } = next;
    const link: StepLink | undefined = fed.argument ? { argument: fed.argument, table: from.table.name, ...(from.chosenBy ? { chosenBy: from.chosenBy } : {}), ...(from.first ? { first: true } : {}) } : undefined;
    step = { tool, table: tableOf(contract, tool.binding.table), arguments: fed.args, result, ...(link ? { link } : {}) };
    produced = producedBy(step, faker);
    step.produced = produced;
    if (produced) rows.push(produced);
    steps.push(step);
  }
  return steps;
}
