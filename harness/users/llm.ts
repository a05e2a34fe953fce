// The llm user: an OpenAI-compatible model playing the persona of the task's instruction with the
// guideline prompt of guidelines.ts. It sees only what the agent says, never its tool calls; any
// failure of its own (endpoint down, empty reply) is a user_error, never counted against the agent.
import type { RunOptions } from '../../formats/run.js';
import type { Message } from '../../formats/trajectory.js';
import type { Task } from '../../formats/task.js';
import { ChatError, type ChatEndpoint, complete } from '../agents/chat-client.js';
import { endpointFor } from '../agents/endpoint.js';
import { GREETING, USER_GUIDELINES } from './guidelines.js';
import { STOP, type UserFactory, type UserReply, UserFailure } from './user.js';

/** The user's system prompt for a task. */
export function userPrompt(task: Task): string {
  const persona = `${task.persona.name}, ${task.persona.role}. You are ${task.persona.style}.`;
  return USER_GUIDELINES.replace('{persona}', persona).replace('{scenario}', task.instruction);
}

/** The agent's side of the conversation as the user model sees it: roles flipped, tool traffic left out. */
function userView(task: Task, conversation: Message[]): object[] {
  const out: object[] = [{ role: 'system', content: userPrompt(task) }, { role: 'user', content: GREETING }];
  for (const m of conversation) {
    if (m.role === 'user') out.push({ role: 'assistant', content: m.content ?? '' });
    else if (m.role === 'assistant' && typeof m.content === 'string' && m.content.trim() !== '' && !m.tool_calls?.length) out.push({ role: 'user', content: m.content });
  }
  return out;
}

async function ask(endpoint: ChatEndpoint, messages: object[], seed: number, temperature: number | null, signal: AbortSignal): Promise<UserReply> {
  let reply;
  try {
    reply = await complete(endpoint, { messages, seed, ...(temperature !== null ? { temperature } : {}) }, signal);
  } catch (error) {
    if (error instanceof ChatError) throw new UserFailure(`user model ${endpoint.model}: ${error.message}`);
    throw error;
  }
  const text = (reply.content ?? '').trim();
  if (text === '') throw new UserFailure(`user model ${endpoint.model} answered with no text (finish_reason ${reply.finishReason ?? 'none'})`);
  return { text, stop: text.includes(STOP), turn: { by: 'user', finishReason: reply.finishReason, usage: reply.usage, retries: reply.retries } };
}

/** The llm user of a run. */
export function llmUser(options: RunOptions): UserFactory {
  const endpoint = endpointFor(options, 'user');
  return {
    label: `llm:${endpoint.model}`,
    episode(task: Task, seed: number) {
      // Its own seed: the user's sampling must not mirror the agent's.
      const userSeed = (seed ^ 0x5bd1e995) >>> 1;
      return {
        opening: (signal) => ask(endpoint, userView(task, []), userSeed, options.temperature, signal),
        reply: (conversation, signal) => ask(endpoint, userView(task, conversation), userSeed, options.temperature, signal),
      };
    },
  };
}
