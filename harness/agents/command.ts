// The command agent: any external MCP-capable agent process. Each agent turn is one run of
// `sh -c CMD` in a process group of its own, given (README "command agents" documents it):
//   stdin                       the user's message for this turn
//   AGENTSCALER_MCP_CONFIG      a file with the `mcpServers` JSON for the episode's server
//   AGENTSCALER_MCP_URL         the episode's Streamable HTTP URL
//   AGENTSCALER_CONVERSATION    a file with the user/assistant text so far ([{role, content}])
//   AGENTSCALER_SYSTEM_PROMPT   the system prompt, AGENTSCALER_TASK the task id, AGENTSCALER_TURN 1, 2, …
// Its stdout is its answer; a non-zero exit is an agent_error. When the user writes back, CMD runs
// again on the same server state. On timeout or a stopped run the whole group is killed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '../../formats/task.js';
import { killGroup } from '../hosts/stdio-child.js';
import { AgentFailure, type EpisodeEndpoint, type ExternalAgent, type ExternalTurn } from './agent.js';

/** Largest answer kept from an agent's stdout. */
const MAX_OUTPUT = 1024 * 1024;

/** A command agent for one episode. */
export function commandEpisode(command: string, task: Task, endpoint: EpisodeEndpoint, systemPrompt: string): ExternalAgent {
  const folder = mkdtempSync(join(tmpdir(), 'agentscaler-agent-'));
  const configFile = join(folder, 'mcp.json');
  writeFileSync(configFile, `${JSON.stringify(endpoint.config, null, 2)}\n`);
  const running = new Set<number>();
  return {
    kind: 'external',
    turn(input: ExternalTurn) {
      const conversationFile = join(folder, `conversation-${input.turn}.json`);
      writeFileSync(conversationFile, JSON.stringify(input.conversation));
      return new Promise<string>((resolve, reject) => {
        const child = spawn('sh', ['-c', command], {
          detached: true,
          stdio: ['pipe', 'pipe', 'pipe'],
          env: {
            ...process.env,
            AGENTSCALER_MCP_CONFIG: configFile,
            AGENTSCALER_MCP_URL: endpoint.url,
            AGENTSCALER_SERVER: endpoint.serverName,
            AGENTSCALER_CONVERSATION: conversationFile,
            AGENTSCALER_SYSTEM_PROMPT: systemPrompt,
            AGENTSCALER_TASK: task.id,
            AGENTSCALER_TURN: String(input.turn),
          },
        });
        const pid = child.pid!;
        running.add(pid);
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => (out = (out + chunk.toString('utf8')).slice(0, MAX_OUTPUT)));
        child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-2000)));
        child.stdin.on('error', () => undefined);
        child.stdin.end(input.message);
        const stop = () => killGroup(pid);
        input.signal.addEventListener('abort', stop, { once: true });
        child.once('error', (error) => reject(new AgentFailure(`cannot start the agent command (${error.message})`)));
        child.once('close', (code, signal) => {
          input.signal.removeEventListener('abort', stop);
          // Whatever the agent left running goes with its group.
          killGroup(pid);
          running.delete(pid);
          if (code === 0) resolve(out.trim());
          else reject(new AgentFailure(`the agent command ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${err.trim() ? `: ${err.trim().split('\n').pop()}` : ''}`));
        });
      });
    },
    async dispose() {
      for (const pid of running) killGroup(pid);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
