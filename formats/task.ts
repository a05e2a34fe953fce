// The task format (versioned; README "Tasks" documents it). A task is a user goal
// over one domain whose success code can check: the gold calls that reach it, the state they leave
// (its digest) and the values the user asked to be told.
//
// Versions: 1 (the first), 2 (adds `instructionStyle` and, when a model rewrote the instruction,
// `paraphrase`). `parseTask` reads both and returns the current shape; a version-1 task was always
// written step by step.
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
  /** One line: role and situation ("a support agent at Kuhn LLC who uses Ticket API"). */
  role: string;
  /** How they talk ("brief and to the point"). */
  style: string;
}

/** How the instruction is written: `goal` says the outcomes the user wants; `steps` says the calls one by one. */
export type InstructionStyle = 'goal' | 'steps';

/** A model's rewrite of the instruction, kept only because every value the task needs survived it. */
export interface Paraphrase {
  /** The model that wrote it (as given to `--model`). */
  model: string;
  /** The rule-based instruction it rewrote. */
  ruleBased: string;
}

/** The current task format (version 2). */
export interface Task {
  version: 2;
  /** `<slug>/<n>`, unique in a workspace. */
  id: string;
  domain: string;
  /** The user's goal, second person, with every value the agent needs and no tool names. */
  instruction: string;
  /** How `instruction` (before any paraphrase) is written. */
  instructionStyle: InstructionStyle;
  /** Present when a model rewrote the instruction: the model and the rule-based text. */
  paraphrase?: Paraphrase;
  persona: Persona;
  /** The state the episode starts from: the domain's seed (plus task rows, none so far) and its digest. */
  initial: { seed: 'seed.sqlite'; digest: string; clock: string };
  gold: GoldCall[];
  /** Digest of the state after the gold calls. */
  goldDigest: string;
  /**
   * The digest scheme of `initial.digest` and `goldDigest` (`v2:sha256:<hex>` is scheme 2). Every task
   * written since scheme 2 has it; a task without it is of scheme 1 (`sha256:<hex>`, rows hashed in full).
   */
  digestScheme?: number;
  requiredOutputs: RequiredOutput[];
  basis: Basis[];
  /** Whether no gold call writes. */
  readOnly: boolean;
}

/** A version-1 task, as tasks.jsonl files written before version 2 hold them. */
export type TaskV1 = Omit<Task, 'version' | 'instructionStyle' | 'paraphrase'> & { version: 1 };

/** The task format versions this reader understands. */
export const TASK_VERSIONS = [1, 2] as const;

/** A task line that is not a task of a known version; the message names the line's source. */
export class TaskFormatError extends Error {}

/** One task from its JSON text (a tasks.jsonl line), version 1 or 2, in the current shape. */
export function parseTask(line: string, where = 'tasks.jsonl'): Task {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    throw new TaskFormatError(`${where}: not JSON (${(error as Error).message}); each line must be one task object`);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (version !== 1 && version !== 2) {
    throw new TaskFormatError(`${where}: task format version ${JSON.stringify(version)} is not one of ${TASK_VERSIONS.join(', ')}; regenerate it with \`agentscaler tasks\``);
  }
  return upgradeTask(raw as Task | TaskV1);
}

/** A task of any known version in the current shape (a version-1 task was written step by step). */
export function upgradeTask(task: Task | TaskV1): Task {
  if (task.version === 2) return task;
  const { version: _v1, ...rest } = task;
  return { version: 2, ...rest, instructionStyle: 'steps' };
}

/** The scheme of a digest string: `v<n>:sha256:<hex>` is n, a bare `sha256:<hex>` (the first scheme) is 1, anything else null. */
export function digestSchemeOf(digest: string): number | null {
  const numbered = /^v(\d+):sha256:[0-9a-f]{64}$/.exec(digest);
  if (numbered) return Number(numbered[1]);
  return /^sha256:[0-9a-f]{64}$/.test(digest) ? 1 : null;
}

/** The digest scheme a task was made with. */
export function taskDigestScheme(task: Task): number | null {
  return task.digestScheme ?? digestSchemeOf(task.goldDigest);
}

/**
 * Why `task` cannot be graded by a runtime whose digests follow `scheme`, or null when it can: its
 * digests would never equal the ones the runtime computes, so every trajectory would fail.
 */
export function digestSchemeProblem(task: Task, scheme: number): string | null {
  const made = taskDigestScheme(task);
  if (made === scheme) return null;
  if (made === null || made < scheme) {
    return `task ${task.id} has digests of scheme ${made ?? 'unknown'} (${task.goldDigest.slice(0, 16)}…), but its server computes scheme ${scheme}: re-run the tasks stage for it (agentscaler tasks --ws WS --domains ${task.domain})`;
  }
  return `task ${task.id} has digests of scheme ${made}, newer than its server's scheme ${scheme}: the server package is older than its tasks; re-run synth, then the tasks stage (agentscaler synth --ws WS --domains ${task.domain})`;
}
