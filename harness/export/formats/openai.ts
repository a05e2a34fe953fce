// OpenAI chat fine-tuning JSONL with tools (platform.openai.com/docs/guides/supervised-fine-tuning,
// "function calling" and "weights"; the FineTuneChatRequestInput schema of the OpenAI API spec):
// `messages`, `tools` (function definitions), `parallel_tool_calls`; assistant tool_calls'
// arguments are JSON strings; `weight` 0 or 1 on assistant messages says which are trained.
import type { ExportFormat } from './format.js';

/** OpenAI's chat fine-tuning lines. */
export const openaiFormat: ExportFormat = {
  name: 'openai',
  weights: true,
  record(conversation) {
    const messages: object[] = conversation.system === null ? [] : [{ role: 'system', content: conversation.system }];
    for (const turn of conversation.turns) {
      if (turn.role === 'user') messages.push({ role: 'user', content: turn.content });
      else if (turn.role === 'tool') messages.push({ role: 'tool', tool_call_id: turn.callId, content: turn.content });
      else if (turn.calls.length === 0) messages.push({ role: 'assistant', content: turn.content ?? '', weight: turn.trained ? 1 : 0 });
      else {
        const toolCalls = turn.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
        messages.push({ role: 'assistant', ...(turn.content ? { content: turn.content } : {}), tool_calls: toolCalls, weight: turn.trained ? 1 : 0 });
      }
    }
    // The agents were allowed several calls per turn (the endpoints' default), so the examples say so.
    return { line: { messages, tools: conversation.tools.definitions, parallel_tool_calls: true } };
  },
};
