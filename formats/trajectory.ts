// The trajectory format (versioned; README "verify" documents it): one episode of an agent on a
// task as the verifier reads it — the chat messages, the calls as the server saw them, the final state.
import type { Json } from './toolspec.js';

/** A chat message as OpenAI-compatible endpoints and fine-tuning files have it. */
export interface Message {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

/** One tool call as the server saw it. */
export interface CallRecord {
  /** The assistant tool_call id it answers, when the agent spoke OpenAI's format. */
  id?: string;
  tool: string;
  arguments: Record<string, Json>;
  isError: boolean;
  /** structuredContent, or null for an error. */
  result: Record<string, Json> | null;
  /** The text the agent saw. */
  text: string;
}

/** One episode of an agent on a task. */
export interface Trajectory {
  version: 1;
  task: string;
  messages: Message[];
  calls: CallRecord[];
  /** Digest of the final state. */
  finalDigest: string;
  /** The final state itself (a SQLite snapshot, base64), when recorded: it lets the verifier show a row-level diff. */
  finalState?: string;
}
