// The tools of a domain as its server lists them over MCP, read once per domain: every episode's
// server is the same package, so what an agent is sent is computed once and reused.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Task } from '../../formats/task.js';
import { episodeClient } from '../episode/client.js';
import type { Host } from '../hosts/host.js';

/** tools/list of a server the host opens for `task` (then closed). */
export async function listTools(host: Host, task: Task): Promise<Tool[]> {
  const server = await host.open(task);
  const client = episodeClient();
  try {
    await client.connect(server.transport);
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  } finally {
    await client.close().catch(() => undefined);
    await server.dispose();
  }
}
