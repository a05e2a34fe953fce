// The HTTP front of an episode: an external agent cannot reach an in-memory server or the harness's
// stdio pipe, so the episode is served at its own Streamable HTTP URL on 127.0.0.1. Every session
// the agent opens is multiplexed onto the one recorded connection to the episode's server (request
// ids renumbered, initialize answered once), so its calls are recorded whatever client it uses.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializeRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { EpisodeEndpoint } from '../agents/agent.js';

type Id = string | number;

const reject = (res: ServerResponse, status: number, message: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? undefined : JSON.parse(text);
}

/** The relay an `mcpConfig: stdio` agent starts: stdio on its side, this front's URL on ours. */
export const RELAY = fileURLToPath(new URL('./relay.js', import.meta.url));

/** Serve the connection `backend` (started here) at a fresh 127.0.0.1 URL until `close`. */
export async function serveEpisode(backend: Transport, serverName: string, mcpConfig: 'http' | 'stdio'): Promise<{ endpoint: EpisodeEndpoint; close(): Promise<void> }> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const inFlight = new Map<Id, { session: StreamableHTTPServerTransport; id: Id }>();
  let nextId = 0;
  let initialized: Promise<JSONRPCMessage> | null = null;
  let resolveInit!: (message: JSONRPCMessage) => void;
  let initId: Id | null = null;

  backend.onmessage = (message) => {
    if ('id' in message && message.id !== undefined && !('method' in message)) {
      if (message.id === initId) return resolveInit(message);
      const origin = inFlight.get(message.id);
      if (!origin) return;
      inFlight.delete(message.id);
      void origin.session.send({ ...message, id: origin.id } as JSONRPCMessage, { relatedRequestId: origin.id }).catch(() => undefined);
      return;
    }
    // Notifications from the server (logging) go to every session.
    for (const session of sessions.values()) void session.send(message).catch(() => undefined);
  };
  await backend.start();

  const fromClient = async (session: StreamableHTTPServerTransport, message: JSONRPCMessage) => {
    if (!('method' in message)) return;
    if ('id' in message && message.id !== undefined) {
      if (message.method === 'initialize') {
        // The first session's initialize reaches the server; later ones get the same answer.
        if (!initialized) {
          initialized = new Promise((resolve) => (resolveInit = resolve));
          initId = `init-${randomUUID()}`;
          await backend.send({ ...message, id: initId } as JSONRPCMessage);
        }
        const answer = await initialized;
        await session.send({ ...answer, id: message.id } as JSONRPCMessage, { relatedRequestId: message.id });
        return;
      }
      const id = ++nextId;
      inFlight.set(id, { session, id: message.id });
      await backend.send({ ...message, id } as JSONRPCMessage);
      return;
    }
    if (message.method === 'notifications/initialized') {
      if (sessions.size > 1) return;
    } else if (message.method === 'notifications/cancelled') {
      const target = (message.params as { requestId?: Id } | undefined)?.requestId;
      const mapped = [...inFlight.entries()].find(([, o]) => o.session === session && o.id === target)?.[0];
      if (mapped === undefined) return;
      await backend.send({ ...message, params: { ...message.params, requestId: mapped } } as JSONRPCMessage);
      return;
    }
    await backend.send(message);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/mcp') return reject(res, 404, `nothing at ${url.pathname}; the MCP endpoint is /mcp`);
    // DNS-rebinding protection: only this machine's own names.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return reject(res, 403, `Invalid Host header: ${req.headers.host ?? '(none)'}`);
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) return reject(res, 404, `Session not found: ${sessionId}`);
      return session.handleRequest(req, res, req.method === 'POST' ? await readBody(req) : undefined);
    }
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    if (!isInitializeRequest(body)) return reject(res, 400, 'Bad Request: start with an initialize request');
    const session: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, session),
    });
    session.onmessage = (message) => void fromClient(session, message).catch(() => undefined);
    session.onclose = () => {
      if (session.sessionId) sessions.delete(session.sessionId);
    };
    await session.start();
    await session.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      reject(res, 500, error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, fail) => {
    http.once('error', fail);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as { port: number };
  const url = `http://127.0.0.1:${port}/mcp`;
  const config = mcpConfig === 'http' ? { mcpServers: { [serverName]: { type: 'http', url } } } : { mcpServers: { [serverName]: { command: process.execPath, args: [RELAY, url] } } };
  let closed = false;
  return {
    endpoint: { url, config, serverName },
    async close() {
      if (closed) return;
      closed = true;
      for (const session of sessions.values()) await session.close().catch(() => undefined);
      const done = new Promise((resolve) => http.close(() => resolve(undefined)));
      http.closeAllConnections();
      await done;
    },
  };
}
