// @ts-check
// ToolError, the one way a tool refuses a call: it rolls the call's transaction back and reaches the
// agent as an isError result naming the argument. Re-exported by context.js, where tools.js finds it.

/** A call the tool refuses: bad argument, missing row, violated rule. Nothing it did is kept. */
export class ToolError extends Error {
  /**
   * @param {string | null} argument the argument at fault, or null when it is no single one
   * @param {string} reason what is wrong and, where it helps, what to do instead
   */
  constructor(argument, reason) {
    super(argument ? `${argument}: ${reason}` : reason);
    this.name = 'ToolError';
    this.argument = argument;
    this.reason = reason;
  }
}
