// The user of a run, from its options.
import type { RunOptions } from '../../formats/run.js';
import { llmUser } from './llm.js';
import { noUser, scriptedUser } from './scripted.js';
import type { UserFactory } from './user.js';

/** The user factory `options` ask for. */
export function userFactory(options: RunOptions): UserFactory {
  if (options.user === 'scripted') return scriptedUser;
  if (options.user === 'none') return noUser;
  return llmUser(options);
}
