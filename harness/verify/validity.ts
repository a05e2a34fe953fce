// Validity, the first stage of the funnel: the conversation is well formed (turns alternate, every
// tool call is answered), every call names a listed tool with an object of arguments, and the
// agent is not stuck repeating itself. Tool errors are not invalid: agents may recover from them.
// The reward asks less: the shape, and that every call the server ran was a listed tool with object
// arguments. A malformed or unknown call that never ran (answered as an error) and repetition keep a
// trajectory out of training data, not from its reward.
import type { Message, Trajectory } from '../../formats/trajectory.js';
import { describeCall, isObject } from './arguments.js';
import { repeatedCalls, repeatedNgramShare, words } from './repetition.js';
import type { CheckResult, RepetitionOptions } from './verdict.js';

/** The default repetition thresholds. */
export const REPETITION: Required<RepetitionOptions> = { maxRepeatedCalls: 3, maxNgramShare: 0.5, minWords: 40 };

/** Check a trajectory's validity against the tools the agent was given: every problem, as the funnel sees them. */
export function checkValidity(trajectory: Trajectory, tools: string[], repetition: RepetitionOptions = {}): CheckResult {
  const { shape, unfit } = validityProblems(trajectory, tools, repetition);
  const reasons = [...shape, ...unfit];
  return { applies: true, pass: reasons.length === 0, reasons };
}

/** The validity that decides the reward: the conversation's shape and the calls the server ran. */
export function checkShape(trajectory: Trajectory, tools: string[]): CheckResult {
  const { shape } = validityProblems(trajectory, tools, {});
  return { applies: true, pass: shape.length === 0, reasons: shape };
}

/** Validity problems split by what they cost: `shape` the reward, `unfit` only the place in training data. */
export function validityProblems(trajectory: Trajectory, tools: string[], repetition: RepetitionOptions = {}): { shape: string[]; unfit: string[] } {
  const limits = { ...REPETITION, ...repetition };
  const calls = callProblems(trajectory, new Set(tools));
  return {
    shape: [...turnProblems(trajectory.messages), ...calls.ran],
    unfit: [...calls.recovered, ...repetitionProblems(trajectory, limits)],
  };
}

/** The conversation's shape: system/user first, no two user turns in a row, every tool call answered once, an assistant message last. */
function turnProblems(messages: Message[]): string[] {
  if (messages.length === 0) return ['the trajectory has no messages'];
  const out: string[] = [];
  const first = messages.findIndex((m) => m.role !== 'system');
  if (first === -1) out.push('the trajectory has only system messages');
  else if (messages[first]!.role !== 'user') out.push(`message ${first + 1} is ${article(messages[first]!.role)} message; an episode starts with the system prompt or the user`);
  let i = 0;
  while (i < messages.length) {
    const at = i;
    const message = messages[i++]!;
    if (message.role === 'user' && messages[i]?.role === 'user') out.push(`messages ${at + 1} and ${at + 2} are two user messages in a row`);
    if (message.role === 'tool') out.push(`message ${at + 1} is a tool result (${message.tool_call_id ?? 'no tool_call_id'}) that answers no assistant tool call`);
    const calls = message.role === 'assistant' ? (message.tool_calls ?? []) : [];
    if (calls.length === 0) continue;
    // The tool messages right after an assistant's tool calls answer them, one per call id.
    const pending = new Set<string>();
    for (const call of calls) {
      if (pending.has(call.id)) out.push(`message ${at + 1}: two tool calls share the id ${call.id}`);
      pending.add(call.id);
    }
    for (; messages[i]?.role === 'tool'; i++) {
      const id = messages[i]!.tool_call_id;
      if (id !== undefined && pending.delete(id)) continue;
      out.push(`message ${i + 1} is a tool result for ${id ?? 'no tool_call_id'}, which is no unanswered call of message ${at + 1}`);
    }
    if (pending.size > 0) out.push(`message ${at + 1}: tool call${pending.size > 1 ? 's' : ''} ${[...pending].join(', ')} got no tool result`);
  }
  const last = messages[messages.length - 1]!;
  if (last.role !== 'assistant') out.push(`the episode ends with ${article(last.role)} message, not with the agent's answer`);
  else if (last.tool_calls?.length) out.push('the episode ends with tool calls, not with the agent\'s answer');
  return out;
}

/**
 * Every tool call names a listed tool and carries an object of arguments: those in the messages (as
 * JSON text) and those the server recorded. A message call no successful server call answers never
 * ran (the harness answered it as an error): `recovered`; the rest `ran`.
 */
function callProblems(trajectory: Trajectory, listed: Set<string>): { ran: string[]; recovered: string[] } {
  const ran: string[] = [];
  const recovered: string[] = [];
  const checked = new Map<string, string>();
  const succeeded = new Set(trajectory.calls.filter((c) => !c.isError && c.id !== undefined).map((c) => c.id));
  trajectory.messages.forEach((message, index) => {
    for (const call of message.role === 'assistant' ? (message.tool_calls ?? []) : []) {
      const name = call.function?.name;
      const where = `message ${index + 1}, tool call ${call.id}`;
      const out = succeeded.has(call.id) ? ran : recovered;
      if (!listed.has(name)) out.push(`${where}: ${JSON.stringify(name)} is not a listed tool`);
      const parsed = parseArguments(call.function?.arguments);
      if (typeof parsed === 'string') out.push(`${where} (${name}): ${parsed}`);
      checked.set(call.id, name);
    }
  });
  trajectory.calls.forEach((call, index) => {
    // A recorded call that answers a checked message call was judged there.
    if (call.id !== undefined && checked.get(call.id) === call.tool) return;
    const out = call.isError ? recovered : ran;
    if (!listed.has(call.tool)) out.push(`call ${index + 1}: ${JSON.stringify(call.tool)} is not a listed tool`);
    if (!isObject(call.arguments)) out.push(`call ${index + 1} (${call.tool}): its arguments are ${kindOf(call.arguments)}, not an object`);
  });
  return { ran, recovered };
}

/** The arguments of a message's tool call as an object, or why they are not one. */
export function parseArguments(text: unknown): Record<string, unknown> | string {
  if (typeof text !== 'string') return `its arguments are ${kindOf(text)}, not JSON text`;
  // An empty string is how some endpoints send a call without arguments.
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `its arguments are not JSON (${error instanceof Error ? error.message : String(error)}): ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`;
  }
  return isObject(value) ? value : `its arguments are ${kindOf(value)}, not an object`;
}

const article = (role: Message['role']) => `${role === 'assistant' ? 'an' : 'a'} ${role}`;

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The same call over and over, or assistant text that keeps repeating its phrases. */
function repetitionProblems(trajectory: Trajectory, limits: Required<RepetitionOptions>): string[] {
  const out: string[] = [];
  // The server's record is the truth; an agent whose calls were not recorded is judged by its messages.
  const calls = trajectory.calls.length > 0 ? trajectory.calls : trajectory.messages.flatMap((m) => (m.tool_calls ?? []).map((c) => ({ tool: c.function?.name, arguments: parseArguments(c.function?.arguments) })));
  for (const run of repeatedCalls(calls, limits.maxRepeatedCalls)) {
    out.push(`calls ${run.start + 1}–${run.start + run.length}: ${describeCall(run.tool, run.arguments)} made ${run.length} times in a row (at most ${limits.maxRepeatedCalls} allowed)`);
  }
  trajectory.messages.forEach((message, index) => {
    if (message.role !== 'assistant' || typeof message.content !== 'string') return;
    const tokens = words(message.content);
    if (tokens.length < limits.minWords) return;
    const share = repeatedNgramShare(tokens);
    if (share > limits.maxNgramShare) out.push(`message ${index + 1}: ${Math.round(share * 100)}% of its word 4-grams repeat earlier ones (more than ${Math.round(limits.maxNgramShare * 100)}% allowed)`);
  });
  return out;
}
