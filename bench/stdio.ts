// An MCP server as a client sees it: spawned over stdio and spoken to with the SDK Client.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { existsSync, readFileSync } from 'node:fs';

/** A connected stdio server. */
export interface StdioServer {
  client: Client;
  /** The server process's id. */
  pid: number;
  /** What it wrote on stderr so far. */
  stderr(): string;
  /** Close the session; the server exits when its stdin ends. */
  close(): Promise<void>;
}

/** The environment a child gets: StdioClientTransport passes only a handful of variables unless told. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

/** Spawn `node script ...args` and connect the SDK client to it over stdio. */
export async function startStdio(script: string, args: string[], env: Record<string, string> = childEnv()): Promise<StdioServer> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [script, ...args], env, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (chunk: Buffer) => void (err = (err + chunk.toString('utf8')).slice(-4000)));
  const client = new Client({ name: 'agentscaler-bench', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`node ${script} did not start an MCP session (${error instanceof Error ? error.message : String(error)}): ${err.trim().slice(-500)}`, { cause: error });
  }
  return { client, pid: transport.pid ?? -1, stderr: () => err, close: () => client.close() };
}

/** Resident and peak resident memory of a live process in MB, from /proc (null off Linux). */
export function processMemoryMb(pid: number): { rss: number; peak: number } | null {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) return null;
  const status = readFileSync(path, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
