// One episode: user ⇄ agent ⇄ tools until the user stops, the agent answers alone, or a limit is
// hit — exactly one end reason. The loop owns the MCP connection of stepped agents, so every call
// is made (and recorded) the same way whatever the agent; external agents make their own.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { EndReason, EpisodeError, TrajectoryV2 } from '../../formats/trajectory.js';
import { AgentFailure, type AgentCall, type AgentSession, type ExternalAgent, type SteppedAgent } from '../agents/agent.js';
import type { UserSession } from '../users/user.js';
import { UserFailure } from '../users/user.js';
import { capResult } from './cap.js';
import { episodeClient } from './client.js';
import type { RecordingTransport } from './recorder.js';
import { EpisodeState } from './state.js';
import { resultText } from './recorder.js';

/** The limits of an episode. */
export interface Limits {
  maxTurns: number;
  maxErrors: number;
  timeoutMs: number;
  resultCap: number;
}

/** What an episode needs besides its task. */
export interface EpisodeInput {
  systemPrompt: string;
  agent: AgentSession;
  user: UserSession;
  /** The recorded connection to the episode's server. */
  recorder: RecordingTransport;
  /** Resolves with a reason when the server dies. */
  died: Promise<string>;
  limits: Limits;
  /** The run's stop (SIGINT): the episode is abandoned, not recorded. */
  signal: AbortSignal;
}

/** What an episode produced (the trajectory line before its final state and verdict). */
export type EpisodeOutcome = Pick<TrajectoryV2, 'messages' | 'calls' | 'end' | 'truncated' | 'modelTurns' | 'usage' | 'errors'> & { agentMs: number; userMs: number; toolMs: number };

/** Thrown when the run was stopped while the episode was in flight. */
export class EpisodeAbandoned extends Error {}

/** An end of the episode, raised from anywhere in the loop. */
class End extends Error {
  constructor(
    readonly reason: EndReason,
    readonly detail?: string,
  ) {
    super(detail ?? reason);
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Play one episode to its end. */
export async function runEpisode(input: EpisodeInput): Promise<EpisodeOutcome> {
  const { limits, recorder, user } = input;
  const state = new EpisodeState(input.systemPrompt);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), limits.timeoutMs);
  const signal = AbortSignal.any([timeout.signal, input.signal]);
  // A dead server or the timeout ends whatever the loop is waiting for.
  let deadServer: string | null = null;
  void input.died.then((reason) => (deadServer = reason));
  const interrupt = new Promise<never>((_, reject) => {
    void input.died.then((reason) => reject(new End('infra_error', reason)));
    signal.addEventListener('abort', () => reject(input.signal.aborted ? new EpisodeAbandoned('the run was stopped') : new End('timeout', `the episode took longer than ${limits.timeoutMs / 1000} s`)), { once: true });
  });
  interrupt.catch(() => undefined);
  const guard = <T>(work: Promise<T>): Promise<T> => Promise.race([work, interrupt]);
  let client: Client | undefined;
  let end: End;
  try {
    const opening = await state.timed('user', () => guard(user.opening(signal)));
    state.userSaid(opening);
    if (input.agent.kind === 'stepped') {
      client = episodeClient();
      await guard(client.connect(recorder).catch((error: unknown) => Promise.reject(new End('infra_error', `cannot connect to the episode's server: ${message(error)}`))));
      end = await stepped(input.agent, client, state, input, guard, signal);
    } else end = await external(input.agent, state, input, guard, signal);
  } catch (error) {
    if (error instanceof EpisodeAbandoned) throw error;
    if (error instanceof End) end = error;
    else if (error instanceof AgentFailure) end = new End('agent_error', error.message);
    else if (error instanceof UserFailure) end = new End('user_error', error.message);
    else end = new End(deadServer ? 'infra_error' : 'agent_error', deadServer ?? message(error));
  } finally {
    clearTimeout(timer);
    if (input.agent.kind === 'external') await input.agent.dispose();
    await client?.close().catch(() => undefined);
  }
  if (input.signal.aborted) throw new EpisodeAbandoned('the run was stopped');
  if (end.reason !== 'user_stop' && end.reason !== 'agent_stop') state.errors.push({ message: state.messages.length - 1, kind: kindOf(end.reason), text: end.detail ?? end.reason });
  return state.outcome(recorder, end.reason, end.detail);
}

function kindOf(reason: EndReason): EpisodeError['kind'] {
  if (reason === 'user_error') return 'user';
  if (reason === 'infra_error') return 'infra';
  return 'agent';
}

type Guard = <T>(work: Promise<T>) => Promise<T>;

/** A stepped agent: ask, make its calls, answer them, until it speaks to the user. */
async function stepped(agent: SteppedAgent, client: Client, state: EpisodeState, input: EpisodeInput, guard: Guard, signal: AbortSignal): Promise<End> {
  const { limits } = input;
  for (;;) {
    if (state.agentTurns >= limits.maxTurns) return new End('max_turns', `the agent took ${limits.maxTurns} turns without finishing`);
    const reply = await state.timed('agent', () => guard(agent.next(state.messages, signal)));
    state.agentTurns++;
    if (reply.turn) state.model(reply.turn);
    if (reply.calls.length === 0) {
      state.messages.push({ role: 'assistant', content: reply.content ?? '' });
      const stop = await askUser(state, input, guard, signal);
      if (stop) return stop;
      continue;
    }
    state.messages.push({
      role: 'assistant',
      content: reply.content,
      tool_calls: reply.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
    });
    for (const call of reply.calls) {
      const text = await makeCall(call, client, state, input, guard, signal);
      state.toolResult(call.id, text, limits.resultCap);
      // The server's record says what the agent saw, cut or not.
      const recorded = input.recorder.calls.find((c) => c.id === call.id);
      if (recorded) recorded.text = capResult(recorded.text, limits.resultCap);
      if (state.failures >= limits.maxErrors) return new End('too_many_errors', `${state.failures} tool calls failed (--max-errors ${limits.maxErrors})`);
    }
  }
}

/** Make one call of the agent's; what the agent is told. Malformed calls never reach the server. */
async function makeCall(call: AgentCall, client: Client, state: EpisodeState, input: EpisodeInput, guard: Guard, signal: AbortSignal): Promise<string> {
  const at = state.messages.length;
  if (call.unknown) return state.fail(at, 'unknown_tool', `Error: there is no tool named ${JSON.stringify(call.name)}; call one of the tools you were given.`);
  let args: unknown;
  try {
    args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    return state.fail(at, 'bad_arguments', `Error: the arguments of ${call.name} are not valid JSON (${message(error)}). Send them as one JSON object.`);
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return state.fail(at, 'bad_arguments', `Error: the arguments of ${call.name} must be a JSON object, not ${Array.isArray(args) ? 'an array' : typeof args}.`);
  const before = recorderLength(input.recorder);
  const started = performance.now();
  let result;
  try {
    result = await guard(client.callTool({ name: call.name, arguments: args as Record<string, unknown> }, undefined, { signal, timeout: input.limits.timeoutMs }));
  } catch (error) {
    if (error instanceof End || error instanceof EpisodeAbandoned) throw error;
    // A JSON-RPC error is the server refusing the call; the agent may correct it.
    return state.fail(at, 'tool_error', `Error: ${message(error)}`);
  } finally {
    state.toolMs += performance.now() - started;
  }
  const recorded = input.recorder.calls[before];
  if (recorded) recorded.id = call.id;
  const text = resultText(result as { content?: unknown });
  if (result.isError) state.fail(at, 'tool_error', text);
  return text;
}

const recorderLength = (recorder: RecordingTransport) => recorder.calls.length;

/** An external agent: one process run per agent turn; it makes its calls itself. */
async function external(agent: ExternalAgent, state: EpisodeState, input: EpisodeInput, guard: Guard, signal: AbortSignal): Promise<End> {
  const { limits, recorder } = input;
  const conversation: { role: 'user' | 'assistant'; content: string }[] = [];
  for (;;) {
    if (state.agentTurns >= limits.maxTurns) return new End('max_turns', `the agent took ${limits.maxTurns} turns without finishing`);
    const last = state.messages[state.messages.length - 1]!;
    conversation.push({ role: 'user', content: last.content ?? '' });
    const before = recorder.calls.length;
    const answer = await state.timed('agent', () => guard(agent.turn({ message: last.content ?? '', conversation: [...conversation], turn: state.agentTurns + 1, signal })));
    state.agentTurns++;
    conversation.push({ role: 'assistant', content: answer });
    state.messages.push({ role: 'assistant', content: answer });
    for (const call of recorder.calls.slice(before)) if (call.isError) state.fail(state.messages.length - 1, 'tool_error', call.text);
    if (state.failures >= limits.maxErrors) return new End('too_many_errors', `${state.failures} tool calls failed (--max-errors ${limits.maxErrors})`);
    const stop = await askUser(state, input, guard, signal);
    if (stop) return stop;
  }
}

/** Hand the agent's answer to the user: an end, or null when the user wrote back. */
async function askUser(state: EpisodeState, input: EpisodeInput, guard: Guard, signal: AbortSignal): Promise<End | null> {
  const pending = input.user.reply(state.messages, signal);
  if (!pending) return new End('agent_stop');
  const reply = await state.timed('user', () => guard(pending));
  if (reply.stop) {
    if (reply.turn) state.model(reply.turn);
    state.userMessage = reply.text;
    return new End('user_stop');
  }
  state.userSaid(reply);
  return null;
}
