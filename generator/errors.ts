// The one base class for failures a user causes and can fix: the CLI prints their message alone
// (it names the input and what to do) instead of a stack trace.

/** An error the user can fix; the message names the input and what to do. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The run was stopped (Ctrl-C): what was finished is kept, nothing half-written is left to trust. */
export class Interrupted extends Error {
  constructor(
    readonly stage: string,
    /** Domains the stage had finished (and kept for the next run), of how many; null for stages that keep nothing partial. */
    readonly progress: { done: number; total: number } | null = null,
  ) {
    super(`interrupted during ${stage}`);
    this.name = 'Interrupted';
  }
}
