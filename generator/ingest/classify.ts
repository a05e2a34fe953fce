// Read/write classification of tools: from the HTTP method and path, MCP annotations, or the
// verb of the tool's name. The verb table is the heart of it; test/classify.test.ts holds real cases.
import { words } from '../naming.js';
import type { ToolOp, WriteEffect } from '../../formats/toolspec.js';

/** A tool's read/write class and, for writes, the kind of change. */
export interface Classification {
  /** Read or write. */
  op: ToolOp;
  /** Writes only. */
  effect?: WriteEffect;
}

const READ: Classification = { op: 'read' };
const CREATE: Classification = { op: 'write', effect: 'create' };
const UPDATE: Classification = { op: 'write', effect: 'update' };
const DELETE: Classification = { op: 'write', effect: 'delete' };
const ACTION: Classification = { op: 'write', effect: 'action' };

const VERBS: Record<string, Classification> = {};
function verbs(list: string, c: Classification): void {
  for (const verb of list.split(/\s+/).filter(Boolean)) VERBS[verb] = c;
}
verbs(`get list search find fetch read view show query lookup look count check describe retrieve
  display estimate calculate compute preview browse filter compare convert translate summarize
  is has can exist exists download export stat stats info inspect analyze analyse evaluate detect
  recognize predict suggest recommend autocomplete geocode validate verify match head poll watch
  scan explore discover identify render format parse extract test ping health
  ls cat grep pwd wc du diff tail sort whoami which locate measure forecast
  collect aggregate sum mean average median min max round power divide multiply subtract
  logarithm sqrt square absolute percentage convert conversion lint diagnose simulate trace
  audit monitor tally enumerate select`, READ);
verbs(`create add insert new post register book reserve upload make generate submit publish open
  schedule enroll subscribe invite import copy cp clone duplicate fork mkdir touch provision
  allocate issue place purchase buy order apply attach append echo write save store record log
  comment reply mention retweet like star pin bookmark tag upvote follow join grant init
  initialize build deploy launch spawn compose draft request`, CREATE);
verbs(`update edit modify set change rename patch put replace move mv assign adjust configure
  reorder rearrange transfer merge upsert sync synchronize refresh reset restore rotate enable
  disable toggle mark label rate review fill press increase decrease raise lower rewrite
  overwrite scale resize upgrade downgrade migrate link unlink`, UPDATE);
verbs(`delete remove rm rmdir clear purge destroy drop erase unfollow unsubscribe uninstall
  revoke detach untag unstar unpin unlike unregister deregister unassign discard trash dismiss
  terminate`, DELETE);
verbs(`close cancel approve reject accept decline start stop pause resume restart lock unlock
  activate deactivate archive unarchive suspend release send notify email sms
  pay charge refund capture authorize authenticate login logout signin signout sign fund withdraw
  deposit sell ship fulfill complete finish confirm escalate retry execute run
  invoke trigger perform process cd navigate mute unmute block unblock ban unban kick flag
  report resolve reopen share forward redeem claim checkin checkout
  contact hold void dispatch`, ACTION);

// Words that qualify a verb ("batch get", "bulk delete") rather than being one.
const QUALIFIERS = new Set(['batch', 'bulk', 'mass', 'async', 'try', 'do', 'auto', 'multi', 'v1', 'v2', 'v3']);

/**
 * The verb of a name: the first word found in the verb table, skipping qualifiers.
 * `ticket_get_login_status` → get; `batchDeleteItems` → delete; `gallon_to_liter` → none.
 */
export function verbOf(name: string, ignore: ReadonlySet<string> = new Set()): { verb: string; class: Classification } | null {
  for (const word of words(name)) {
    if (QUALIFIERS.has(word) || ignore.has(word)) continue;
    const c = VERBS[word];
    if (c) return { verb: word, class: c };
  }
  return null;
}

// A name that is only an arithmetic word computes (BFCL's math API `add(a, b)`); `add_contact` adds.
const ARITHMETIC = new Set(['add', 'sum', 'subtract', 'multiply', 'divide', 'power', 'mean', 'round', 'modulo']);

/** Classify a function-list or MCP tool by the verb of its name; a name with no known verb reads. */
export function classifyName(name: string): Classification {
  // "x_to_y" names are conversions (`gallon_to_liter`), unless x is a verb (`add_to_watchlist`).
  const conversion = /^([a-z]+)_to_[a-z]+$/i.exec(name);
  if (conversion && !VERBS[conversion[1]!.toLowerCase()]) return READ;
  const nameWords = words(name);
  if (nameWords.length === 1 && ARITHMETIC.has(nameWords[0]!)) return READ;
  return verbOf(name)?.class ?? READ;
}

/** MCP tool annotations relevant to classification. */
export interface McpHints {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
}

/** Classify an MCP tool: annotations decide where present, else the verb of the name. */
export function classifyMcp(name: string, hints: McpHints | undefined): Classification {
  const byName = classifyName(name);
  if (hints?.readOnlyHint === true) return READ;
  if (hints?.readOnlyHint === false) {
    if (byName.op === 'write') return byName;
    return hints.destructiveHint ? DELETE : ACTION;
  }
  if (hints?.destructiveHint === true && byName.op === 'read') return DELETE;
  return byName;
}

/**
 * The verb-bearing word group at the end of a path: a custom method (`/v1/{name}:cancel`), an
 * RPC-style suffix (`/chat.postMessage`, `/#X-Amz-Target=Service.GetItem`), or the last literal
 * segment (`/orders/{id}/cancel`). Empty when the path ends in a parameter.
 */
function pathAction(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (last.includes(':')) return last.slice(last.lastIndexOf(':') + 1);
  if (last.includes('{')) return '';
  return last.slice(Math.max(last.lastIndexOf('.'), last.lastIndexOf('=')) + 1);
}

/**
 * Classify an HTTP operation. GET/HEAD/OPTIONS read; DELETE deletes; PUT/PATCH update. POST
 * is decided by the verb at the end of its path (`/orders/{id}/cancel` is an action,
 * `POST /search` reads), then by the operationId's verb, then by whether it targets an item
 * (`POST /customers/{id}` updates, as Stripe does) or a collection (creates).
 * A word equal to the method itself (`PostCustomers`) says nothing and is skipped.
 */
export function classifyHttp(method: string, path: string, operationId: string | undefined): Classification {
  const m = method.toLowerCase();
  if (m === 'get' || m === 'head' || m === 'options' || m === 'trace') return READ;
  if (m === 'delete') return DELETE;
  const skip = new Set([m]);
  const action = pathAction(path);
  const verb = verbOf(action, skip) ?? (operationId ? verbOf(operationId, skip) : null);
  if (m === 'post') {
    if (verb) return verb.class;
    return /\}\/*$/.test(path) ? UPDATE : CREATE;
  }
  // PUT and PATCH replace or amend, unless the name says it creates (`PUT /files/{name}` as upload) or deletes.
  if (verb && (verb.class === DELETE || (m === 'put' && verb.class === CREATE))) return verb.class;
  return UPDATE;
}
