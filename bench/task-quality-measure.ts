// The "task quality" measurements over the emitted servers of a workspace: what the instructions say
// (repeated words, "system's", flags, empty values, padding, slug products), whether every step of a
// chain has a purpose, whether answers are values a call computed or looked up, id prefixes, and
// where task and seed values seem to come from. Reads only files, so it judges any commit's output.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DomainContract, Table, ToolContract } from '../formats/contract.js';
import type { Task } from '../formats/task.js';
import type { Json, Schema } from '../formats/toolspec.js';
import { productOf } from '../generator/tasks/persona.js';
import { hasMeaningRule, implausible, isLorem, isMeasuredFlag, repeatedWords, saysEmpty, saysPadding, saysSystems, scalarsWithSchema, SEEN_SOURCES, seenSource, type SeenSource } from './task-quality-checks.js';

/** Counts of one catalog. Shares are computed when rendering. */
export interface TaskQuality {
  domains: number;
  tasks: number;
  /** Domains with at least 5 kept tasks. */
  stocked: number;
  words: number;
  instructions: { repeatedWord: number; systems: number; flag: number; empty: number; padding: number; slugProduct: number };
  styles: Record<string, number>;
  steps: number;
  fillerSteps: number;
  tasksWithFiller: number;
  /** Tasks of ≥ 3 calls, and those of them with no filler step. */
  long: number;
  longPurposeful: number;
  outputs: number;
  unrelatedOutputs: number;
  /** Domains where two tables share a text-key prefix, and the tables involved. */
  prefixCollisions: { domains: number; tables: number };
  /** Fresh scalars in gold arguments (not in the seed, not produced earlier), by where they seem to come from. */
  taskValues: Record<SeenSource, number>;
  /** Text cells of seed rows (keys and references left out), by where they seem to come from. */
  seedValues: Record<SeenSource, number>;
  /** Seed cells checked by meaning (months, last four digits, expiry, ARNs, currencies, URLs, emails, creation dates) and those that contradict it. */
  seedChecked: number;
  seedImplausible: number;
  /** A few quotes of each problem. */
  quotes: Record<string, string[]>;
}

const QUOTES = 4;

function empty(): TaskQuality {
  const sources = () => Object.fromEntries(SEEN_SOURCES.map((s) => [s, 0])) as Record<SeenSource, number>;
  return {
    domains: 0, tasks: 0, stocked: 0, words: 0,
    instructions: { repeatedWord: 0, systems: 0, flag: 0, empty: 0, padding: 0, slugProduct: 0 },
    styles: {}, steps: 0, fillerSteps: 0, tasksWithFiller: 0, long: 0, longPurposeful: 0, outputs: 0, unrelatedOutputs: 0,
    prefixCollisions: { domains: 0, tables: 0 }, taskValues: sources(), seedValues: sources(), seedChecked: 0, seedImplausible: 0, quotes: {},
  };
}

/** Domains already quoted per kind: one quote per domain, so the few quotes show different domains. */
const quotedDomains = new WeakMap<TaskQuality, Map<string, Set<string>>>();

function quote(q: TaskQuality, kind: string, domain: string, text: string): void {
  const list = (q.quotes[kind] ??= []);
  const byKind = quotedDomains.get(q) ?? new Map<string, Set<string>>();
  quotedDomains.set(q, byKind);
  const domains = byKind.get(kind) ?? new Set<string>();
  byKind.set(kind, domains);
  if (list.length >= QUOTES || domains.has(domain)) return;
  domains.add(domain);
  list.push(text.length > 400 ? `${text.slice(0, 400)}…` : text);
}

/** Scalars inside a JSON value. */
function scalars(value: Json): (string | number | boolean)[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap(scalars);
  if (typeof value === 'object') return Object.values(value).flatMap(scalars);
  return [value];
}

/**
 * Whether the instruction states a value: a quoted string, or a number of three or more digits
 * (small numbers — ticket 8, priority 3 — are said for many reasons, so they prove nothing).
 */
function states(instruction: string, value: string | number | boolean): boolean {
  if (typeof value === 'string') return instruction.includes(`"${value}"`) || instruction.includes(`'${value}'`);
  if (typeof value !== 'number' || Math.abs(value) < 100) return false;
  return new RegExp(`(^|[^\\w.])${String(value).replace(/[.]/g, '\\.')}($|[^\\w])`).test(instruction);
}

/**
 * The indexes of gold reads with no purpose: no answer is asked of them, and no later call uses a
 * value they returned that the user had not already given (a get by the key the user named, then a
 * write on that key, is a filler read; a list whose row a later call works on is not).
 */
export function fillerReads(task: Task): number[] {
  const out: number[] = [];
  task.gold.forEach((call, i) => {
    if (!call.read) return;
    if (task.requiredOutputs.some((o) => o.call === i)) return;
    const given = new Set(scalars(call.arguments).map(String));
    const returned = new Set(scalars(call.result).map(String).filter((v) => !given.has(v)));
    const used = task.gold.slice(i + 1).some((later) => scalars(later.arguments).some((v) => returned.has(String(v)) && !states(task.instruction, v)));
    if (!used) out.push(i);
  });
  return out;
}

/** Words of an identifier (`stock_price` → stock, price). */
const identifierWords = (name: string) => name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && w !== 'the');

/**
 * Whether a required output is something a call computed or looked up for the user: a count, a new
 * id, a value the chain changed, a row's status, a column the reading tool's title or description
 * names, or any column of a pure lookup (no call before it writes). What is not: an arbitrary stored
 * column asked after writes that did not touch it ("update the order, then tell me its order type").
 */
export function relatedOutput(task: Task, index: number, tools: Map<string, ToolContract>, seedValues?: Set<string>): boolean {
  const output = task.requiredOutputs[index]!;
  // A value a write returned (a balance after a deposit) is what that call computed.
  if (output.path === 'count' || output.path === 'id' || !task.gold[output.call]!.read) return true;
  const column = output.path.split('.').pop()!;
  if (/(^|_)status$/.test(column)) return true;
  const before = task.gold.slice(0, output.call);
  // The chain changed it: an earlier call saw another value, or after a write it holds a value the seed never had.
  if (before.some((call) => column in call.result && call.result[column] !== output.value)) return true;
  if (seedValues && before.some((call) => !call.read) && !seedValues.has(String(output.value))) return true;
  if (before.every((call) => call.read)) return true;
  const tool = tools.get(task.gold[output.call]!.tool);
  const about = `${tool?.title ?? ''} ${tool?.description ?? ''}`.toLowerCase();
  return identifierWords(column).some((w) => about.includes(w));
}

/** The product name the old generator put in personas: the slug in title case. */
const slugTitle = (slug: string) => slug.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

function readTasks(dir: string): Task[] {
  const file = join(dir, 'tasks.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Task);
}

/** Every schema the domain's tools give a column (the arguments bound to it, and output fields of its name). */
function columnSchemas(contract: DomainContract, table: Table, column: string): Schema {
  const merged: Schema = {};
  for (const tool of contract.tools.filter((t) => t.binding.table === table.name)) {
    const b = tool.binding;
    for (const entry of [...b.values, ...b.filters, ...(b.key ? [b.key] : [])]) {
      if (entry.column !== column) continue;
      const s = tool.input.properties[entry.argument] ?? {};
      merged.enum ??= s.enum;
      merged.example ??= s.example;
      merged.default ??= s.default;
      merged.format ??= s.format;
    }
  }
  return merged;
}

/** Seed cells: where text values seem to come from, and values that contradict their column's meaning. */
function measureSeed(q: TaskQuality, dir: string, contract: DomainContract): Set<string> {
  const known = new Set<string>();
  const db = new Database(join(dir, 'seed.sqlite'), { readonly: true });
  try {
    for (const table of contract.tables) {
      const rows = db.prepare(`SELECT * FROM "${table.name}"`).all() as Record<string, unknown>[];
      for (const column of table.columns) {
        const keyish = column.name === table.primaryKey || column.references !== undefined;
        const schema = { ...columnSchemas(contract, table, column.name), ...(column.enum ? { enum: column.enum } : {}), ...(column.format ? { format: column.format } : {}) };
        for (const row of rows) {
          const cell = row[column.name];
          if (cell === null || cell === undefined) continue;
          let value: Json = cell as Json;
          if (column.type === 'json' && typeof cell === 'string') {
            try {
              value = JSON.parse(cell) as Json;
            } catch {
              // kept as text
            }
          }
          for (const v of scalars(value)) known.add(String(v));
          if (keyish) continue;
          if (hasMeaningRule(column.name)) q.seedChecked++;
          const why = implausible(column.name, column.type === 'json' ? value : cell, contract.clock);
          if (why !== null) {
            q.seedImplausible++;
            quote(q, 'implausible seed value', contract.slug, `${contract.slug} ${table.name}.${column.name}: ${why}`);
          }
          if (column.type !== 'text') continue;
          q.seedValues[seenSource(String(cell), schema, column.name)]++;
          if (/(name|title|subject|label|headline)$/.test(column.name) && isLorem(String(cell), column.name)) quote(q, 'lorem seed name', contract.slug, `${contract.slug} ${table.name}.${column.name}: "${String(cell)}"`);
        }
      }
    }
  } finally {
    db.close();
  }
  return known;
}

/** Every scalar the seed rows of a package hold (as text): what a value "from the state" can be. */
export function seedValues(dir: string): Set<string> {
  const out = new Set<string>();
  const db = new Database(join(dir, 'seed.sqlite'), { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'`).pluck().all() as string[];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]) {
        for (const cell of row) {
          if (cell === null || cell === undefined) continue;
          out.add(String(cell));
          if (typeof cell === 'string' && /^[[{]/.test(cell)) {
            try {
              for (const v of scalars(JSON.parse(cell) as Json)) out.add(String(v));
            } catch {
              // plain text
            }
          }
        }
      }
    }
  } finally {
    db.close();
  }
  return out;
}

/** Measure the tasks, instructions and seed rows of `slugs` under `WS/servers`. */
export function measureTaskQuality(ws: string, slugs: string[]): TaskQuality {
  const q = empty();
  for (const slug of slugs) {
    const dir = join(ws, 'servers', slug);
    if (!existsSync(join(dir, 'domain.json'))) continue;
    const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
    const tools = new Map(contract.tools.map((t) => [t.name, t]));
    const tasks = readTasks(dir);
    q.domains++;
    if (tasks.length >= 5) q.stocked++;
    const prefixes = new Map<string, number>();
    for (const t of contract.tables) if (t.keyType === 'text') prefixes.set(t.keyPrefix ?? 'id', (prefixes.get(t.keyPrefix ?? 'id') ?? 0) + 1);
    const clashing = [...prefixes.values()].filter((n) => n > 1);
    if (clashing.length > 0) {
      q.prefixCollisions.domains++;
      q.prefixCollisions.tables += clashing.reduce((a, b) => a + b, 0);
    }
    const known = measureSeed(q, dir, contract);
    // The slug in title case, unless it happens to be a product's own name ("Gorilla File System").
    const products = new Set(contract.tools.map(productOf));
    const oldProduct = products.has(slugTitle(slug)) ? '\u0000' : slugTitle(slug);
    for (const task of tasks) measureTask(q, task, tools, known, oldProduct);
  }
  return q;
}

function measureTask(q: TaskQuality, task: Task, tools: Map<string, ToolContract>, known: Set<string>, oldProduct: string): void {
  const text = task.instruction;
  q.tasks++;
  q.words += text.split(/\s+/).length;
  const style = (task as { instructionStyle?: string }).instructionStyle ?? 'steps';
  q.styles[style] = (q.styles[style] ?? 0) + 1;
  const repeated = repeatedWords(text);
  if (repeated) {
    q.instructions.repeatedWord++;
    quote(q, `repeated word`, task.domain, `"${repeated}": ${text}`);
  }
  if (saysSystems(text)) {
    q.instructions.systems++;
    quote(q, "system's", task.domain, text);
  }
  const flags = task.gold.flatMap((call) => Object.keys(call.arguments).filter((name) => isMeasuredFlag(name) || isMeasuredFlag(tools.get(call.tool)?.renamed[name] ?? '')));
  if (flags.length > 0) {
    q.instructions.flag++;
    quote(q, 'internal flag', task.domain, `${flags.join(', ')}: ${text}`);
  }
  if (saysEmpty(text)) q.instructions.empty++;
  if (saysPadding(text)) {
    q.instructions.padding++;
    quote(q, 'padding', task.domain, text);
  }
  if (new RegExp(`(using|uses) ${oldProduct.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(task.persona.role)) q.instructions.slugProduct++;
  const filler = fillerReads(task);
  q.steps += task.gold.length;
  q.fillerSteps += filler.length;
  if (filler.length > 0) {
    q.tasksWithFiller++;
    quote(q, 'filler step', task.domain, `call ${filler.join(', ')} of ${task.id}: ${text}`);
  }
  if (task.gold.length >= 3) {
    q.long++;
    if (filler.length === 0) q.longPurposeful++;
  }
  task.requiredOutputs.forEach((output, i) => {
    q.outputs++;
    if (!relatedOutput(task, i, tools, known)) {
      q.unrelatedOutputs++;
      quote(q, 'unrelated output', task.domain, `${output.asked} (${output.path}) in ${task.id}: ${text}`);
    }
  });
  const produced = new Set<string>();
  for (const call of task.gold) {
    const tool = tools.get(call.tool);
    for (const [name, value] of Object.entries(call.arguments)) {
      for (const s of scalarsWithSchema(value, tool?.input.properties[name], name)) {
        if (known.has(String(s.value)) || produced.has(String(s.value))) continue;
        q.taskValues[seenSource(s.value, s.schema, s.field)]++;
      }
    }
    for (const v of scalars(call.result)) produced.add(String(v));
  }
}
