// What an export format is: how one conversation becomes one line of its file.
import type { Conversation } from '../conversation.js';

/** The formats `agentscaler export --format` writes. */
export type FormatName = 'openai' | 'sharegpt' | 'trl';

/** One export format. */
export interface ExportFormat {
  name: FormatName;
  /** The line for `conversation`, or a reason it cannot be written in this format. */
  record(conversation: Conversation): { line: object } | { unfit: string };
  /** Whether the format marks which assistant turns are trained (the others train on every assistant turn). */
  weights: boolean;
}
