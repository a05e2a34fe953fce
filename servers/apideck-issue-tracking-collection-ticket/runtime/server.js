// @ts-check
// The MCP server of a domain: every tool registered with its zod input and output schemas, title
// and annotations; each call handed to the environment, which runs it in one transaction.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

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
  for (const tool of env.domain.tools.values()) {
    const { name, title, description, annotations } = tool.contract;
    server.registerTool(
      name,
      { title, description, inputSchema: tool.input, outputSchema: tool.output, annotations },
      // The SDK has already checked the arguments against tool.input.
      (args) => /** @type {any} */ (env.run(name, args)),
    );
  }
  return server;
}
