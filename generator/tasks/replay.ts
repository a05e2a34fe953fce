// Replaying gold calls the way an agent makes them: an MCP SDK Client talking to the emitted
// server's own MCP server (in memory, no process), so a task is kept only if the protocol path —
// argument validation, the server's handler, structuredContent — reproduces its final state.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Environment } from '../../templates/runtime/environment.js';
import type { GoldCall } from '../../formats/task.js';

/** One client–server session over one environment, replaying many call lists from one start state. */
export class Replayer {
  private constructor(
    private readonly env: Environment,
    private readonly server: McpServer,
    private readonly client: Client,
  ) {}

  /** Connect a client to `env`'s MCP server. The replayer owns `env` from now on. */
  static async open(env: Environment): Promise<Replayer> {
    const server = env.createServer();
    const client = new Client({ name: 'agentscaler-replay', version: '1.0.0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await client.connect(clientSide);
    return new Replayer(env, server, client);
  }

  /**
   * Replay `gold` from the state the environment was opened on; the final digest, or null if a
   * call failed. The calls run inside a transaction rolled back afterwards (each tool call is a
   * savepoint in it), which is that start state again without reopening it: a reopened state
   * would compile every statement anew for each task.
   */
  async digestAfter(gold: GoldCall[]): Promise<string | null> {
    this.env.db.exec('BEGIN');
    try {
      for (const call of gold) {
        const result = await this.client.callTool({ name: call.tool, arguments: call.arguments });
        if (result.isError) return null;
      }
      return this.env.digest();
    } finally {
      this.env.db.exec('ROLLBACK');
    }
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.server.close();
    this.env.close();
  }
}
