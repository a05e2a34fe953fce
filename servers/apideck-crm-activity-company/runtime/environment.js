// @ts-check
// What a domain package exports to the harness (never to the agent): open the domain on a state,
// call tools without a transport, fingerprint and compare states, take and restore snapshots, and
// build MCP servers over the state.
//
//   import { openEnvironment } from 'agentscaler-<slug>';
//   const env = await openEnvironment();              // in memory, from seed.sqlite
//   env.call('get_ticket', { ticket_id: 1 });          // the CallToolResult an MCP client would get
//   const gold = env.snapshot(); env.digest(); env.diff(otherEnvOrSnapshot);
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callTool, errorResult, runTool, stderrReport } from './call.js';
import { loadDomain } from './domain.js';
import { normalizeClock, setClock } from './meta.js';
import { createMcpServer } from './server.js';
import { digest } from './digest.js';
import { DIGEST_SCHEME } from './schema.js';
import { diff, openFile, openSnapshot } from './state.js';

/** @typedef {import('./types.js').Database} Database */
/** @typedef {import('./types.js').CallToolResult} CallToolResult */
/** @typedef {import('./domain.js').Domain} Domain */
/** @typedef {import('./state.js').RowDifference} RowDifference */

/** The digest scheme this runtime's digests follow (the `v<n>:` of `v2:sha256:<hex>`); tasks record it. */
export { DIGEST_SCHEME };

/** The package folder this runtime was copied into. */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {object} EnvironmentOptions
 * @property {string} [dir] the package folder (default: this package)
 * @property {string} [db] a state file, created from seed.sqlite on first use (default: memory)
 * @property {Buffer} [snapshot] start in memory from these bytes instead of the seed
 * @property {boolean} [reset] with `db`: start the file over from the seed
 * @property {string} [clock] set the virtual clock (ISO 8601)
 * @property {(tool: string, error: unknown) => void} [onInternalError] where a bug in tools.js is reported (default: stderr with the stack)
 * @property {boolean} [strictSchemas] list OpenAI strict-mode input schemas (every property required, optional ones nullable)
 */

export class Environment {
  /**
   * @param {Domain} domain
   * @param {Database} db
   * @param {string | null} file
   */
  constructor(domain, db, file) {
    this.domain = domain;
    this.db = db;
    this.file = file;
    /** Where a bug in tools.js is reported (stderr unless `onInternalError` was given). */
    this.report = stderrReport(domain.contract.package);
    /** Whether servers list OpenAI strict-mode schemas, and calls are read by them. */
    this.strictSchemas = false;
  }

  get contract() {
    return this.domain.contract;
  }

  /** What tools/list answers (tools with their listed input schemas), computed once per domain. */
  listTools() {
    return this.domain.listing(this.strictSchemas).tools;
  }

  /**
   * A call's arguments as written against the listing (sanitized keys, JSON text, null for "not
   * given") in the contract's shape: what the tool runs on, and what gold calls are written in.
   * Throws a ToolError naming the argument for JSON text that does not parse.
   * @param {string} name
   * @param {unknown} args
   */
  readArguments(name, args) {
    const read = this.domain.listing(this.strictSchemas).readers.get(name);
    if (!read) throw new Error(`Tool ${name} not found`);
    return read(args ?? {}, '');
  }

  /** The tool contracts, in order. */
  get tools() {
    return this.domain.contract.tools;
  }

  /**
   * Call a tool as an MCP client would: arguments checked, one transaction, an isError result on
   * any failure with the state unchanged.
   * @param {string} name
   * @param {unknown} [args]
   * @returns {CallToolResult}
   */
  call(name, args) {
    return callTool(this.domain, this.db, name, args, this.report, this.strictSchemas);
  }

  /**
   * Run a tool on arguments already checked against its input schema (the MCP server's path).
   * @param {string} name
   * @param {Record<string, unknown>} args
   * @returns {CallToolResult}
   */
  run(name, args) {
    const tool = this.domain.tools.get(name);
    return tool ? runTool(this.domain, this.db, tool, args, this.report) : errorResult(`Tool ${name} not found`);
  }

  /** "v2:sha256:<hex>" of every row of every domain table (not the clock), from sums kept on write. */
  digest() {
    return digest(this.db, this.contract);
  }

  /**
   * Row-level differences from `expected` (another environment of the domain, or a snapshot) to
   * this state. `ignore` lists columns (`status` or `tickets.status`) to leave out.
   * @param {Environment | Buffer} expected
   * @param {{ ignore?: string[] }} [options]
   * @returns {RowDifference[]}
   */
  diff(expected, options) {
    if (expected instanceof Environment) return diff(this.db, expected.db, this.contract, options);
    const other = openSnapshot(expected, this.contract);
    try {
      return diff(this.db, other, this.contract, options);
    } finally {
      other.close();
    }
  }

  /** The whole state (tables, clock, id sequences) as the bytes of a SQLite file. */
  snapshot() {
    return this.db.serialize();
  }

  /**
   * Replace the state with a snapshot. A file-backed environment rewrites its file.
   * @param {Buffer} snapshot
   */
  restore(snapshot) {
    const previous = this.db;
    if (this.file) {
      previous.close();
      for (const suffix of ['-wal', '-shm', '-journal']) rmSync(this.file + suffix, { force: true });
      writeFileSync(this.file, snapshot);
      this.db = openFile(this.file, this.domain.seedPath, this.contract);
    } else {
      this.db = openSnapshot(snapshot, this.contract);
      previous.close();
    }
  }

  /** A new MCP server over this state (connect it to any transport). */
  createServer() {
    return createMcpServer(this);
  }

  close() {
    if (this.db.open) this.db.close();
  }
}

/**
 * Open a domain on a state: its seed in memory by default, a state file with `db`, or a snapshot.
 * @param {EnvironmentOptions} [options]
 * @returns {Promise<Environment>}
 */
export async function openEnvironment(options = {}) {
  const domain = await loadDomain(resolve(options.dir ?? PACKAGE_DIR));
  // A bad clock is refused before the state is touched: with --reset, opening first would wipe it.
  const clock = options.clock === undefined ? undefined : normalizeClock(options.clock);
  if (clock === null) throw new Error(`clock ${JSON.stringify(options.clock)} is not an ISO 8601 date; give one like 2025-01-06T09:00:00Z`);
  let env;
  if (options.snapshot) env = new Environment(domain, openSnapshot(options.snapshot, domain.contract), null);
  else if (options.db && options.db !== ':memory:') {
    const file = resolve(options.db);
    env = new Environment(domain, openFile(file, domain.seedPath, domain.contract, { reset: options.reset }), file);
  } else env = new Environment(domain, openSnapshot(domain.seed(), domain.contract), null);
  if (clock) setClock(env.db, clock);
  if (options.onInternalError) env.report = options.onInternalError;
  if (options.strictSchemas) env.strictSchemas = true;
  return env;
}

/**
 * The harness's factory: a fresh MCP server on an in-memory state restored from `snapshot`.
 * @param {Buffer} snapshot
 * @param {{ dir?: string }} [options]
 */
export async function serverFromSnapshot(snapshot, options = {}) {
  const environment = await openEnvironment({ ...options, snapshot });
  return { server: environment.createServer(), environment };
}
