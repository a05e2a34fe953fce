// The task format (versioned; README "Tasks" documents it). A task is a user goal
// over one domain whose success code can check: the gold calls that reach it, the state they leave
// (its digest) and the values the user asked to be told.
import type { Json } from './toolspec.js';

/** One gold call: the tool, its arguments, and what it returned when the task was made. */
export interface GoldCall {
  tool: string;
  arguments: Record<string, Json>;
  /** The call's structuredContent. */
  result: Record<string, Json>;
  /** Whether the call only reads (its tool's readOnlyHint). */
  read: boolean;
}

/** A value the user wants to be told: it must appear in the agent's messages. */
export interface RequiredOutput {
  /** Index into `gold` of the call that produced it. */
  call: number;
  /** Where in that call's result (`status`, `items.0.price`, `count`). */
  path: string;
  value: string | number | boolean;
  /** How the user asks for it ("the ticket's status"). */
  asked: string;
}

/** Which checks decide a task. `state`: the final digest; `calls`: exact match of the calls; `outputs`: required outputs. */
export type Basis = 'state' | 'calls' | 'outputs';

/** Who the simulated user is. */
export interface Persona {
  name: string;
  /** One line: role and situation ("a support lead at a travel agency"). */
  role: string;
  /** How they talk ("brief and to the point"). */
  style: string;
}

export interface Task {
  version: 1;
  /** `<slug>/<n>`, unique in a workspace. */
  id: string;
  domain: string;
  /** The user's goal, second person, with every value the agent needs and no tool names. */
  instruction: string;
  persona: Persona;
  /** The state the episode starts from: the domain's seed (plus task rows, none so far) and its digest. */
  initial: { seed: 'seed.sqlite'; digest: string; clock: string };
  gold: GoldCall[];
  /** Digest of the state after the gold calls. */
  goldDigest: string;
  requiredOutputs: RequiredOutput[];
  basis: Basis[];
  /** Whether no gold call writes. */
  readOnly: boolean;
}
