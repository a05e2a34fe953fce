// Child process of the server-scale section: one insert tool called in process on a state whose table
// already holds 0, 20,000 or 200,000 rows, each call followed by a digest; both timed per call. Reading
// every row once (what a digest cost before digest scheme 2) is timed alongside for reference.
// Usage: node dist/bench/time-scale.js CONFIG.json (a TimeScaleConfig); prints ScaleTimings as JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DomainContract, Table } from '../formats/contract.js';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { median } from './measure.js';
import { type PackageEnvironment, packageRuntime, resultText } from './package-runtime.js';

/** One insert tool of one package. */
export interface ScaleCase {
  /** The package folder. */
  dir: string;
  /** An insert tool whose table gets the rows. */
  tool: string;
}

/** What to measure, written by the section. */
export interface TimeScaleConfig {
  cases: ScaleCase[];
  /** Rows in the table before the timed calls. */
  sizes: number[];
  /** Untimed insert + digest pairs first. */
  warmup: number;
  /** Timed insert + digest pairs. */
  calls: number;
}

/** Milliseconds at one size. */
export interface SizeTimings {
  rows: number;
  insertP50: number;
  digestP50: number;
  /** Reading and serializing every row of every table once: the work of a digest that hashes the rows. */
  fullReadMs: number;
  /** Size of that serialization. */
  jsonBytes: number;
}

/** Everything one run measures, per case. */
export interface ScaleTimings {
  cases: { domain: string; tool: string; table: string; keyType: string; sizes: SizeTimings[] }[];
}

/** The runtime's insertRows (schema.js of the package): rows written as tools write them, triggers and all. */
type InsertRows = (db: PackageEnvironment['db'], table: Table, rows: Record<string, unknown>[]) => void;

/** The key of the i-th filler row: above the seed's, in the table's own key form. */
function fillerKey(table: Table, i: number): number | string {
  return table.keyType === 'integer' ? i : `${table.keyPrefix ?? 'id'}_${String(i).padStart(4, '0')}`;
}

/** Replace the table's rows with `rows` copies of one row the tool made, keys 1..rows. */
function fill(env: PackageEnvironment, insertRows: InsertRows, table: Table, template: Record<string, unknown>, rows: number): void {
  env.db.prepare(`DELETE FROM "${table.name}"`).run();
  const batch = 10_000;
  for (let start = 1; start <= rows; start += batch) {
    const chunk = [];
    for (let i = start; i < Math.min(start + batch, rows + 1); i++) chunk.push({ ...template, [table.primaryKey]: fillerKey(table, i) });
    insertRows(env.db, table, chunk);
  }
  // The rows go into the digest sums once, untimed (synth does this for a seed).
  env.digest();
}

/** Every row of every table read and serialized once: milliseconds and bytes. */
function readEverything(env: PackageEnvironment, contract: DomainContract): { fullReadMs: number; jsonBytes: number } {
  const started = performance.now();
  let jsonBytes = 0;
  for (const table of contract.tables) jsonBytes += JSON.stringify(env.db.prepare(`SELECT * FROM "${table.name}" ORDER BY "${table.primaryKey}"`).raw(true).all()).length;
  return { fullReadMs: performance.now() - started, jsonBytes };
}

async function measureCase(config: TimeScaleConfig, c: ScaleCase): Promise<ScaleTimings['cases'][number]> {
  const runtime = await packageRuntime(c.dir);
  const { insertRows } = (await import(pathToFileURL(join(c.dir, 'runtime', 'schema.js')).href)) as { insertRows: InsertRows };
  const sizes: SizeTimings[] = [];
  let out: Omit<ScaleTimings['cases'][number], 'sizes'> | undefined;
  // The first size once more, untimed, before the others: the JIT warms up on it, not on the smallest table's figures.
  for (const [n, rows] of [config.sizes[0]!, ...config.sizes].entries()) {
    const env = await runtime.openEnvironment({ dir: c.dir });
    const contract = env.contract;
    const tool = contract.tools.find((t) => t.name === c.tool);
    if (!tool || tool.binding.operator !== 'insert') throw new Error(`${contract.slug} has no insert tool ${c.tool}`);
    const table = contract.tables.find((t) => t.name === tool.binding.table)!;
    const args = probeArguments(env.db, contract, tool, fakerFor(contract.seed, contract.slug, 'bench:scale'));
    if (!args) throw new Error(`no arguments for ${c.tool} from the seed of ${contract.slug}`);
    const made = env.call(tool.name, args);
    if (made.isError) throw new Error(`${c.tool} failed on the seed: ${resultText(made)}`);
    const template = env.db.prepare(`SELECT * FROM "${table.name}" WHERE "${table.primaryKey}" = ?`).get((made.structuredContent as Record<string, string | number>)[table.primaryKey]) as Record<string, unknown>;
    fill(env, insertRows, table, template, rows);
    out ??= { domain: contract.slug, tool: tool.name, table: table.name, keyType: table.keyType };
    const insert: number[] = [];
    const digest: number[] = [];
    for (let i = 0; i < config.warmup + config.calls; i++) {
      const t0 = performance.now();
      const result = env.call(tool.name, args);
      const t1 = performance.now();
      env.digest();
      const t2 = performance.now();
      if (result.isError) throw new Error(`${c.tool} failed at ${rows} rows: ${resultText(result)}`);
      if (i < config.warmup) continue;
      insert.push(t1 - t0);
      digest.push(t2 - t1);
    }
    if (n > 0) sizes.push({ rows, insertP50: median(insert), digestP50: median(digest), ...readEverything(env, contract) });
    env.close();
  }
  return { ...out!, sizes };
}

async function main(): Promise<ScaleTimings> {
  const configPath = process.argv[2];
  if (!configPath) throw new Error('usage: node dist/bench/time-scale.js CONFIG.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as TimeScaleConfig;
  const cases = [];
  for (const c of config.cases) cases.push(await measureCase(config, c));
  return { cases };
}

main().then(
  (timings) => process.stdout.write(`${JSON.stringify(timings)}\n`),
  (error: unknown) => {
    process.stderr.write(`time-scale: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
