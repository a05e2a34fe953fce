// @ts-check
// The command line of an emitted server: stdio by default, --http for Streamable HTTP, the state
// in a file (~/.agentscaler/<package>/state.sqlite unless --db), --reset to start over from the seed.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDomain } from './domain.js';
import { openEnvironment } from './environment.js';

/** HTTP sessions held at once, and seconds without a request before one is closed, unless flags say otherwise. */
const SESSIONS = { max: 100, idle: 1800 };

/** @param {string} name */
function usage(name) {
  return `Usage: ${name} [options]

Serves this simulated API as an MCP server over stdio (default) or Streamable HTTP.

Options:
  --http           serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio
  --port N         HTTP port (default 3000; 0 picks a free one)
  --host ADDR      HTTP address (default 127.0.0.1)
  --allowed-hosts  more host names HTTP clients may use, comma-separated (DNS-rebinding
    NAMES          protection refuses any other Host header; needed with --host 0.0.0.0)
  --max-sessions N HTTP sessions held at once (default ${SESSIONS.max}); an initialize beyond them gets 503
  --session-idle S close an HTTP session after S seconds without a request (default ${SESSIONS.idle})
  --db PATH        state file, created from seed.sqlite on first use
                   (default ~/.agentscaler/${name}/state.sqlite; :memory: keeps nothing)
  --reset          start the state file over from seed.sqlite
  --clock ISO      set the virtual clock, e.g. 2025-01-06T09:00:00Z
  --strict-schemas list OpenAI strict-mode input schemas (every property required,
                   an optional one nullable: null means not given)
  --help           show this text
  --version        show the version
`;
}

/**
 * A usage mistake: message and exit code 2, as for any command-line tool.
 * @param {string} message
 * @param {string} name
 * @returns {never}
 */
function usageError(message, name) {
  process.stderr.write(`${name}: ${message}\n\n${usage(name)}`);
  process.exit(2);
}

/**
 * Run the server in the package folder `dir` with command-line arguments `argv`.
 * @param {string} dir
 * @param {string[]} argv
 */
export async function main(dir, argv) {
  let domain;
  try {
    domain = await loadDomain(dir);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
  const name = domain.contract.package;
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        http: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'allowed-hosts': { type: 'string' },
        'max-sessions': { type: 'string' },
        'session-idle': { type: 'string' },
        db: { type: 'string' },
        reset: { type: 'boolean' },
        clock: { type: 'string' },
        'strict-schemas': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error), name);
  }
  if (values.help) return void process.stdout.write(usage(name));
  if (values.version) return void process.stdout.write(`${domain.version}\n`);
  const port = Number(values.port ?? 3000);
  if (!/^\d+$/.test(values.port ?? '3000') || port > 65535) usageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(values.port)}`, name);
  const httpOnly = ['port', 'host', 'allowed-hosts', 'max-sessions', 'session-idle'];
  if (!values.http && httpOnly.some((flag) => /** @type {Record<string, unknown>} */ (values)[flag] !== undefined)) usageError(`${httpOnly.map((f) => `--${f}`).join(', ')} only apply with --http`, name);
  const maxSessions = Number(values['max-sessions'] ?? SESSIONS.max);
  if (!/^\d+$/.test(values['max-sessions'] ?? String(SESSIONS.max)) || maxSessions < 1) usageError(`--max-sessions must be a whole number of at least 1, not ${JSON.stringify(values['max-sessions'])}`, name);
  const sessionIdle = Number(values['session-idle'] ?? SESSIONS.idle);
  if (!/^\d+(\.\d+)?$/.test(values['session-idle'] ?? String(SESSIONS.idle)) || sessionIdle <= 0) usageError(`--session-idle must be a number of seconds above 0, not ${JSON.stringify(values['session-idle'])}`, name);
  const allowedHosts = (values['allowed-hosts'] ?? '').split(',').map((h) => h.trim()).filter(Boolean);

  const db = values.db ?? join(homedir(), '.agentscaler', name, 'state.sqlite');
  /** @type {import('./environment.js').Environment} */
  let env;
  try {
    env = await openEnvironment({ dir, db, reset: values.reset, clock: values.clock, strictSchemas: values['strict-schemas'] });
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
  const where = db === ':memory:' ? 'in memory' : db;

  /** @type {() => Promise<void>} */
  let stop;
  if (values.http) {
    try {
      // Loaded only for --http: a stdio server does not carry the HTTP stack (a few MB of memory).
      const { serveHttp } = await import('./http.js');
      const http = await serveHttp(env, { host: values.host ?? '127.0.0.1', port, allowedHosts, maxSessions, sessionIdle });
      stop = http.close;
      process.stderr.write(`${name}: ${env.tools.length} tools at ${http.url} (state: ${where})\n`);
    } catch (error) {
      env.close();
      const reason = /** @type {any} */ (error)?.code === 'EADDRINUSE' ? `port ${port} is in use; pass another --port (0 picks a free one)` : String(error);
      process.stderr.write(`${name}: cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${reason}\n`);
      process.exit(1);
    }
  } else {
    const server = env.createServer();
    const transport = new StdioServerTransport();
    await server.connect(transport);
    stop = () => server.close();
    // The client closing our stdin is the end of the session.
    process.stdin.once('end', () => void shutdown());
    process.stderr.write(`${name}: ${env.tools.length} tools on stdio (state: ${where})\n`);
  }

  let stopping = false;
  async function shutdown() {
    if (stopping) return;
    stopping = true;
    try {
      await stop();
    } finally {
      env?.close();
      process.exit(0);
    }
  }
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
