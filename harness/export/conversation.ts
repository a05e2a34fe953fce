// A recorded episode as every export format needs it: the system prompt, the turns with tool
// names as the agent saw them, and which assistant turns are worth learning from. A turn whose call
// failed (arguments that did not parse, an unknown tool, a tool error) is not: the agent corrected
// it later (or the task passed without it), and a model should learn the correction, not the slip.
import type { Json } from '../../formats/toolspec.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import type { ToolSet } from './tools.js';

/** One tool call of an assistant turn. */
export interface ExportCall {
  id: string;
  /** The name the agent saw. */
  name: string;
  /** The arguments as the agent wrote them (JSON text). */
  arguments: string;
  /** The arguments parsed, or null when they are not a JSON object. */
  parsed: Record<string, Json> | null;
}

/** One turn of an exported conversation. */
export type Turn =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; calls: ExportCall[]; trained: boolean }
  | { role: 'tool'; callId: string; name: string; content: string };

/** An episode ready to be written in any format. */
export interface Conversation {
  system: string | null;
  turns: Turn[];
  tools: ToolSet;
}

/** Episode errors that mark the call they concern as failed. */
const FAILED_CALL = new Set(['bad_arguments', 'unknown_tool', 'tool_error']);

function parseArguments(text: string): Record<string, Json> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, Json>) : null;
  } catch {
    return null;
  }
}

/** Indexes into `messages` of the assistant turns with a failed call. */
function failedTurns(line: TrajectoryV2): Set<number> {
  const turnOfCall = new Map<string, number>();
  line.messages.forEach((m, i) => m.tool_calls?.forEach((c) => turnOfCall.set(c.id, i)));
  const failed = new Set<number>();
  for (const call of line.calls) if (call.isError && call.id !== undefined && turnOfCall.has(call.id)) failed.add(turnOfCall.get(call.id)!);
  for (const error of line.errors) {
    if (!FAILED_CALL.has(error.kind)) continue;
    const message = line.messages[error.message];
    if (message?.role === 'assistant') failed.add(error.message);
    else if (message?.role === 'tool' && message.tool_call_id !== undefined && turnOfCall.has(message.tool_call_id)) failed.add(turnOfCall.get(message.tool_call_id)!);
  }
  return failed;
}

/** The conversation of `line`, with `tools` (the tools its agent saw). */
export function conversationOf(line: TrajectoryV2, tools: ToolSet): Conversation {
  const failed = failedTurns(line);
  const sentName = (name: string) => tools.sent.get(name) ?? name;
  const callName = new Map<string, string>();
  let system: string | null = null;
  const turns: Turn[] = [];
  line.messages.forEach((m, i) => {
    if (m.role === 'system') {
      system = system === null ? (m.content ?? '') : `${system}\n\n${m.content ?? ''}`;
    } else if (m.role === 'user') {
      turns.push({ role: 'user', content: m.content ?? '' });
    } else if (m.role === 'assistant') {
      const calls = (m.tool_calls ?? []).map((c) => {
        callName.set(c.id, sentName(c.function.name));
        return { id: c.id, name: sentName(c.function.name), arguments: c.function.arguments, parsed: parseArguments(c.function.arguments) };
      });
      turns.push({ role: 'assistant', content: m.content, calls, trained: !failed.has(i) });
    } else {
      const id = m.tool_call_id ?? '';
      turns.push({ role: 'tool', callId: id, name: callName.get(id) ?? '', content: m.content ?? '' });
    }
  });
  // Nothing after the agent's last turn is learnt from (a user's last word, a result never read).
  let last = turns.length;
  while (last > 0 && turns[last - 1]!.role !== 'assistant') last--;
  return { system, turns: turns.slice(0, last), tools };
}

/** Whether every call of the conversation has arguments that are a JSON object (formats that hold arguments as objects need it). */
export const argumentsParse = (conversation: Conversation): boolean => conversation.turns.every((t) => t.role !== 'assistant' || t.calls.every((c) => c.parsed !== null));

/** How many assistant turns are not to be trained on. */
export const untrainedTurns = (conversation: Conversation): number => conversation.turns.filter((t) => t.role === 'assistant' && !t.trained).length;
