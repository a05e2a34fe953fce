// Child process of the server section: one emitted domain server timed against the reference MCP
// server @modelcontextprotocol/server-memory in the same process and the same minute: per-call
// latency over stdio, memory of the server, spawn to first result; then calls in process and fresh
// states opened from a 1 MB snapshot.
// Usage: node dist/bench/time-server.js CONFIG.json (a TimeServerConfig); prints ServerTimings as JSON.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolContract } from '../formats/contract.js';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { type PackageEnvironment, packageRuntime, resultText } from './package-runtime.js';
import { childEnv, processMemoryMb, startStdio, type StdioServer } from './stdio.js';

/** What to measure, written by the section. */
export interface TimeServerConfig {
  /** The package folder of our server. */
  dir: string;
  /** The read tool called. */
  tool: string;
  /** dist/index.js of @modelcontextprotocol/server-memory. */
  memoryServer: string;
  /** An empty folder for state files. */
  scratch: string;
  /** Untimed calls before the timed ones, per server. */
  warmup: number;
  /** Timed calls per server over stdio, taken in alternating blocks. */
  calls: number;
  /** Calls in a row on one server before switching to the other. */
  block: number;
  /** Fresh processes per server for spawn → first result. */
  spawns: number;
  /** Timed calls in process. */
  inProcessCalls: number;
  /** Timed opens from the snapshot. */
  opens: number;
  /** Smallest snapshot size, bytes. */
  snapshotBytes: number;
}

/** Percentiles of a series of milliseconds. */
export interface Stats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

/** Everything one run measures. */
export interface ServerTimings {
  domain: string;
  tool: string;
  args: unknown;
  memoryTool: string;
  memoryArgs: unknown;
  /** Per-call milliseconds over stdio. */
  stdio: { ours: Stats; theirs: Stats };
  /** Per-call milliseconds of env.call. */
  inProcess: Stats;
  /** Resident MB of each server process after its calls (rss) and its peak (VmHWM). */
  memory: { ours: { rss: number; peak: number } | null; theirs: { rss: number; peak: number } | null };
  /** Milliseconds from spawn to the first tool result, per fresh process; `node` is spawn to exit of `node -e ""`. */
  spawn: { ours: number[]; theirs: number[]; node: number[] };
  /** Opening a fresh in-memory state from the snapshot: openEnvironment({ dir, snapshot }) and, for reference, new Database(buffer). */
  snapshot: { bytes: number; rows: number; open: Stats; newDatabase: Stats };
}

/** The tool server-memory is timed on, and its arguments: a search that matches one of 12 entities. */
const MEMORY_TOOL = 'search_nodes';
const MEMORY_ARGS = { query: 'ticket_7' };

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: values.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean: values.reduce((a, b) => a + b, 0) / values.length };
}

/** One tools/call over stdio, refusing an error result (a failing call would time the wrong path). */
async function callOnce(server: StdioServer, name: string, args: Record<string, unknown>): Promise<void> {
  const result = await server.client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} returned an error: ${JSON.stringify(result.content).slice(0, 300)}`);
}

/** Milliseconds of one awaited action. */
async function time(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Spawn to exit of a bare `node -e ""`: the floor every stdio server pays. */
function bareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - started));
  });
}

/** A knowledge graph of 12 entities (like the 12 rows of a seed table) in server-memory's file. */
async function seedMemoryGraph(memoryServer: string, env: Record<string, string>): Promise<void> {
  const server = await startStdio(memoryServer, [], env);
  try {
    const entities = Array.from({ length: 12 }, (_, i) => ({
      name: `ticket_${i + 1}`,
      entityType: 'ticket',
      observations: [`Ticket ${i + 1} about the login page`, `priority ${1 + (i % 5)}`, i % 2 ? 'status open' : 'status closed'],
    }));
    await callOnce(server, 'create_entities', { entities });
    const relations = entities.slice(1).map((e, i) => ({ from: e.name, to: entities[i]!.name, relationType: 'follows' }));
    await callOnce(server, 'create_relations', { relations });
  } finally {
    await server.close();
  }
}

/** Warm both servers up, then time `calls` calls each in alternating blocks, so a slow spell of the machine hits both alike. */
async function stdioLatency(config: TimeServerConfig, ours: StdioServer, args: Record<string, unknown>, theirs: StdioServer): Promise<{ ours: number[]; theirs: number[] }> {
  for (let i = 0; i < config.warmup; i++) {
    await callOnce(ours, config.tool, args);
    await callOnce(theirs, MEMORY_TOOL, MEMORY_ARGS);
  }
  const out = { ours: [] as number[], theirs: [] as number[] };
  while (out.ours.length < config.calls) {
    const n = Math.min(config.block, config.calls - out.ours.length);
    for (let i = 0; i < n; i++) out.ours.push(await time(() => callOnce(ours, config.tool, args)));
    for (let i = 0; i < n; i++) out.theirs.push(await time(() => callOnce(theirs, MEMORY_TOOL, MEMORY_ARGS)));
  }
  return out;
}

/** Fill a state with inserts of a write tool until its snapshot holds at least `bytes`. */
function fillState(env: PackageEnvironment, bytes: number): { snapshot: Buffer; rows: number } {
  const contract = env.contract;
  const insert = contract.tools.find((t) => !t.annotations.readOnlyHint && t.binding.operator === 'insert');
  if (!insert) throw new Error(`${contract.slug} has no insert tool to fill a state with; pick a domain with one`);
  const faker = fakerFor(contract.seed, contract.slug, 'bench:snapshot');
  // probeArguments reads the whole table: draw arguments again only when a value must not repeat.
  let args = probeArguments(env.db, contract, insert, faker) ?? {};
  for (let i = 0; i < 1_000_000; i++) {
    let result = env.call(insert.name, args);
    if (result.isError) {
      args = probeArguments(env.db, contract, insert, faker) ?? {};
      result = env.call(insert.name, args);
    }
    if (result.isError) throw new Error(`${insert.name} failed while filling the state: ${resultText(result)}`);
    if (i % 500 === 499) {
      const snapshot = env.snapshot();
      if (snapshot.length >= bytes) {
        const { n } = env.db.prepare(`SELECT COUNT(*) AS n FROM "${insert.binding.table}"`).get() as { n: number };
        return { snapshot, rows: n };
      }
    }
  }
  throw new Error(`a million ${insert.name} calls did not make a ${bytes}-byte state`);
}

async function main(): Promise<ServerTimings> {
  const configPath = process.argv[2];
  if (!configPath) throw new Error('usage: node dist/bench/time-server.js CONFIG.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as TimeServerConfig;
  const runtime = await packageRuntime(config.dir);
  const probeEnv = await runtime.openEnvironment({ dir: config.dir });
  const contract = probeEnv.contract;
  const tool: ToolContract | undefined = contract.tools.find((t) => t.name === config.tool);
  if (!tool) throw new Error(`${contract.slug} has no tool ${config.tool}`);
  const args = probeArguments(probeEnv.db, contract, tool, fakerFor(contract.seed, contract.slug, 'bench:latency'));
  if (!args) throw new Error(`the seed of ${contract.slug} has no row ${config.tool} could read`);
  probeEnv.close();

  const memoryEnv = childEnv({ MEMORY_FILE_PATH: join(config.scratch, 'memory.jsonl') });
  await seedMemoryGraph(config.memoryServer, memoryEnv);
  const ourScript = join(config.dir, 'index.js');

  // Spawn → first tool result, fresh processes taking turns (ours with a new state file each time).
  const spawnTimes = { ours: [] as number[], theirs: [] as number[], node: [] as number[] };
  for (let i = 0; i < config.spawns; i++) {
    spawnTimes.node.push(await bareNode());
    let server: StdioServer | undefined;
    spawnTimes.ours.push(
      await time(async () => {
        server = await startStdio(ourScript, ['--db', join(config.scratch, `spawn-${i}.sqlite`)]);
        await callOnce(server, config.tool, args);
      }),
    );
    await server?.close();
    spawnTimes.theirs.push(
      await time(async () => {
        server = await startStdio(config.memoryServer, [], memoryEnv);
        await callOnce(server, MEMORY_TOOL, MEMORY_ARGS);
      }),
    );
    await server?.close();
  }

  const ours = await startStdio(ourScript, ['--db', join(config.scratch, 'latency.sqlite')]);
  const theirs = await startStdio(config.memoryServer, [], memoryEnv);
  let latency: { ours: number[]; theirs: number[] };
  let memory: ServerTimings['memory'];
  try {
    latency = await stdioLatency(config, ours, args, theirs);
    memory = { ours: processMemoryMb(ours.pid), theirs: processMemoryMb(theirs.pid) };
  } finally {
    await ours.close();
    await theirs.close();
  }

  // In process: env.call on the seed state, no transport.
  const env = await runtime.openEnvironment({ dir: config.dir });
  for (let i = 0; i < config.warmup; i++) env.call(config.tool, args);
  const inProcess: number[] = [];
  for (let i = 0; i < config.inProcessCalls; i++) {
    const started = performance.now();
    const result = env.call(config.tool, args);
    inProcess.push(performance.now() - started);
    if (result.isError) throw new Error(`${config.tool} failed in process: ${resultText(result)}`);
  }
  env.close();

  // Fresh states from a 1 MB snapshot, the domain already loaded (as a harness running many episodes has it).
  const filled = await runtime.openEnvironment({ dir: config.dir });
  const { snapshot, rows } = fillState(filled, config.snapshotBytes);
  const expected = filled.digest();
  filled.close();
  const check = await runtime.openEnvironment({ dir: config.dir, snapshot });
  if (check.digest() !== expected) throw new Error('a state opened from the snapshot differs from the state it was taken of');
  check.close();
  const opens: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < config.opens; i++) {
    let started = performance.now();
    const fresh = await runtime.openEnvironment({ dir: config.dir, snapshot });
    opens.push(performance.now() - started);
    fresh.close();
    started = performance.now();
    const db = new Database(snapshot);
    raw.push(performance.now() - started);
    db.close();
  }

  return {
    domain: contract.slug,
    tool: config.tool,
    args,
    memoryTool: MEMORY_TOOL,
    memoryArgs: MEMORY_ARGS,
    stdio: { ours: stats(latency.ours), theirs: stats(latency.theirs) },
    inProcess: stats(inProcess),
    memory,
    spawn: spawnTimes,
    snapshot: { bytes: snapshot.length, rows, open: stats(opens), newDatabase: stats(raw) },
  };
}

main().then(
  (timings) => process.stdout.write(`${JSON.stringify(timings)}\n`),
  (error: unknown) => {
    process.stderr.write(`time-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
