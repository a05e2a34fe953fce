// The one base class for failures a user causes and can fix: the CLI prints their message alone
// (it names the input and what to do) instead of a stack trace.

/** An error the user can fix; the message names the input and what to do. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
