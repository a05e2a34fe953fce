// What an episode's loop has gathered so far: the messages, model turns, token counts, errors and
// timings, and the outcome it becomes when the episode ends.
import type { EndReason, EpisodeError, Message, ModelTurn, TrajectoryV2 } from '../../formats/trajectory.js';
import type { UserReply } from '../users/user.js';
import { capResult } from './cap.js';
import type { EpisodeOutcome } from './loop.js';
import type { RecordingTransport } from './recorder.js';

/** What the loop has gathered so far. */
export class EpisodeState {
  readonly messages: Message[];
  readonly errors: EpisodeError[] = [];
  readonly modelTurns: ModelTurn[] = [];
  readonly truncated: Record<string, number> = {};
  readonly usage = { agent: { prompt: 0, completion: 0 }, user: { prompt: 0, completion: 0 } };
  agentTurns = 0;
  /** Failed calls (errors, malformed or unknown): what --max-errors counts. */
  failures = 0;
  userMessage?: string;
  agentMs = 0;
  userMs = 0;
  toolMs = 0;

  constructor(systemPrompt: string) {
    this.messages = [{ role: 'system', content: systemPrompt }];
  }

  async timed<T>(who: 'agent' | 'user', work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      if (who === 'agent') this.agentMs += performance.now() - started;
      else this.userMs += performance.now() - started;
    }
  }

  userSaid(reply: UserReply): void {
    if (reply.turn) this.model(reply.turn);
    this.messages.push({ role: 'user', content: reply.text });
  }

  model(turn: ModelTurn): void {
    this.modelTurns.push(turn);
    const usage = this.usage[turn.by];
    usage.prompt += turn.usage.prompt;
    usage.completion += turn.usage.completion;
  }

  /** Note a failed call and return what the agent is told. */
  fail(message: number, kind: EpisodeError['kind'], text: string): string {
    this.failures++;
    this.errors.push({ message, kind, text });
    return text;
  }

  toolResult(id: string, text: string, cap: number): void {
    const capped = capResult(text, cap);
    if (capped !== text) this.truncated[String(this.messages.length)] = text.length;
    this.messages.push({ role: 'tool', tool_call_id: id, content: capped });
  }

  outcome(recorder: RecordingTransport, reason: EndReason, detail?: string): EpisodeOutcome {
    const end: TrajectoryV2['end'] = { reason };
    if (detail) end.detail = detail;
    if (this.userMessage !== undefined) end.userMessage = this.userMessage;
    const calls = recorder.calls.map(({ ms: _ms, ...call }) => call);
    return { messages: this.messages, calls, end, truncated: this.truncated, modelTurns: this.modelTurns, usage: this.usage, errors: this.errors, agentMs: this.agentMs, userMs: this.userMs, toolMs: this.toolMs };
  }
}
