// What the episode loop asks of an agent. A stepped agent (oracle, openai) answers the
// conversation so far with one assistant message — tool calls or text — and the loop makes the
// calls; an external agent (command) is a process that reaches the server itself and answers a turn.
import type { Message, ModelTurn } from '../../formats/trajectory.js';
import type { Task } from '../../formats/task.js';

/** One tool call as the agent asked for it, with the server's tool name (or the unknown name it used). */
export interface AgentCall {
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model wrote them. */
  arguments: string;
  /** Set when the name matched no tool the agent was sent. */
  unknown?: boolean;
}

/** One assistant message. */
export interface AgentReply {
  content: string | null;
  calls: AgentCall[];
  /** The model request behind it, for models. */
  turn?: ModelTurn;
}

/** A failure of the agent itself (its endpoint, its process): the episode ends with agent_error. */
export class AgentFailure extends Error {}

/** An agent the loop steps message by message. */
export interface SteppedAgent {
  kind: 'stepped';
  next(conversation: Message[], signal: AbortSignal): Promise<AgentReply>;
}

/** What an external agent process is given for a turn. */
export interface ExternalTurn {
  /** The user's message it answers. */
  message: string;
  /** User and assistant text so far, this message last. */
  conversation: { role: 'user' | 'assistant'; content: string }[];
  turn: number;
  signal: AbortSignal;
}

/** An agent that is a process of its own, reaching the episode's server over MCP. */
export interface ExternalAgent {
  kind: 'external';
  /** Its answer for this turn (its stdout). */
  turn(input: ExternalTurn): Promise<string>;
  dispose(): Promise<void>;
}

/** An agent for one episode. */
export type AgentSession = SteppedAgent | ExternalAgent;

/** Makes the agent of each episode of one domain. */
export interface AgentFactory {
  /** `oracle`, `openai:<model>`, `command:<cmd>`. */
  label: string;
  /** The agent for an episode; `url` is the episode's MCP endpoint (external agents only). */
  episode(task: Task, seed: number, endpoint?: EpisodeEndpoint): AgentSession;
}

/** How an external agent reaches its episode's server. */
export interface EpisodeEndpoint {
  url: string;
  /** The `mcpServers` JSON it is handed. */
  config: object;
  serverName: string;
}
