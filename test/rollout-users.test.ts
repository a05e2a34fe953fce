// Simulated users: the scripted user answers a question with its fixed reply and stops when the
// agent answers; the llm user is a chat model playing the task's persona with the guideline prompt,
// seeing only the agent's words; its failures end the episode as user_error, never against the agent.
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import { rollout } from '../harness/run/rollout.js';
import { USER_GUIDELINES } from '../harness/users/guidelines.js';
import { SCRIPTED_REPLY, asksSomething } from '../harness/users/scripted.js';
import { goldAnswer } from '../harness/verify/gold.js';
import { type ChatRequest, type ChatServer, type Reply, startChatServer } from './support/chat-server.js';
import { allTasks, runLines, runOptions, taskWorkspace } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

let built: SynthWorkspace;
let task: Task;
beforeAll(async () => {
  built = await taskWorkspace('rollout-users');
  task = allTasks(built).find((t) => t.requiredOutputs.length > 0)!;
}, 120_000);

const servers: ChatServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function chat(script: (request: ChatRequest, index: number) => Reply) {
  const server = await startChatServer(script, { models: ['agent-model', 'user-model'] });
  servers.push(server);
  return server;
}

/** The agent's side: asks one question first when `ask`, then plays the gold calls and answers. */
const agentScript = (ask: boolean) => (request: ChatRequest): Reply => {
  const users = request.messages.filter((m) => m.role === 'user').length;
  if (ask && users === 1) return { content: 'Before I start: which ticket do you mean?' };
  const call = task.gold[request.messages.filter((m) => m.role === 'tool').length];
  return call ? { toolCalls: [{ name: call.tool, arguments: call.arguments }] } : { content: goldAnswer(task) };
};

async function run(overrides: Parameters<typeof runOptions>[1]) {
  const out = join(tempDir('users'), 'run');
  const result = await rollout({ options: runOptions(built.ws, { tasks: task.id, ...overrides }), out, resume: false, concurrency: 2, systemPrompt: null, commandLine: [] });
  return { lines: runLines(out), result };
}

describe('simulated users', () => {
  it('[USER-SCRIPTED] the scripted user opens with the instruction, answers a question with its fixed reply, and stops when the agent answers', async () => {
    expect(asksSomething('Which ticket do you mean?')).toBe(true);
    expect(asksSomething('Done. The priority is 4.')).toBe(false);
    const agent = await chat(agentScript(true));
    const { lines } = await run({ agent: 'openai', model: 'agent-model', baseUrl: agent.url });
    const line = lines[0]!;
    expect(line.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([task.instruction, SCRIPTED_REPLY]);
    expect(line.end).toEqual({ reason: 'user_stop', userMessage: '###STOP###' });
    expect(line.verdict?.pass).toBe(true);
  });

  it('[USER-LLM] the llm user gets the guideline prompt with the persona and scenario, sees the agent\'s words with roles flipped and no tool traffic, and ends with ###STOP###', async () => {
    const agent = await chat(agentScript(true));
    const user = await chat((request) => {
      const last = request.messages[request.messages.length - 1]!;
      if (request.messages.length === 2) return { content: `Hi, I need help. ${task.instruction.replace(/^You are [^.]+\. /, '')}`, usage: { prompt_tokens: 100, completion_tokens: 20 } };
      if (last.content?.includes('which ticket')) return { content: 'The one in my request, please.', usage: { prompt_tokens: 100, completion_tokens: 20 } };
      return { content: 'Thanks! ###STOP###', usage: { prompt_tokens: 100, completion_tokens: 20 } };
    });
    const { lines, result } = await run({ agent: 'openai', model: 'agent-model', baseUrl: agent.url, user: 'llm', userModel: 'user-model', userBaseUrl: user.url });
    const line = lines[0]!;
    expect(line.user).toBe('llm:user-model');
    expect(line.end).toEqual({ reason: 'user_stop', userMessage: 'Thanks! ###STOP###' });
    expect(line.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([expect.stringMatching(/^Hi, I need help/), 'The one in my request, please.']);
    const system = user.requests[0]!.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toContain(task.instruction);
    expect(system.content).toContain(task.persona.name);
    expect(system.content).toContain(USER_GUIDELINES.split('\n')[0]);
    for (const request of user.requests) {
      expect(request.model).toBe('user-model');
      expect(request.messages.some((m) => m.role === 'tool' || m.tool_calls)).toBe(false);
      // What the user said comes back to it as its own (assistant) turns.
      expect(request.messages.filter((m) => m.role === 'assistant').every((m) => !m.content?.includes('Done.'))).toBe(true);
    }
    expect(user.requests[user.requests.length - 1]!.messages.at(-1)).toEqual({ role: 'user', content: goldAnswer(task) });
    expect(line.usage.user).toEqual({ prompt: 300, completion: 60 });
    expect(result.summary.tokens.user).toEqual({ prompt: 300, completion: 60 });
    expect(line.verdict?.pass).toBe(true);
  });

  it('[USER-ERROR] a user model that fails ends the episode as user_error with no verdict, and pass rates leave it out', async () => {
    const user = await chat(() => ({ status: 400 }));
    const { lines, result } = await run({ agent: 'oracle', user: 'llm', userModel: 'user-model', userBaseUrl: user.url, tasks: `${task.domain}/*`, limit: 2 });
    expect(lines.length).toBe(2);
    for (const line of lines) {
      expect(line.end.reason).toBe('user_error');
      expect(line.end.detail).toMatch(/user model user-model: .*HTTP 400/);
      expect(line.verdict).toBeNull();
    }
    expect(result.summary).toMatchObject({ episodes: 2, graded: 0, pass1: null });
    expect(result.summary.endReasons.user_error).toBe(2);
  });
});
