// What every catalog adapter returns for one source: the tools it found and what it dropped, and why.
import type { ToolSpec } from '../../formats/toolspec.js';

/** Why an operation did not become a tool. */
export type DropReason =
  | 'deprecated' // marked deprecated in the catalog
  | 'no-signature' // no parameters and no output: nothing to call it with or check
  | 'broken-ref' // a `$ref` it needs cannot be resolved
  | 'no-name' // a function or MCP tool without a name
  | 'invalid' // an entry that is not a tool definition at all
  | 'duplicate'; // the same operation already ingested from another spec of the provider

/** One operation that was not kept. */
export interface Dropped {
  /** The reason, counted in ingest.json. */
  reason: DropReason;
  /** Where in the source it was (JSON pointer or `line N`). */
  pointer: string;
  /** The specific problem, for messages. */
  detail?: string;
}

/** The result of reading one source file. */
export interface Extraction {
  /** Provider the tools were attributed to. */
  provider: string;
  /** Operations (or functions, or MCP tools) seen. */
  operations: number;
  /** Tools kept by the adapter (before cross-source de-duplication). */
  tools: ToolSpec[];
  /** Operations not kept, with reasons. */
  dropped: Dropped[];
}
