// The recorder: a transport between an MCP client and an episode's server that notes every
// tools/call request and its answer, so the calls are recorded as the server saw them whoever the
// client is (the harness's own, or an external agent's session behind the HTTP front).
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import type { CallRecord } from '../../formats/trajectory.js';
import type { Json } from '../../formats/toolspec.js';

/** A call as recorded, with how long the server took. */
export interface RecordedCall extends CallRecord {
  /** Milliseconds from request to answer (null while unanswered). */
  ms: number | null;
}

type Id = string | number;

/** Text of a CallToolResult's content blocks. */
export function resultText(result: { content?: unknown }): string {
  const content = Array.isArray(result.content) ? (result.content as { type?: string; text?: string }[]) : [];
  return content.map((c) => (c.type === 'text' ? (c.text ?? '') : `[${c.type ?? 'content'}]`)).join('\n');
}

/** Wraps the client side of a connection to a server; use it in the transport's place. */
export class RecordingTransport implements Transport {
  /** Calls in the order they were made. */
  readonly calls: RecordedCall[] = [];
  private readonly pending = new Map<Id, { call: RecordedCall; started: number }>();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  constructor(private readonly inner: Transport) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => {
      this.answered(message);
      this.onmessage?.(message, extra);
    };
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    await this.inner.start();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if ('method' in message && message.method === 'tools/call' && 'id' in message) {
      const params = (message.params ?? {}) as { name?: unknown; arguments?: unknown };
      const args = params.arguments && typeof params.arguments === 'object' && !Array.isArray(params.arguments) ? (params.arguments as Record<string, Json>) : {};
      const call: RecordedCall = { tool: String(params.name), arguments: args, isError: true, result: null, text: '', ms: null };
      this.calls.push(call);
      this.pending.set(message.id, { call, started: performance.now() });
    }
    await this.inner.send(message, options);
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private answered(message: JSONRPCMessage): void {
    if (!('id' in message) || message.id === undefined || 'method' in message) return;
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    const { call } = entry;
    call.ms = performance.now() - entry.started;
    if ('error' in message) {
      call.text = `MCP error ${message.error.code}: ${message.error.message}`;
      return;
    }
    const result = message.result as { isError?: boolean; structuredContent?: Record<string, Json>; content?: unknown };
    call.isError = result.isError === true;
    call.result = call.isError ? null : (result.structuredContent ?? null);
    call.text = resultText(result);
  }
}
