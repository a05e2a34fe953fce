// An external agent for `command:` tests: a real MCP SDK client that reads the mcpServers config the
// harness hands it (HTTP URL or stdio command), lists the tools, plays the calls of a plan file for
// its task and prints the answer. AGENT_MODE=hang starts a grandchild and never finishes (timeouts);
// AGENT_MODE=fail exits 3; AGENT_MODE=ask asks the user a question on its first turn.
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const mode = process.env.AGENT_MODE ?? 'play';
if (mode === 'fail') {
  process.stderr.write('agent: giving up\n');
  process.exit(3);
}
if (mode === 'hang') {
  // A grandchild that would outlive a careless harness, marked so the test can count it.
  spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300000)', process.env.AGENT_MARKER ?? 'agentscaler-hung-agent'], { stdio: 'ignore' }).unref();
  setTimeout(() => undefined, 1_000_000);
} else {
  const config = JSON.parse(readFileSync(String(process.env.AGENTSCALER_MCP_CONFIG), 'utf8'));
  const [name, server] = /** @type {[string, any]} */ (Object.entries(config.mcpServers)[0]);
  const transport = server.url ? new StreamableHTTPClientTransport(new URL(server.url)) : new StdioClientTransport({ command: server.command, args: server.args, env: /** @type {Record<string, string>} */ (process.env) });
  const client = new Client({ name: `test-agent-${name}`, version: '1.0.0' });
  await client.connect(transport);
  const conversation = JSON.parse(readFileSync(String(process.env.AGENTSCALER_CONVERSATION), 'utf8'));
  if (mode === 'ask' && conversation.length === 1) {
    process.stdout.write('Which ticket do you mean?\n');
  } else {
    const plan = JSON.parse(readFileSync(String(process.env.AGENT_PLAN), "utf8"))[String(process.env.AGENTSCALER_TASK)];
    const { tools } = await client.listTools();
    for (const call of plan.calls) {
      if (!tools.some((t) => t.name === call.tool)) throw new Error(`no tool ${call.tool}`);
      await client.callTool({ name: call.tool, arguments: call.arguments });
    }
    process.stdout.write(`${plan.answer}\n`);
  }
  await client.close();
}
