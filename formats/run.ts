// The run folder of `agentscaler rollout` (README "The run folder" documents it): run.json, the
// manifest written first; trajectories.jsonl, one TrajectoryV2 per line; tools/ and states/, the
// sidecar files lines point at; summary.json, rewritten as the run goes. Versioned like the others.

/** File names inside a run folder. */
export const RUN_FILES = {
  manifest: 'run.json',
  trajectories: 'trajectories.jsonl',
  summary: 'summary.json',
  tools: 'tools',
  states: 'states',
} as const;

/** Which agent plays: the gold calls, a chat-completions endpoint, or an external command. */
export type AgentKind = 'oracle' | 'openai' | 'command';

/** Which simulated user talks to the agent. */
export type UserKind = 'scripted' | 'llm' | 'none';

/**
 * Everything that decides what a run records. Two runs with equal options over the same tasks give
 * the same trajectories (timings aside, and for a model agent up to the model). No secrets: the API
 * key is only ever the name of an environment variable.
 */
export interface RunOptions {
  /** The workspace (absolute path). */
  ws: string;
  agent: AgentKind;
  /** For `command`: the shell command. */
  command?: string;
  /** For `openai`: model name and base URL (`…/v1`). */
  model?: string;
  baseUrl?: string;
  user: UserKind;
  /** For `llm` users: model and base URL (default: the agent's). */
  userModel?: string;
  userBaseUrl?: string;
  /** Environment variable holding the API key (default OPENAI_API_KEY). */
  apiKeyEnv: string;
  /** Task id glob (`ticket-*`, `math*`; `*` is any characters), or null for every task. */
  tasks: string | null;
  /** At most this many tasks (after the glob), or null. */
  limit: number | null;
  /** Trials per task. */
  k: number;
  host: 'inproc' | 'spawn';
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
  /** The system prompt file, and the sha256 of its text (the text itself is messages[0] of every line). */
  systemPrompt: { file: string; sha256: string } | null;
  maxTurns: number;
  maxErrors: number;
  /** Seconds per episode. */
  timeout: number;
  /** Seconds per model request. */
  requestTimeout: number;
  /** Characters of a tool result sent to a model. */
  resultCap: number;
  /** Longest tool name the endpoint accepts; longer ones are sent as short aliases. */
  toolNameLimit: number;
  /** For `command`: the MCP config handed over points at an `http` URL or a `stdio` relay command. */
  mcpConfig: 'http' | 'stdio';
  seed: number;
  /** This run's part of the (task, trial) pairs, or null for all of them. */
  shard: { index: number; count: number } | null;
}

/** Options that may change between a run and its resume (they do not change what is recorded). */
export const RESUMABLE_OPTIONS = ['concurrency'] as const;

/** RUN/run.json. */
export interface RunManifest {
  version: 1;
  /** agentscaler's version, and the versions of the packages that shape an episode. */
  agentscaler: string;
  packages: Record<string, string>;
  node: string;
  options: RunOptions;
  /** How many (task, trial) pairs this run (or shard) plays, and a digest of the tasks they come from. */
  pairs: number;
  tasksDigest: string;
  /** The command line as typed (argv after `agentscaler`). */
  commandLine: string[];
  /** For a merged run: the run folders it joins. */
  mergedFrom?: string[];
}
