// The openai agent: any OpenAI-compatible /chat/completions endpoint with tools. The domain's MCP
// tools are sent as function definitions (names shortened where the endpoint needs it); each reply
// is one assistant message whose tool calls the episode loop makes and answers as tool messages.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Message } from '../../formats/trajectory.js';
import type { Task } from '../../formats/task.js';
import { AgentFailure, type AgentCall, type SteppedAgent } from './agent.js';
import { ChatError, type ChatEndpoint, complete } from './chat-client.js';
import { toolNames, type ToolNames } from './tool-names.js';

/** Sampling options passed through to the endpoint. */
export interface Sampling {
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
}

/** The function definitions sent for a domain's MCP tools. */
export function functionDefinitions(tools: Tool[], names: ToolNames): object[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: names.sent.get(tool.name) ?? tool.name, description: tool.description ?? tool.title ?? tool.name, parameters: tool.inputSchema },
  }));
}

/** The conversation as the endpoint gets it: tool names as sent. */
function wire(conversation: Message[], names: ToolNames): object[] {
  return conversation.map((m) => {
    if (!m.tool_calls) return m;
    return { ...m, tool_calls: m.tool_calls.map((c) => ({ ...c, function: { ...c.function, name: names.sent.get(c.function.name) ?? c.function.name } })) };
  });
}

/** An openai agent for one episode. */
export function openaiEpisode(endpoint: ChatEndpoint, definitions: object[], names: ToolNames, sampling: Sampling, seed: number, _task: Task): SteppedAgent {
  let turn = 0;
  return {
    kind: 'stepped',
    async next(conversation, signal) {
      turn++;
      const body: Record<string, unknown> = { messages: wire(conversation, names), tools: definitions, seed };
      if (sampling.temperature !== null) body.temperature = sampling.temperature;
      if (sampling.topP !== null) body.top_p = sampling.topP;
      if (sampling.maxTokens !== null) body.max_tokens = sampling.maxTokens;
      let reply;
      try {
        reply = await complete(endpoint, body, signal);
      } catch (error) {
        if (error instanceof ChatError) throw new AgentFailure(`agent model ${endpoint.model}: ${error.message}`);
        throw error;
      }
      const calls: AgentCall[] = reply.toolCalls.map((call, index) => {
        const sentName = String(call.function?.name ?? '');
        const name = names.server.get(sentName);
        const args = call.function?.arguments;
        // Some endpoints send arguments as an object, and Ollama may send no call id.
        return {
          id: call.id ?? `call_${turn}_${index + 1}`,
          name: name ?? sentName,
          arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args),
          ...(name === undefined ? { unknown: true } : {}),
        };
      });
      return { content: reply.content, calls, turn: { by: 'agent', finishReason: reply.finishReason, usage: reply.usage, retries: reply.retries } };
    },
  };
}

export { toolNames };
