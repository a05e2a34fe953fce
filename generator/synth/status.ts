// States from action verbs: `close_ticket` moves a ticket to "closed", `cancel_order` to "cancelled".

const IRREGULAR: Record<string, string> = {
  send: 'sent', pay: 'paid', reopen: 'open', resume: 'active', activate: 'active', deactivate: 'inactive',
  unlock: 'unlocked', unarchive: 'active', restart: 'running', start: 'started', stop: 'stopped', run: 'running',
  begin: 'begun', hold: 'held', sell: 'sold', login: 'logged_in', logout: 'logged_out', signin: 'signed_in',
  signout: 'signed_out', checkin: 'checked_in', checkout: 'checked_out', sign: 'signed', set: 'set', split: 'split',
  mute: 'muted', ban: 'banned', block: 'blocked', flag: 'flagged', ship: 'shipped', submit: 'submitted',
  cancel: 'cancelled', fulfill: 'fulfilled', escalate: 'escalated', withdraw: 'withdrawn', kick: 'kicked',
  retry: 'retried', void: 'voided', cd: 'changed',
};

// Verbs that return a row to its first state.
const RESETTING = new Set(['reopen', 'resume', 'activate', 'unarchive', 'unlock', 'restart', 'unban', 'unblock', 'unmute']);

/** The state an action verb leaves a row in (`close` → closed, `approve` → approved). */
export function stateAfter(verb: string): string {
  const irregular = IRREGULAR[verb];
  if (irregular) return irregular;
  if (verb.endsWith('e')) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  return `${verb}ed`;
}

/** Whether the verb brings a row back to its initial state rather than forward. */
export function resets(verb: string): boolean {
  return RESETTING.has(verb);
}

/**
 * The state a verb leads to, taken from the catalog's own enum where one matches
 * (`cancel` → "canceled" when the API spells it so), else the verb's past participle.
 */
export function targetState(verb: string, known: string[], initial: string): string {
  if (resets(verb)) return initial;
  const past = stateAfter(verb);
  const stem = past.replace(/(ed|d)$/, '').slice(0, 5);
  return known.find((v) => v === past) ?? known.find((v) => v.toLowerCase().startsWith(stem)) ?? past;
}
