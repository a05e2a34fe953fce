// MCP tool lists to tools: a saved `tools/list` result, or a live server started from a command,
// asked for its tools (all pages) and shut down.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parseCommandString } from 'execa';
import { UserError } from '../errors.js';
import { snakeName } from '../naming.js';
import type { Extraction } from './extraction.js';
import { type RawTool, ToolListReader } from './functions.js';
import type { SchemaLimits } from './schema.js';

/** A live MCP server that could not be started or listed; the message says what to check. */
export class McpServerError extends UserError {}

/** How long a live server gets to start and list its tools. */
const LIST_TIMEOUT_MS = 60_000;

/** Spawn `command`, list every tool it offers, and close it. */
export async function listLiveTools(command: string): Promise<{ serverName: string | undefined; tools: unknown[] }> {
  const [file, ...args] = parseCommandString(command);
  if (!file) throw new McpServerError('the mcp: source needs a command, e.g. mcp:"npx -y @modelcontextprotocol/server-memory"');
  // The SDK passes only a handful of variables by default; a user's server may need the rest.
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const transport = new StdioClientTransport({ command: file, args, env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const client = new Client({ name: 'agentscaler-ingest', version: '0.1.0' });
  const deadline = AbortSignal.timeout(LIST_TIMEOUT_MS);
  try {
    await client.connect(transport, { signal: deadline, timeout: LIST_TIMEOUT_MS });
    const tools: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, { signal: deadline, timeout: LIST_TIMEOUT_MS });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return { serverName: client.getServerVersion()?.name, tools };
  } catch (error) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    throw new McpServerError(
      `could not list the tools of MCP server '${command}': ${(error as Error).message}` +
        (tail ? ` (server stderr: ${tail})` : '') +
        ' — check that the command starts an MCP server on stdio when run by itself',
    );
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Tools of a live MCP server, attributed to the server's own name. */
export async function readLiveServer(command: string, limits?: SchemaLimits): Promise<Extraction> {
  const { serverName, tools } = await listLiveTools(command);
  const provider = snakeName(serverName ?? command, 48, 'mcp');
  const label = `mcp:${command}`;
  const entries: RawTool[] = tools.map((value, i) => ({ value, pointer: `tools/list#/${i}` }));
  return new ToolListReader('mcp', label, provider, label, limits).read(entries);
}
