// A rollout or merge problem the user caused and can fix (no tasks, a bad glob, an endpoint that
// cannot be reached, a run folder made with other options): the CLI prints its message alone.

/** An error whose message names the input and what to do. */
export class RunInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunInputError';
  }
}
