// Read/write classification of tools, by rules that hold across catalogs: the HTTP method; for a POST
// the verb of its operationId, its path and its summary, then the shape of its path (an item, a
// collection, an action below an item); MCP annotations; the verb a function's name or description
// opens with; a description that computes on numbers. test/classify.test.ts holds real cases from
// providers and MCP servers these rules were not written from.
import { words } from '../naming.js';
import { computes, describedVerb, type FunctionTool } from './descriptions.js';
import { ACTION, baseVerb, type Classification, CREATE, DELETE, READ, UPDATE, verbClass, verbOf } from './verbs.js';

export { computes, type FunctionTool, operationWord } from './descriptions.js';
export { type Classification, verbOf } from './verbs.js';

/** MCP tool annotations relevant to classification. */
export interface McpHints {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
}

/** An HTTP operation as classification sees it. */
export interface HttpOperation {
  method: string;
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
}

/**
 * Classify a function-list or MCP tool (annotations aside): a conversion name (`gallon_to_liter`) or
 * a computation on numbers (`Add two numbers.`) reads; else the verb its name opens with, else the
 * verb its description opens with; a tool that says neither reads.
 */
export function classifyFunction(tool: FunctionTool): Classification {
  // "x_to_y" names are conversions, unless x is a verb (`add_to_watchlist`).
  const conversion = /^([a-z]+)_to_[a-z]+$/i.exec(tool.name);
  if (conversion && !verbClass(conversion[1]!.toLowerCase())) return READ;
  // A computation on numbers adds no row, whatever its name says: `add(a, b)` is "Add two numbers".
  if (computes(tool)) return READ;
  return verbOf(tool.name)?.class ?? describedVerb(tool.description)?.class ?? READ;
}

/** Classify an MCP tool: annotations decide where present, else what its name and description say. */
export function classifyMcp(tool: FunctionTool, hints: McpHints | undefined): Classification {
  const said = classifyFunction(tool);
  if (hints?.readOnlyHint === true) return READ;
  if (hints?.readOnlyHint === false) {
    if (said.op === 'write') return said;
    return hints.destructiveHint ? DELETE : ACTION;
  }
  if (hints?.destructiveHint === true && said.op === 'read') return DELETE;
  return said;
}

/**
 * The verb-bearing word group at the end of a path: a custom method (`/v1/{name}:cancel`), an
 * RPC-style suffix (`/chat.postMessage`, `/#X-Amz-Target=Service.GetItem`, `/microsoft.graph.snoozeReminder`),
 * or the last literal segment (`/orders/{id}/cancel`). Empty when the path ends in a parameter.
 */
function pathAction(path: string): string {
  // A format suffix is no part of the name: `/blocks/destroy.json` destroys.
  const trimmed = path.replace(/\/+$/, '').replace(/\.(json|xml|ya?ml|txt|csv|html?|php|aspx?)$/i, '');
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (last.includes(':')) return last.slice(last.lastIndexOf(':') + 1);
  if (last.includes('{')) return '';
  return last.slice(Math.max(last.lastIndexOf('.'), last.lastIndexOf('=')) + 1);
}

/**
 * The verb of an operationId, from its operation part (`groups.calendarView.CreateAttachments` →
 * CreateAttachments, Azure's `StorageAccounts_ListKeys` → ListKeys), skipping the method's own word.
 * None when the id only restates the method and the path (Stripe's `PostTestHelpersIssuingCardsCardShippingDeliver`):
 * then the path says it better.
 */
function operationVerb(operationId: string, method: string, path: string): Classification | null {
  let part = operationId.split(/[./:]/).filter(Boolean).at(-1) ?? operationId;
  const azure = /^[A-Za-z0-9]*[a-z0-9]_([A-Z][A-Za-z0-9]*)$/.exec(part);
  if (azure) part = azure[1]!;
  const [first, ...rest] = words(operationId);
  const fromPath = new Set(words(path).flatMap((w) => [w, w.replace(/s$/, '')]));
  if (first === method && rest.every((w) => fromPath.has(w) || fromPath.has(w.replace(/s$/, '')) || /^\d+$/.test(w))) return null;
  // "<word> a/an/the <noun>" (Increase's `mail_a_sandbox_check_transfer`): the first word is the
  // verb, known or not; a later word of the table is then a noun ("check").
  const [head, article] = words(part);
  if (article === 'a' || article === 'an' || article === 'the') return verbClass(baseVerb(head!) ?? '') ?? null;
  return verbOf(part, new Set([method]))?.class ?? null;
}

/** Whether a word group names a collection: its last word is a plural noun (`sources`, `login_links`). */
function plural(group: string): boolean {
  const last = words(group).at(-1) ?? '';
  return /s$/.test(last) && !/(ss|us|is)$/.test(last);
}

/**
 * A POST no word explains, by the shape of its path: to a collection (a plural noun) it creates; a
 * custom method (`:x`) or a singular word below an item (`/cards/{card}/shipping/deliver`,
 * `/refunds/{id}/expire`) acts on the item; anything else creates.
 */
function postShape(path: string): Classification {
  const trimmed = path.replace(/\/+$/, '');
  const segments = trimmed.split('/').filter(Boolean);
  const last = segments.at(-1) ?? '';
  if (last.includes(':') && !last.endsWith('}')) return ACTION;
  if (plural(pathAction(trimmed))) return CREATE;
  return segments.slice(0, -1).some((s) => s.includes('{')) ? ACTION : CREATE;
}

/**
 * Classify an HTTP operation. GET/HEAD/OPTIONS read (unless they name a query-protocol action);
 * DELETE deletes. Otherwise the words decide: the
 * operationId's verb, the path's, the summary's (the operation's own title). A POST none of them
 * explains updates when it targets an item (`/customers/{id}`, as Stripe's do), else the
 * description's opening verb decides, else the shape of its path (`postShape`). PUT and PATCH update
 * unless a word says they create (`PUT /files/{name}` as upload) or delete.
 */
export function classifyHttp(operation: HttpOperation): Classification {
  const m = operation.method.toLowerCase();
  // A query-protocol operation named in the path (AWS's `GET /#Action=DeleteQueue`) does what its name
  // says, whatever the method: those APIs take the same action by GET or POST.
  const rpc = /[#?&]Action=([A-Za-z0-9]+)$/.exec(operation.path);
  const action = rpc ? verbOf(rpc[1]!)?.class : undefined;
  if (action && m === 'get') return action;
  if (m === 'get' || m === 'head' || m === 'options' || m === 'trace') return READ;
  if (m === 'delete') return DELETE;
  const named =
    (operation.operationId ? operationVerb(operation.operationId, m, operation.path) : null) ??
    verbOf(pathAction(operation.path))?.class ??
    describedVerb(operation.summary, 'title')?.class ??
    null;
  if (m === 'post') {
    if (named) return named;
    // An item's own prose is less sure than its place: "Draft invoices are fully editable" updates one.
    if (/\}$/.test(operation.path.replace(/\/+$/, ''))) return UPDATE;
    return describedVerb(operation.description)?.class ?? postShape(operation.path);
  }
  const told = named ?? describedVerb(operation.description)?.class ?? null;
  if (told && (told === DELETE || (m === 'put' && told === CREATE))) return told;
  return UPDATE;
}
