// The command agent: an external process with a real MCP SDK client, given an mcpServers config
// for its episode (a Streamable HTTP URL on 127.0.0.1, or a stdio relay command). Its calls are
// recorded server-side, its stdout is its answer, and a hung one is killed with its process group.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import { rollout } from '../harness/run/rollout.js';
import { goldAnswer } from '../harness/verify/gold.js';
import { runLines, runOptions, taskWorkspace, tasksOf } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { REPO, tempDir } from './support/workspace.js';

let built: SynthWorkspace;
let tickets: Task[];
let plan: string;
beforeAll(async () => {
  built = await taskWorkspace('rollout-command');
  tickets = tasksOf(built.dir('ticket-user'));
  plan = join(tempDir('plan'), 'plan.json');
  writeFileSync(plan, JSON.stringify(Object.fromEntries(tickets.map((t) => [t.id, { calls: t.gold.map((g) => ({ tool: g.tool, arguments: g.arguments })), answer: goldAnswer(t) }]))));
}, 120_000);

const AGENT = `node ${join(REPO, 'test', 'support', 'mcp-agent.mjs')}`;

async function run(env: Record<string, string>, overrides: Parameters<typeof runOptions>[1] = {}, concurrency = 3) {
  const saved = { ...process.env };
  Object.assign(process.env, { AGENT_PLAN: plan, ...env });
  try {
    const out = join(tempDir('command'), 'run');
    const result = await rollout({ options: runOptions(built.ws, { agent: 'command', command: AGENT, tasks: 'ticket-user/*', ...overrides }), out, resume: false, concurrency, systemPrompt: null, commandLine: [] });
    return { lines: runLines(out), result };
  } finally {
    process.env = saved;
  }
}

/** Processes whose command line holds `marker`. */
function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('command agents', () => {
  it('[AGENT-COMMAND] an external SDK client reached over the episode\'s HTTP URL plays the gold calls: recorded server-side, its stdout the answer, every ticket task passes', async () => {
    const { lines, result } = await run({});
    expect(lines).toHaveLength(tickets.length);
    for (const line of lines) {
      const task = tickets.find((t) => t.id === line.task)!;
      expect(line).toMatchObject({ agent: `command:${AGENT}`, end: { reason: 'user_stop' }, finalDigest: task.goldDigest, verdict: { pass: true } });
      expect(line.calls.map((c) => [c.tool, c.arguments])).toEqual(task.gold.map((g) => [g.tool, g.arguments]));
      expect(line.messages.at(-1)).toEqual({ role: 'assistant', content: goldAnswer(task) });
      expect(line.tools?.variant).toBe('mcp');
    }
    expect(result.summary.pass1).toBe(1);
  });

  it('[AGENT-COMMAND] with --mcp-config stdio the agent starts the relay command from its config and its calls still pass the recorded front', async () => {
    const { lines } = await run({}, { mcpConfig: 'stdio', limit: 3 });
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatchObject({ end: { reason: 'user_stop' }, verdict: { pass: true } });
    expect(lines.every((l) => l.calls.length > 0)).toBe(true);
  });

  it('[AGENT-COMMAND] a command agent speaks to the user across turns: it is run again with the user\'s reply on the same server state', async () => {
    const { lines } = await run({ AGENT_MODE: 'ask' }, { limit: 2 });
    for (const line of lines) {
      expect(line.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
      expect(line.messages[2]!.content).toBe('Which ticket do you mean?');
      expect(line.verdict?.pass).toBe(true);
    }
  });

  it('[AGENT-COMMAND] an agent command that exits non-zero ends its episode as agent_error with its last stderr line', async () => {
    const { lines } = await run({ AGENT_MODE: 'fail' }, { limit: 1 });
    expect(lines[0]!.end).toEqual({ reason: 'agent_error', detail: 'the agent command exited with code 3: agent: giving up' });
  });

  it('[FAULT-HUNG-AGENT] a hung agent command is killed at --timeout with its whole process group: no orphan is left', async () => {
    const marker = `agentscaler-hung-${process.pid}-${Date.now()}`;
    // The marker is in the agent's own command line and in its grandchild's (node -e … MARKER);
    // while the agents hang, count them, so the check after is not vacuous.
    let seen = 0;
    const poll = setInterval(() => (seen = Math.max(seen, processesWith(marker).length)), 100);
    const { lines } = await run({ AGENT_MODE: 'hang', AGENT_MARKER: marker }, { limit: 3, timeout: 1.5, command: `${AGENT} ${marker}` }, 3);
    expect(lines.map((l) => l.end.reason)).toEqual(['timeout', 'timeout', 'timeout']);
    // The agents and their grandchildren went with their groups.
    await new Promise((r) => setTimeout(r, 200));
    clearInterval(poll);
    expect(seen).toBeGreaterThanOrEqual(6);
    expect(processesWith(marker)).toEqual([]);
  });
});
