// TRL's SFTTrainer conversational language-modeling rows with tool calling (huggingface/trl
// docs/source/dataset_formats.md "Tool Calling", docs/source/sft_trainer.md "Tool Calling with
// SFT"): `messages` where an assistant turn carries `tool_calls` of {type: "function", function:
// {name, arguments}} with arguments as an object, answered by `tool` messages with the tool's
// name; and `tools`, the function definitions as JSON schemas (objects, not strings). The chat
// template renders them; every assistant turn is trained (assistant_only_loss masks the rest).
import { argumentsParse } from '../conversation.js';
import type { ExportFormat } from './format.js';

/** TRL's SFTTrainer lines. */
export const trlFormat: ExportFormat = {
  name: 'trl',
  weights: false,
  record(conversation) {
    if (!argumentsParse(conversation)) return { unfit: 'a call whose arguments are not a JSON object (TRL keeps arguments as objects)' };
    const messages: object[] = conversation.system === null ? [] : [{ role: 'system', content: conversation.system }];
    for (const turn of conversation.turns) {
      if (turn.role === 'user') messages.push({ role: 'user', content: turn.content });
      else if (turn.role === 'tool') messages.push({ role: 'tool', name: turn.name, tool_call_id: turn.callId, content: turn.content });
      else if (turn.calls.length === 0) messages.push({ role: 'assistant', content: turn.content ?? '' });
      else messages.push({ role: 'assistant', content: turn.content ?? '', tool_calls: turn.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.parsed } })) });
    }
    return { line: { messages, tools: conversation.tools.definitions } };
  },
};
