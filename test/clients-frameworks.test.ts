// Agent frameworks as their users run them, against an emitted server over stdio and over HTTP: the
// OpenAI Agents SDK (0.14), the AI SDK 6 MCP client and LangChain's mcp-adapters (1.1) list the
// tools, convert them into the framework's own tools, invoke a read and a write through those, and
// a call with bad arguments comes back with the server's message [SRV-FRAMEWORKS]. No model is
// needed: each framework's tool object is invoked the way its agent loop would.
import { createMCPClient } from '@ai-sdk/mcp';
import { Experimental_StdioMCPTransport as AiStdioTransport } from '@ai-sdk/mcp/mcp-stdio';
import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import { getAllMcpTools, MCPServerStdio, MCPServerStreamableHttp, RunContext, type FunctionTool } from '@openai/agents';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsFor } from '../formats/model-apis/index.js';
import { synthWorkspace } from './support/servers.js';

let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  const ws = await synthWorkspace(undefined, 'frameworks');
  dir = ws.dir('ticket-user');
}, 120_000);

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

/** The server over Streamable HTTP on a free port; resolves with its URL once it listens. */
async function httpServer(...flags: string[]): Promise<string> {
  const child = spawn(process.execPath, [join(dir, 'index.js'), '--http', '--port', '0', '--db', ':memory:', ...flags], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = /(http:\/\/\S+\/mcp)/.exec(text)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
  });
}

const stdioArgs = () => [join(dir, 'index.js'), '--db', ':memory:'];
const TRANSPORTS = ['stdio', 'http'] as const;

/** What every framework must show: the tool names, a read, a write, and the server's refusal. */
const EXPECTED_TOOLS = ['close_ticket', 'create_ticket', 'edit_ticket', 'get_ticket', 'get_user_tickets', 'resolve_ticket'];
const MISSING = /ticket_id: no ticket with id 9999/;

/** The text an Agents SDK function tool hands its model: a string, or a `{type: 'text', text}` item. */
async function agentsOutput(tool: FunctionTool, args: Record<string, unknown>): Promise<string> {
  const out = (await tool.invoke(new RunContext({}), JSON.stringify(args))) as unknown;
  if (typeof out === 'string') return out;
  const items = (Array.isArray(out) ? out : [out]) as { text?: string }[];
  return items.map((item) => item.text ?? '').join('');
}

describe('OpenAI Agents SDK 0.14 [SRV-FRAMEWORKS]', () => {
  it.each(TRANSPORTS)('[SRV-FRAMEWORKS] over %s: MCP tools become function tools that read, write and relay the server\'s refusal', async (transport) => {
    const server = transport === 'stdio' ? new MCPServerStdio({ name: 'tickets', command: process.execPath, args: stdioArgs() }) : new MCPServerStreamableHttp({ name: 'tickets', url: await httpServer() });
    await server.connect();
    try {
      const tools = (await getAllMcpTools({ mcpServers: [server], convertSchemasToStrict: false })) as FunctionTool[];
      expect(tools.map((t) => t.name).sort()).toEqual(EXPECTED_TOOLS);
      const byName = new Map(tools.map((t) => [t.name, t]));
      const read = JSON.parse(await agentsOutput(byName.get('get_ticket')!, { ticket_id: 3 })) as { id: number };
      expect(read.id).toBe(3);
      const written = JSON.parse(await agentsOutput(byName.get('create_ticket')!, { title: 'Printer on fire' })) as { title: string; id: number };
      expect(written).toMatchObject({ title: 'Printer on fire' });
      const again = JSON.parse(await agentsOutput(byName.get('get_ticket')!, { ticket_id: written.id }));
      expect(again).toMatchObject({ id: written.id, title: 'Printer on fire' });
      expect(await agentsOutput(byName.get('get_ticket')!, { ticket_id: 9999 })).toMatch(MISSING);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('[SRV-FRAMEWORKS] with --strict-schemas, the SDK\'s strict conversion keeps every tool strict, and null means not given', async () => {
    const server = new MCPServerStdio({ name: 'tickets', command: process.execPath, args: [...stdioArgs(), '--strict-schemas'] });
    await server.connect();
    try {
      const listed = await server.listTools();
      // What the server lists is strict-ready already: the SDK's conversion has nothing to rewrite.
      for (const tool of listed) expect(problemsFor('openai-strict', { name: tool.name, inputSchema: tool.inputSchema as Record<string, unknown> }), tool.name).toEqual([]);
      const tools = (await getAllMcpTools({ mcpServers: [server], convertSchemasToStrict: true })) as FunctionTool[];
      expect(tools.every((t) => t.strict)).toBe(true);
      for (const tool of tools) expect(tool.parameters, tool.name).toEqual(listed.find((l) => l.name === tool.name)!.inputSchema);
      const create = tools.find((t) => t.name === 'create_ticket')!;
      const made = JSON.parse(await agentsOutput(create, { title: 'Strict ticket', description: null, priority: null }));
      expect(made).toMatchObject({ title: 'Strict ticket' });
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('AI SDK 6 MCP client [SRV-FRAMEWORKS]', () => {
  it.each(TRANSPORTS)('[SRV-FRAMEWORKS] over %s: client.tools() are AI SDK tools that read, write and relay the server\'s refusal', async (transport) => {
    const client = await createMCPClient({
      transport: transport === 'stdio' ? new AiStdioTransport({ command: process.execPath, args: stdioArgs() }) : { type: 'http', url: await httpServer() },
    });
    try {
      const tools = await client.tools();
      expect(Object.keys(tools).sort()).toEqual(EXPECTED_TOOLS);
      const options = { toolCallId: 'call-1', messages: [] };
      type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { text: string }[] };
      const run = async (name: string, args: Record<string, unknown>) => (await tools[name]!.execute!(args, options)) as unknown as Result;
      expect((await run('get_ticket', { ticket_id: 3 })).structuredContent).toMatchObject({ id: 3 });
      const written = await run('create_ticket', { title: 'Printer on fire' });
      expect(written.isError).toBeFalsy();
      expect(written.structuredContent).toMatchObject({ title: 'Printer on fire' });
      const refused = await run('get_ticket', { ticket_id: 9999 });
      expect(refused.isError).toBe(true);
      expect(refused.content[0]!.text).toMatch(MISSING);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('LangChain mcp-adapters 1.1 [SRV-FRAMEWORKS]', () => {
  it.each(TRANSPORTS)('[SRV-FRAMEWORKS] over %s: getTools() are LangChain tools that read, write and relay the server\'s refusal', async (transport) => {
    const connection = transport === 'stdio' ? { transport: 'stdio' as const, command: process.execPath, args: stdioArgs() } : { transport: 'http' as const, url: await httpServer() };
    const client = new MultiServerMCPClient({ mcpServers: { tickets: connection }, throwOnLoadError: true, prefixToolNameWithServerName: false });
    try {
      const tools = await client.getTools();
      expect(tools.map((t) => t.name).sort()).toEqual(EXPECTED_TOOLS);
      const byName = new Map(tools.map((t) => [t.name, t]));
      const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
      expect(text(await byName.get('get_ticket')!.invoke({ ticket_id: 3 }))).toMatch(/"id":3/);
      expect(text(await byName.get('create_ticket')!.invoke({ title: 'Printer on fire' }))).toMatch(/"title":"Printer on fire"/);
      // LangChain raises a tool error as an exception carrying the server's text.
      const refusal = await byName.get('get_ticket')!.invoke({ ticket_id: 9999 }).then(text, (error: unknown) => String(error));
      expect(refusal).toMatch(MISSING);
    } finally {
      await client.close();
    }
  }, 60_000);
});
