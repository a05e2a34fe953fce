#!/usr/bin/env node
// @ts-check
// `node relay.js URL`: an MCP stdio server that relays every message to the Streamable HTTP
// endpoint at URL. The harness hands it to external agents that only speak stdio (mcpConfig: stdio),
// so their calls still pass the episode's recorded HTTP front.
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: relay.js URL (the episode\'s MCP endpoint)\n');
  process.exit(2);
}
const remote = new StreamableHTTPClientTransport(new URL(url));
const local = new StdioServerTransport();
local.onmessage = (/** @type {import('@modelcontextprotocol/sdk/types.js').JSONRPCMessage} */ message) => void remote.send(message).catch((error) => process.stderr.write(`relay: ${error}\n`));
remote.onmessage = (/** @type {import('@modelcontextprotocol/sdk/types.js').JSONRPCMessage} */ message) => void local.send(message);
remote.onerror = (/** @type {Error} */ error) => process.stderr.write(`relay: ${error.message}\n`);
const stop = () => void remote.close().finally(() => process.exit(0));
local.onclose = stop;
process.stdin.once('end', stop);
await remote.start();
await local.start();
