// The trajectory format (versioned; README "Trajectories" documents it): one episode of an agent on
// a task — the chat messages, the calls as the server saw them, the final state. Version 1 is what
// a hand-made or external trajectory may be; version 2 is what `agentscaler rollout` records: the
// same core plus who played, the tools sent, how the episode ended, tokens, errors and timings.
// Every reader accepts both (test/fixtures keeps one file per version).
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

/** What every version has: enough for the verifier. */
interface TrajectoryCore {
  task: string;
  messages: Message[];
  calls: CallRecord[];
  /** Digest of the final state. */
  finalDigest: string;
}

/** Version 1: the core, and optionally the final state inline. */
export interface TrajectoryV1 extends TrajectoryCore {
  version: 1;
  /** The final state itself (a SQLite snapshot, base64), when recorded: it lets the verifier show a row-level diff. */
  finalState?: string;
}

/** How an episode ended: exactly one reason. */
export type EndReason = 'user_stop' | 'agent_stop' | 'max_turns' | 'timeout' | 'too_many_errors' | 'agent_error' | 'user_error' | 'infra_error';

/** Every end reason, in the order summaries list them. */
export const END_REASONS: readonly EndReason[] = ['user_stop', 'agent_stop', 'max_turns', 'timeout', 'too_many_errors', 'agent_error', 'user_error', 'infra_error'];

/** Token counts as the endpoint reported them (0 when it reported none). */
export interface Usage {
  prompt: number;
  completion: number;
}

/** One request the agent (or the llm user) made to its model. */
export interface ModelTurn {
  /** `agent` or `user`: whose model answered. */
  by: 'agent' | 'user';
  /** The endpoint's finish_reason (`stop`, `tool_calls`, `length`, …), or null when it gave none. */
  finishReason: string | null;
  usage: Usage;
  /** Attempts after the first (429, 5xx, network errors). */
  retries: number;
}

/** A problem during the episode that is not a plain tool result: a malformed call, a tool error, a failed request. */
export interface EpisodeError {
  /** Index into `messages` of the message it concerns (the assistant turn, or the tool result). */
  message: number;
  kind: 'bad_arguments' | 'unknown_tool' | 'tool_error' | 'model' | 'user' | 'agent' | 'infra';
  text: string;
}

/** The tool definitions the agent was sent. */
export interface ToolsSent {
  /** The server's tool names (the verifier's list of allowed calls). */
  names: string[];
  /** Which shape they were sent in: `openai` function definitions, or the `mcp` tools/list the agent read itself. */
  variant: 'openai' | 'mcp';
  /** sha256 of the exact definitions (canonical JSON), which are in the run folder at `file`. */
  sha256: string;
  /** Relative to the run folder: `tools/<sha256>.json`. */
  file: string;
  /** Short name the model saw → server name, for names longer than the endpoint allows. */
  aliases: Record<string, string>;
}

/** The stages of the paper's filtering funnel, in order. */
export type FunnelStage = 'validity' | 'state' | 'calls' | 'outputs';

/** Whether a trajectory is fit to train on: kept, or dropped at its first failing funnel stage and why. */
export interface FunnelVerdict {
  kept: boolean;
  /** The first stage it failed (null when kept). */
  stage: FunnelStage | null;
  reasons: string[];
}

/** A verdict as a run folder records it. */
export interface RecordedVerdict {
  /** Whether the agent achieved the task: what pass@1 and pass^k count. */
  pass: boolean;
  /** Each failed check that decides the reward, with its reasons. */
  failed: Partial<Record<FunnelStage, string[]>>;
  /** The verifier that graded it (`agentscaler@<version>`); absent in lines recorded before it was kept. */
  verifier?: string;
  /** The funnel's decision; absent in lines recorded before it was kept (`funnelOf` derives it then). */
  funnel?: FunnelVerdict;
}

/** Wall-clock figures of an episode; the only part of a line that differs between identical runs. */
export interface EpisodeTiming {
  /** Whole episode, milliseconds. */
  ms: number;
  /** Waiting for the agent's model (or the agent process). */
  agentMs: number;
  /** Waiting for the user's model. */
  userMs: number;
  /** Inside tool calls, as the harness's MCP client measured them. */
  toolMs: number;
  /** Opening the episode's server and closing it. */
  hostMs: number;
}

/** Version 2: a recorded rollout episode (one line of RUN/trajectories.jsonl). */
export interface TrajectoryV2 extends TrajectoryCore {
  version: 2;
  /** Trial number of this task, 0-based (pass^k needs k of them). */
  trial: number;
  domain: string;
  /** How many gold calls the task has (summaries report pass rates by it). */
  goldCalls: number;
  /** The seed this episode's model calls were given (derived from the run seed, task and trial). */
  seed: number;
  /** Who played: `oracle`, `openai:<model>`, `command:<CMD>`; the user kind and model; the host. */
  agent: string;
  user: string;
  host: 'inproc' | 'spawn';
  /** The tools the agent was sent, or null when it was sent none. */
  tools: ToolsSent | null;
  end: {
    reason: EndReason;
    /** One line on why, for anything but a stop. */
    detail?: string;
    /** The user's last message, when it stopped the episode (`###STOP###` …): never part of `messages`. */
    userMessage?: string;
  };
  /** Tool results sent to a model are cut to this many characters (with a note the agent sees). */
  resultCap: number;
  /** Tool results that were cut: index into `messages` → their full length. */
  truncated: Record<string, number>;
  modelTurns: ModelTurn[];
  usage: { agent: Usage; user: Usage };
  errors: EpisodeError[];
  /** Row-level differences from the gold state to the final state (empty when the digest is gold). */
  diff: { table: string; key: Json; column: string; expected: Json; actual: Json }[];
  /** The final state's SQLite file, kept only when its digest is not gold: relative to the run folder. */
  finalStateFile?: string;
  /** The verifier's verdict when the episode was recorded: pass (the reward), each failed check's reasons, and whether the trajectory is fit to train on (null for infra_error and user_error episodes). */
  verdict: RecordedVerdict | null;
  /** Timings; drop this field to compare two runs. */
  timing: EpisodeTiming;
}

/** One episode of an agent on a task, in any version. */
export type Trajectory = TrajectoryV1 | TrajectoryV2;

/** The versions readers accept. */
export const TRAJECTORY_VERSIONS = [1, 2] as const;
