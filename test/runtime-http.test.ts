// `index.js --http`: Streamable HTTP sessions over one shared state [SRV-HTTP], and DNS-rebinding refusal [SRV-DNS].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthWorkspace } from './support/servers.js';

let child: ChildProcess | undefined;
let url: URL;
let port: number;

/** Start a package's server with --http on a free port; resolves with the URL it prints on stderr. */
function startHttp(dir: string, extra: string[] = []): Promise<{ process: ChildProcess; url: URL }> {
  const proc = spawn(process.execPath, [join(dir, 'index.js'), '--http', '--port', '0', '--db', ':memory:', ...extra], { env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /: \d+ tools at (http:\/\/127\.0\.0\.1:\d+\/mcp) \(state: in memory\)/.exec(err);
      if (m) resolve({ process: proc, url: new URL(m[1]!) });
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${err}`)));
  });
}

let packageDir: string;
beforeAll(async () => {
  const ws = await synthWorkspace(undefined, 'rt-http');
  packageDir = ws.dir('ticket-user');
  ({ process: child, url } = await startHttp(packageDir));
  port = Number(url.port);
}, 120_000);

afterAll(async () => {
  if (child) await stop({ process: child });
});

/** An SDK client on the server every test shares. */
function connect(): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  return clientOn(url);
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

/** A raw POST with exactly these headers (fetch cannot set Host, so node:http); a string body is sent as is. */
function post(path: string, headers: Record<string, string>, body: unknown = INITIALIZE, to = port): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: to, path, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => void (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
}

const own = () => ({ host: `127.0.0.1:${port}` });

describe('Streamable HTTP [SRV-HTTP]', () => {
  it('[SRV-HTTP] two sessions get different ids and see each other\'s writes', async () => {
    const a = await connect();
    const b = await connect();
    try {
      expect(a.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(b.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.transport.sessionId).not.toBe(b.transport.sessionId);

      const created = await a.client.callTool({ name: 'create_ticket', arguments: { title: 'Printer on fire', priority: 5 } });
      expect(created.isError).toBeFalsy();
      const id = (created.structuredContent as { id: number }).id;
      expect(id).toBeGreaterThan(12);

      const seen = await b.client.callTool({ name: 'get_ticket', arguments: { ticket_id: id } });
      expect(seen.structuredContent).toMatchObject({ id, title: 'Printer on fire', priority: 5, status: 'open' });

      const closed = await b.client.callTool({ name: 'close_ticket', arguments: { ticket_id: id } });
      expect(closed.isError).toBeFalsy();
      const again = await a.client.callTool({ name: 'close_ticket', arguments: { ticket_id: id } });
      expect(again.isError).toBe(true);
      expect((again.content as { text: string }[])[0]!.text).toBe(`ticket_id: ticket ${id} is already closed; it cannot be closed again`);
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });

  it('[SRV-HTTP] lists the same tools over HTTP as the package declares', async () => {
    const { client } = await connect();
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['close_ticket', 'create_ticket', 'edit_ticket', 'get_ticket', 'get_user_tickets', 'resolve_ticket']);
    } finally {
      await client.close();
    }
  });

  it('[SRV-HTTP] an unknown session id gets 404, a request without one that is not initialize gets 400, other paths 404', async () => {
    const unknown = await post('/mcp', { ...own(), 'mcp-session-id': 'not-a-session' }, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32001, message: expect.stringContaining('not-a-session') } });

    const noSession = await post('/mcp', own(), { jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect(noSession.status).toBe(400);

    const elsewhere = await post('/other', own());
    expect(elsewhere.status).toBe(404);
    expect(JSON.parse(elsewhere.body).error.message).toContain('/mcp');
    const get = await fetch(new URL('/', url));
    expect(get.status).toBe(404);

    const broken = await post('/mcp', own(), '{"jsonrpc": "2.0", ');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ error: { code: -32700, message: 'request body is not JSON' } });
  });
});

/** Stop a server started by startHttp and wait for its exit. */
async function stop(server: { process: ChildProcess }): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((done) => server.process.once('exit', done));
  server.process.kill('SIGTERM');
  await exited;
}

/** An SDK client on `at`. */
async function clientOn(at: URL): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(at);
  const client = new Client({ name: 'runtime-http-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, transport };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('a bounded session map [SRV-SESSIONS]', () => {
  it('[SRV-SESSIONS] with --max-sessions 2 a third initialize gets 503 naming the limit and what to do; closing a session makes room', async () => {
    const server = await startHttp(packageDir, ['--max-sessions', '2']);
    const at = Number(server.url.port);
    const host = { host: `127.0.0.1:${at}` };
    try {
      const a = await clientOn(server.url);
      const b = await clientOn(server.url);
      const third = await post('/mcp', host, INITIALIZE, at);
      expect(third.status).toBe(503);
      expect(third.headers['mcp-session-id']).toBeUndefined();
      expect(JSON.parse(third.body)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: 'this server holds 2 sessions, its limit (--max-sessions): close one (DELETE /mcp with its Mcp-Session-Id), let one sit idle for 1800 s (--session-idle), or start the server with a larger --max-sessions' },
      });
      // The two sessions still work, and a client refused by the cap gets the message from the SDK too.
      expect((await b.client.listTools()).tools.length).toBeGreaterThan(0);
      await expect(clientOn(server.url)).rejects.toThrow(/its limit \(--max-sessions\)/);
      // A session ended by its client (DELETE) frees its place.
      await a.transport.terminateSession();
      await a.client.close();
      const c = await clientOn(server.url);
      expect((await c.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 1 } })).isError).toBeFalsy();
      await b.client.close();
      await c.client.close();
    } finally {
      await stop(server);
    }
  });

  it('[SRV-SESSIONS] with --session-idle a session its client left is closed and told so, while a busy one and one listening for notifications live on', async () => {
    const server = await startHttp(packageDir, ['--session-idle', '1.5', '--max-sessions', '3']);
    const at = Number(server.url.port);
    const host = { host: `127.0.0.1:${at}` };
    try {
      // The SDK client keeps a GET stream open for server notifications: connected, it is never idle.
      const listening = await clientOn(server.url);
      const busy = await clientOn(server.url);
      // A client that initialized and went away without DELETE (crashed, or never closes sessions).
      const left = await post('/mcp', host, INITIALIZE, at);
      expect(left.status).toBe(200);
      const id = String(left.headers['mcp-session-id']);
      // Requests every 200 ms for 3 s (twice the idle limit) keep one session alive.
      for (let i = 0; i < 15; i++) {
        await sleep(200);
        expect((await busy.client.listTools()).tools.length).toBeGreaterThan(0);
      }
      const answer = await post('/mcp', { ...host, 'mcp-session-id': id }, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, at);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body).error).toEqual({ code: -32001, message: `Session ${id} expired after 1.5 s without a request (--session-idle); initialize a new session` });
      expect((await busy.client.listTools()).tools.length).toBeGreaterThan(0);
      expect((await listening.client.listTools()).tools.length).toBeGreaterThan(0);
      // The expired session no longer counts against --max-sessions 3.
      const fresh = await clientOn(server.url);
      expect((await fresh.client.listTools()).tools.length).toBeGreaterThan(0);
      await Promise.all([busy.client.close(), fresh.client.close(), listening.client.close()]);
    } finally {
      await stop(server);
    }
  }, 30_000);

  it('[SRV-SESSIONS] a --max-sessions or --session-idle that is not a positive number exits 2 naming the flag', async () => {
    for (const [flag, value, message] of [
      ['--max-sessions', '0', '--max-sessions must be a whole number of at least 1, not "0"'],
      ['--max-sessions', 'many', '--max-sessions must be a whole number of at least 1, not "many"'],
      ['--session-idle', '0', '--session-idle must be a number of seconds above 0, not "0"'],
      ['--session-idle', 'soon', '--session-idle must be a number of seconds above 0, not "soon"'],
    ]) {
      const proc = spawn(process.execPath, [join(packageDir, 'index.js'), '--http', '--port', '0', '--db', ':memory:', flag!, value!], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      proc.stderr!.on('data', (chunk: Buffer) => void (err += chunk.toString()));
      const code = await new Promise((done) => proc.once('exit', done));
      expect(code, err).toBe(2);
      expect(err).toContain(message);
    }
  });
});

describe('DNS rebinding [SRV-DNS]', () => {
  it('[SRV-DNS] a foreign Host header is refused with 403 before a session exists', async () => {
    const res = await post('/mcp', { host: 'evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers['mcp-session-id']).toBeUndefined();
    expect(JSON.parse(res.body).error.message).toContain('evil.example');

    const withPort = await post('/mcp', { host: `evil.example:${port}` });
    expect(withPort.status).toBe(403);
  });

  it('[SRV-DNS] a foreign Origin is refused with 403 even with the right Host', async () => {
    const res = await post('/mcp', { ...own(), origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers['mcp-session-id']).toBeUndefined();
    expect(JSON.parse(res.body).error.message).toContain('http://evil.example');
  });

  it('[SRV-DNS] the server\'s own Host (and a localhost Origin) initialize a session with 200', async () => {
    const res = await post('/mcp', own());
    expect(res.status).toBe(200);
    expect(res.headers['mcp-session-id']).toEqual(expect.any(String));

    const local = await post('/mcp', { host: `localhost:${port}`, origin: `http://localhost:${port}` });
    expect(local.status).toBe(200);
  });

  it('[SRV-DNS] --allowed-hosts adds the names clients use (a server on 0.0.0.0 reached by the machine\'s name)', async () => {
    const other = await startHttp(packageDir, ['--allowed-hosts', 'agents.example, lab-box']);
    const otherPort = Number(other.url.port);
    try {
      expect((await post('/mcp', { host: `agents.example:${otherPort}` }, INITIALIZE, otherPort)).status).toBe(200);
      expect((await post('/mcp', { host: 'lab-box' }, INITIALIZE, otherPort)).status).toBe(200);
      expect((await post('/mcp', { host: `evil.example:${otherPort}` }, INITIALIZE, otherPort)).status).toBe(403);
    } finally {
      await stop(other);
    }
  });
});
