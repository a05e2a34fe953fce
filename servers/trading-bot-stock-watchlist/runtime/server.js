// @ts-check
// The MCP server of a domain: its tools as the domain's listing gives them (portable or OpenAI-strict
// input schemas, output schemas, titles, annotations); each call handed to the environment, which
// checks it against the contract and runs it in one transaction.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

/** @typedef {import('./environment.js').Environment} Environment */

/**
 * A new MCP server over `env`'s state. Several servers (one per HTTP session) may share one env.
 * @param {Environment} env
 * @returns {McpServer}
 */
export function createMcpServer(env) {
  const { contract, version } = env.domain;
  const server = new McpServer(
    { name: contract.package, title: contract.title, version },
    {
      capabilities: { logging: {} },
      instructions: `${contract.description} Every tool reads or changes this server's own database; nothing reaches a real API.`,
    },
  );
  // tools/list is the domain's listing, computed once and shared by every server and session
  // (the SDK would convert every zod schema again on every request); tools/call reads the
  // arguments back from that listing and runs them in one transaction.
  const listing = env.domain.listing(env.strictSchemas);
  server.server.registerCapabilities({ tools: { listChanged: false } });
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listing.tools }));
  server.server.setRequestHandler(CallToolRequestSchema, (request) => /** @type {any} */ (env.call(request.params.name, request.params.arguments)));
  return server;
}
