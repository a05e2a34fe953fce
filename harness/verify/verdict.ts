// What the verifier decides about one trajectory, and the options that tune it.
import type { FunnelVerdict } from '../../formats/trajectory.js';
import type { RowDifference } from '../../templates/runtime/state.js';

export type { FunnelVerdict, RowDifference };

/** The outcome of one check. */
export interface CheckResult {
  /** Whether the check counts for this task (a check that does not apply passes vacuously). */
  applies: boolean;
  pass: boolean;
  /** Why it failed, or why it passed or did not apply when that is worth knowing. */
  reasons: string[];
}

/** The checks of the verification funnel, in funnel order. */
export interface Checks {
  /** The conversation's shape: turns alternate, every call answered, and every call the server ran names a listed tool with object arguments. */
  validity: CheckResult;
  /** The final state is the gold state. */
  state: CheckResult;
  /** The successful calls do what the gold calls do (decides the reward only where `exactMatch` says). */
  calls: CheckResult;
  /** Every required output appears in the agent's messages. */
  outputs: CheckResult;
}

/** The verdict on one trajectory: two questions, kept apart. */
export interface Verdict {
  /** The reward: whether every check that applies passes (state, outputs, the conversation's shape; calls only under `exactMatch`). */
  pass: boolean;
  checks: Checks;
  /** Row-level differences from the gold state to the final state (ignored columns left out), when the digests differ and the states were available. */
  diff?: RowDifference[];
  /** Whether the trajectory is fit to train on: every problem of validity (recovered malformed calls, repetition, a stop signal), then state, exact match of calls on every task, outputs. */
  funnel: FunnelVerdict;
}

/** Which tasks the exact match of calls decides the reward of: every task (a strict evaluation), read-only tasks, or none (the default: state and outputs decide). */
export type ExactMatch = 'all' | 'read-only' | 'off';

/** Thresholds for degenerate repetition. */
export interface RepetitionOptions {
  /** The same call (tool and arguments) may follow itself at most this many times in a row (default 3). */
  maxRepeatedCalls?: number;
  /** Largest share of repeated word 4-grams an assistant text may have (default 0.5). */
  maxNgramShare?: number;
  /** Texts shorter than this many words are not checked for 4-gram repetition (default 40). */
  minWords?: number;
}

/** How `verify` checks a trajectory. */
export interface VerifyOptions {
  /** Which tasks the exact match of calls decides the reward of (default `off`; the funnel always matches calls). */
  exactMatch?: ExactMatch;
  /** Extra successful read calls fail the match too (default: only the gold calls' effects must be there). */
  strictCalls?: boolean;
  /** Bookkeeping columns (`column` or `table.column`) left out of the diff; a final state differing only there passes. */
  ignore?: string[];
  repetition?: RepetitionOptions;
  /** The tool names the agent was given (default: every tool of the domain contract in `dir`). */
  tools?: string[];
  /** The domain's server package folder (domain.json, seed.sqlite, runtime/): the tool list, the gold state and the diff. */
  dir?: string;
  /** The final state as a snapshot (the bytes of its SQLite file), for the row-level diff. */
  finalState?: Buffer;
}
