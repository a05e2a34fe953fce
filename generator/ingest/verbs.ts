// The verb table: English verbs that open API operation names, by what they do to the state they
// act on. Only words of the language belong here, never a catalog's abbreviations or function
// names (`ls`, `mkdir`, `rm`): those tools are classed by their description (classify.ts).
import { words } from '../naming.js';
import type { ToolOp, WriteEffect } from '../../formats/toolspec.js';

/** A tool's read/write class and, for writes, the kind of change. */
export interface Classification {
  /** Read or write. */
  op: ToolOp;
  /** Writes only. */
  effect?: WriteEffect;
}

export const READ: Classification = { op: 'read' };
export const CREATE: Classification = { op: 'write', effect: 'create' };
export const UPDATE: Classification = { op: 'write', effect: 'update' };
export const DELETE: Classification = { op: 'write', effect: 'delete' };
export const ACTION: Classification = { op: 'write', effect: 'action' };

const VERBS = new Map<string, Classification>();
function verbs(list: string, c: Classification): void {
  for (const verb of list.split(/\s+/).filter(Boolean)) VERBS.set(verb, c);
}
verbs(`get list search find fetch read view show query lookup look count check describe retrieve
  display estimate calculate compute preview browse filter compare convert translate summarize
  is has can exist exists download export stat stats info inspect analyze analyse evaluate detect
  recognize predict suggest recommend autocomplete geocode validate verify match head poll
  scan explore discover identify render format parse extract ping health locate measure forecast
  collect aggregate lint diagnose trace audit monitor tally enumerate select`, READ);
verbs(`create add insert new post register book reserve upload make generate submit publish open
  schedule enroll subscribe watch invite import copy clone duplicate fork provision allocate issue
  place purchase buy order apply attach append write save store record log comment reply mention
  retweet like star pin bookmark tag upvote follow join grant init initialize build deploy launch
  spawn compose draft request index associate`, CREATE);
verbs(`update edit modify set change rename patch put replace move assign adjust configure
  reorder rearrange transfer merge upsert sync synchronize refresh reset restore rotate enable
  disable toggle mark label rate review fill press increase decrease raise lower rewrite
  overwrite scale resize upgrade downgrade migrate link unlink`, UPDATE);
verbs(`delete remove clear purge destroy drop erase unfollow unsubscribe uninstall revoke detach
  untag unstar unpin unlike unregister deregister unassign discard trash dismiss terminate
  disassociate`, DELETE);
verbs(`close cancel approve reject accept decline start stop pause resume restart lock unlock
  activate deactivate archive unarchive suspend release send notify email sms pay charge refund
  capture authorize authenticate login logout signin signout sign fund withdraw deposit sell ship
  fulfill complete finish confirm escalate retry execute run invoke trigger perform process
  navigate mute unmute block unblock ban unban kick flag report resolve reopen share forward
  redeem claim checkin checkout contact hold void dispatch return`, ACTION);

// Words that qualify a verb ("batch get", "bulk delete") rather than being one.
export const QUALIFIERS = new Set(['batch', 'bulk', 'mass', 'async', 'try', 'do', 'auto', 'multi', 'v1', 'v2', 'v3']);

// Verbs that mean something else with a particle: `check in` acts, where `check` reads.
const PHRASAL: Record<string, Record<string, Classification>> = {
  check: { in: ACTION, into: ACTION, out: ACTION },
  log: { in: ACTION, into: ACTION, on: ACTION, out: ACTION, off: ACTION },
  sign: { up: CREATE },
  set: { up: CREATE },
};

/** The class of one word of the table, or undefined. */
export function verbClass(word: string): Classification | undefined {
  return VERBS.get(word);
}

/**
 * The verb of a name: the first word found in the verb table, skipping qualifiers.
 * `ticket_get_login_status` → get; `batchDeleteItems` → delete; `gallon_to_liter` → none.
 */
export function verbOf(name: string, ignore: ReadonlySet<string> = new Set()): { verb: string; class: Classification } | null {
  const all = words(name);
  for (const [i, word] of all.entries()) {
    if (QUALIFIERS.has(word) || ignore.has(word)) continue;
    const c = PHRASAL[word]?.[all[i + 1] ?? ''] ?? VERBS.get(word);
    if (c) return { verb: word, class: c };
  }
  return null;
}

/** A verb as a description opens with it, in the third person (`Creates`, `Lists`, `Applies`), in the table's form. */
export function baseVerb(word: string): string | undefined {
  const w = word.toLowerCase();
  const forms = [w, w.replace(/ies$/, 'y'), w.replace(/es$/, ''), w.replace(/s$/, '')];
  return forms.find((form) => form.length > 1 && VERBS.has(form));
}
