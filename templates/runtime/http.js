// @ts-check
// Streamable HTTP at http://HOST:PORT/mcp: one MCP session per client (all sessions share the
// domain's state, as users of one real API do), DNS-rebinding protection on every request. The
// session map is bounded: at most --max-sessions at once, and a session without a request for
// --session-idle seconds is closed (its client gets 404 and, as the protocol says, starts a new one).
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { clearInterval, setInterval } from 'node:timers';

/** @typedef {import('./environment.js').Environment} Environment */
/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

/** Largest request body accepted. */
const MAX_BODY = 4 * 1024 * 1024;

/** Ids of expired sessions remembered, to tell their clients why the id no longer works. */
const EXPIRED_REMEMBERED = 1024;

/**
 * One live session: its transport, when it last finished a request, and how many are still open
 * (a GET stream of server notifications stays open for as long as its client listens).
 * @typedef {{ transport: StreamableHTTPServerTransport, lastUsed: number, open: number }} Session
 */

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {number} code JSON-RPC error code
 * @param {string} message
 */
function reject(res, status, code, message) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

/**
 * The JSON body of a request, or undefined when it is empty.
 * @param {IncomingMessage} req
 * @returns {Promise<unknown>}
 */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw Object.assign(new Error(`request body is larger than ${MAX_BODY} bytes`), { status: 413 });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error('request body is not JSON'), { status: 400, code: -32700 });
  }
}

/**
 * The host name of a Host header or Origin URL, lower-cased, without port or brackets.
 * @param {string} value
 */
function hostnameOf(value) {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Host names a browser may reach this server by. A page on any other name (a rebinding attacker's
 * domain resolving to 127.0.0.1) is refused before it reaches a session.
 * @param {string} host the address the server listens on
 * @param {string[]} [extra] more names clients use (`--allowed-hosts`), e.g. the machine's name when listening on 0.0.0.0
 */
export function allowedHostnames(host, extra = []) {
  return new Set(['localhost', '127.0.0.1', '::1', host, ...extra].map((name) => name.replace(/^\[|\]$/g, '').toLowerCase()));
}

/**
 * Serve `env` over Streamable HTTP. Resolves once listening, with the URL and a close function.
 * @param {Environment} env
 * @param {{ host: string, port: number, allowedHosts?: string[], maxSessions: number, sessionIdle: number }} options `maxSessions` live at once, closed after `sessionIdle` seconds without a request
 */
export async function serveHttp(env, { host, port, allowedHosts = [], maxSessions, sessionIdle }) {
  const allowed = allowedHostnames(host, allowedHosts);
  const idleMs = sessionIdle * 1000;
  /** @type {Map<string, Session>} */
  const sessions = new Map();
  /** Expired session ids, oldest first. @type {Set<string>} */
  const expired = new Set();
  /** Initialize requests under way: they count against the cap before their session exists. */
  let opening = 0;

  /** Close every session idle for longer than the limit. */
  function sweep() {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (session.open > 0 || now - session.lastUsed <= idleMs) continue;
      sessions.delete(id);
      expired.add(id);
      if (expired.size > EXPIRED_REMEMBERED) expired.delete(/** @type {string} */ (expired.values().next().value));
      void session.transport.close();
    }
  }
  // Idle sessions also go when no request comes to sweep them; the timer never keeps the process up.
  const sweeper = setInterval(sweep, Math.max(1000, Math.min(idleMs / 2, 60_000)));
  sweeper.unref();

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/mcp') return reject(res, 404, -32601, `nothing at ${url.pathname}; the MCP endpoint is /mcp`);
    const hostHeader = req.headers.host;
    if (!hostHeader || !allowed.has(hostnameOf(hostHeader) ?? '')) return reject(res, 403, -32000, `Invalid Host header: ${hostHeader ?? '(none)'}`);
    const origin = req.headers.origin;
    if (origin && !allowed.has(hostnameOf(origin) ?? '')) return reject(res, 403, -32000, `Invalid Origin header: ${origin}`);
    sweep();

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) {
        if (expired.has(sessionId)) return reject(res, 404, -32001, `Session ${sessionId} expired after ${sessionIdle} s without a request (--session-idle); initialize a new session`);
        return reject(res, 404, -32001, `Session not found: ${sessionId}; initialize a new session`);
      }
      session.open++;
      res.once('close', () => {
        session.open--;
        session.lastUsed = Date.now();
      });
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST') return reject(res, 400, -32000, 'Bad Request: No valid session ID provided');
    const body = await readBody(req);
    if (!isInitializeRequest(body)) return reject(res, 400, -32000, 'Bad Request: No valid session ID provided; start with an initialize request');
    if (sessions.size + opening >= maxSessions) {
      return reject(res, 503, -32000, `this server holds ${maxSessions} sessions, its limit (--max-sessions): close one (DELETE /mcp with its Mcp-Session-Id), let one sit idle for ${sessionIdle} s (--session-idle), or start the server with a larger --max-sessions`);
    }
    opening++;
    try {
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, { transport, lastUsed: Date.now(), open: 0 }),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await env.createServer().connect(transport);
      await transport.handleRequest(req, res, body);
    } finally {
      opening--;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((/** @type {any} */ error) => {
      if (res.headersSent) return void res.end();
      reject(res, error?.status ?? 500, error?.code ?? -32603, error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/mcp`,
    async close() {
      clearInterval(sweeper);
      for (const { transport } of sessions.values()) await transport.close();
      const closed = new Promise((done) => server.close(() => done(undefined)));
      server.closeAllConnections();
      await closed;
    },
  };
}
