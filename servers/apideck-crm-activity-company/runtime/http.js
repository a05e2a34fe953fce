// @ts-check
// Streamable HTTP at http://HOST:PORT/mcp: one MCP session per client (all sessions share the
// domain's state, as users of one real API do), DNS-rebinding protection on every request.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

/** @typedef {import('./environment.js').Environment} Environment */
/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

/** Largest request body accepted. */
const MAX_BODY = 4 * 1024 * 1024;

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
 * @param {{ host: string, port: number, allowedHosts?: string[] }} options
 */
export async function serveHttp(env, { host, port, allowedHosts = [] }) {
  const allowed = allowedHostnames(host, allowedHosts);
  /** @type {Map<string, StreamableHTTPServerTransport>} */
  const sessions = new Map();

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

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const transport = sessions.get(sessionId);
      if (!transport) return reject(res, 404, -32001, `Session not found: ${sessionId}; initialize a new session`);
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      return transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST') return reject(res, 400, -32000, 'Bad Request: No valid session ID provided');
    const body = await readBody(req);
    if (!isInitializeRequest(body)) return reject(res, 400, -32000, 'Bad Request: No valid session ID provided; start with an initialize request');
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await env.createServer().connect(transport);
    await transport.handleRequest(req, res, body);
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
      for (const transport of sessions.values()) await transport.close();
      const closed = new Promise((done) => server.close(() => done(undefined)));
      server.closeAllConnections();
      await closed;
    },
  };
}
