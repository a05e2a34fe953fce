// What each tool acts on: its entity (`/orders/{orderId}` and `get_order` both act on an order),
// the argument that selects one row, the parent entities of its path, and its action verb.
import pluralize from 'pluralize';
import { fieldKey } from '../graph/features.js';
import { computes, operationWord, verbOf } from '../ingest/classify.js';
import { words } from '../naming.js';
import type { ParamLocation, Schema, ToolSpec } from '../../formats/toolspec.js';
import { argumentNames, entityName } from './identifiers.js';
import { withProseConstraints } from './prose.js';

/** One argument of a tool, under its safe name and its canonical key. */
export interface Arg {
  /** Name in the emitted input schema. */
  name: string;
  /** Name in the catalog. */
  original: string;
  /** Canonical key (`userId`, `user_id` → `user_id`), what columns are named after. */
  key: string;
  schema: Schema;
  required: boolean;
  location?: ParamLocation;
}

/** What a tool acts on. */
export interface Target {
  /** Singular snake_case entity (`ticket`, `credit_card`), or '' when none could be told. */
  entity: string;
  /** The argument that selects one row, and the column it is matched against. */
  key?: { arg: Arg; column: string };
  /** Entities above it in the path (`/customers/{customer}/sources` → customer), with their arguments. */
  parents: { entity: string; arg: Arg }[];
  /** The verb of an action (`cancel` in `/orders/{id}/cancel`, `close` in `close_ticket`). */
  action?: string;
  /** The whole noun phrase of the name (`cruise_control`), naming its columns in a shared state table. */
  phrase?: string;
}

/** The arguments of a tool in input order. */
export function argsOf(tool: ToolSpec): Arg[] {
  const names = argumentNames(Object.keys(tool.input.properties));
  const required = new Set(tool.input.required);
  return Object.entries(tool.input.properties).map(([original, schema]) => {
    // Enums and ranges the catalog states only in words become part of the schema here, once.
    const arg: Arg = { name: names.get(original)!, original, key: fieldKey(original) || names.get(original)!, schema: withProseConstraints(schema, original), required: required.has(original) };
    if (schema['x-location']) arg.location = schema['x-location'];
    return arg;
  });
}

// Path parameters that hold a natural key (matched against their own column), not the row id.
const NATURAL_KEY = /(^|_)(name|username|email|login|slug|handle|symbol)$/;

// Path segments that are namespaces, not resources.
const NAMESPACE = /^(v\d+(\.\d+)*[a-z0-9]*|\d{4}-\d{2}-\d{2}|api|apis|rest|public|admin|me|self|json|xml|latest|beta|alpha)$/i;
// File-type suffixes of REST paths (Twilio's `/Accounts/{Sid}.json`).
const FORMAT_SUFFIX = /\.(json|xml|csv|yaml|txt)$/i;
// Words in tool names that qualify the entity rather than being it (`get_order_details`).
const QUALIFIERS = new Set(['by', 'for', 'of', 'the', 'a', 'an', 'and', 'or', 'to', 'from', 'in', 'on', 'with', 'all', 'info', 'information', 'detail', 'details', 'history', 'stat', 'stats', 'statistic', 'list', 'current', 'my', 'new', 'latest', 'based', 'specific', 'given', 'nearest', 'available', 'multiple', 'single', 'one', 'many', 'batch', 'bulk', 'id']);
// Words that name an entity only when nothing better is in the name (`get_order_status` is about an order).
const WEAK = new Set(['status', 'count', 'summary', 'result', 'results', 'data', 'value', 'values']);

// Prepositions that end the head noun phrase of a name (`get_outside_temperature_from_google`).
const PREPOSITIONS = new Set(['by', 'for', 'from', 'of', 'in', 'on', 'with', 'based', 'to', 'into', 'onto', 'at', 'via', 'using']);
// Verbs whose object after "to"/"from" is the thing changed (`add_to_watchlist`, `remove_stock_from_watchlist`).
const CONTAINER_VERBS = new Set(['add', 'remove', 'delete', 'move', 'transfer', 'append', 'attach', 'detach', 'insert', 'push', 'pop']);

/** Words of a tool name that can name its entity, most specific last. */
function nouns(name: string, description?: string): string[] {
  const verb = operationWord(name, description);
  let all = words(name).filter((w) => w !== verb);
  const cut = all.findIndex((w) => PREPOSITIONS.has(w));
  if (cut >= 0) {
    const container = verb && CONTAINER_VERBS.has(verb) && /^(to|from|into|onto)$/.test(all[cut]!);
    if (container && cut < all.length - 1) all = all.slice(cut + 1);
    else if (cut > 0) all = all.slice(0, cut);
  }
  const plain = all.filter((w) => !QUALIFIERS.has(w) && !PREPOSITIONS.has(w) && !/^\d+$/.test(w));
  // Words that can be verbs are nouns too when nothing else is left (`place_order`, `view_log`).
  const verbless = plain.filter((w) => !verbOf(w));
  const candidates = verbless.length > 0 ? verbless : plain;
  const strong = candidates.filter((w) => !WEAK.has(w));
  return strong.length > 0 ? strong : candidates;
}

// Plural words that name one thing (`get_user_stats` reads one set of stats).
const SINGULAR_PLURALS = new Set(['details', 'settings', 'stats', 'statistics', 'data', 'preferences', 'news', 'info', 'status']);

/**
 * A read with no arguments that names one thing (`get_login_status`, `get_current_time`,
 * `display_car_status`) reads the system's own state, not a list of rows.
 */
function readsOneThing(tool: ToolSpec, args: Arg[]): boolean {
  if (tool.op !== 'read' || args.length > 0 || tool.source.kind === 'openapi') return false;
  const all = words(tool.name);
  if (all.some((w) => /^(list|all|search|find|query|browse|filter)$/.test(w))) return false;
  const last = all[all.length - 1] ?? '';
  return SINGULAR_PLURALS.has(last) || !pluralize.isPlural(last);
}

/** `<entity>_id`, `<entity>Id`, `<entity>_name`: arguments that point at one row of an entity. */
export function keyEntity(arg: Arg): { entity: string; column: string } | null {
  const m = /^(.+)_(id|uuid|key|code|slug)$/.exec(arg.key);
  if (m) return { entity: entityName(m[1]!), column: 'id' };
  const named = /^(.+?)_?(name)$/.exec(arg.key);
  if (named && named[1]) return { entity: entityName(named[1]), column: arg.key };
  return null;
}

export interface Segment {
  literal: string;
  params: string[];
}

/** `/v1/customers/{customer}/sources/{id}` → [customers {customer}], [sources {id}]. */
export function segmentsOf(path: string): { segments: Segment[]; custom?: string } {
  const out: Segment[] = [];
  let custom: string | undefined;
  const parts = path.split('/').filter(Boolean).map((part) => part.replace(FORMAT_SUFFIX, ''));
  parts.forEach((part, i) => {
    let piece = part;
    if (i === parts.length - 1 && /:[A-Za-z]+$/.test(part)) {
      custom = part.slice(part.lastIndexOf(':') + 1);
      piece = part.slice(0, part.lastIndexOf(':'));
    }
    const param = /^\{([^}]+)\}$/.exec(piece);
    if (param) {
      if (out.length === 0) out.push({ literal: '', params: [] });
      out[out.length - 1]!.params.push(param[1]!);
    } else if (piece && !piece.startsWith('#') && !NAMESPACE.test(piece)) {
      out.push({ literal: piece, params: [] });
    }
  });
  return custom ? { segments: out, custom } : { segments: out };
}

/** Resolve what a tool acts on. */
export function targetOf(tool: ToolSpec, args: Arg[]): Target {
  const byOriginal = new Map(args.map((a) => [a.original, a]));
  const path = tool.source.path;
  // REST paths name their resources; RPC-style paths (`/chat.postMessage`, X-Amz-Target) do not.
  if (path && !/[.=#]/.test((path.split('/').pop() ?? '').replace(FORMAT_SUFFIX, ''))) {
    const { segments, custom } = segmentsOf(path);
    const resources = segments.filter((s) => s.literal !== '');
    let action = custom;
    let last = resources[resources.length - 1];
    // `/orders/{id}/cancel`: a trailing verb acts on the resource before it.
    if (last && last.params.length === 0 && verbOf(last.literal) && resources.length > 1 && !action) {
      action = words(last.literal)[0];
      resources.pop();
      last = resources[resources.length - 1];
    }
    if (last) {
      const parents: Target['parents'] = [];
      for (const r of resources.slice(0, -1)) {
        const arg = byOriginal.get(r.params[r.params.length - 1] ?? '');
        if (arg) parents.push({ entity: entityName(r.literal), arg });
      }
      const target: Target = { entity: entityName(last.literal), parents };
      const keyArg = byOriginal.get(last.params[last.params.length - 1] ?? '');
      if (keyArg) target.key = { arg: keyArg, column: NATURAL_KEY.test(keyArg.key) ? keyArg.key : 'id' };
      if (action) target.action = action;
      else if (tool.effect === 'action') target.action = verbOf(tool.source.name ?? tool.name)?.verb;
      return target;
    }
  }

  // A computation on the numbers it is given (`mean`, `absolute_value`) has no rows of its own.
  if (computes(tool)) return { entity: '', parents: [] };
  // Named tools: the entity is the head noun of the name, or the entity of a key argument.
  const nameNouns = nouns(tool.name, tool.description);
  if (readsOneThing(tool, args)) return { entity: '', parents: [], ...(nameNouns.length > 0 ? { phrase: entityName(nameNouns.join('_')) } : {}) };
  const action = tool.effect === 'action' ? verbOf(tool.name)?.verb : undefined;
  const phrase = nameNouns.length > 0 ? entityName(nameNouns.join('_')) : undefined;
  const withAction = (t: Target): Target => ({ ...t, ...(action ? { action } : {}), ...(phrase ? { phrase } : {}) });
  if (tool.effect !== 'create') {
    for (const arg of args.filter((a) => a.required)) {
      const pointed = keyEntity(arg);
      if (!pointed) continue;
      const entityWords = pointed.entity.split('_');
      // The key must be about the tool's own subject: `close_ticket(ticket_id)`, `get_user_tickets` is not keyed by a user.
      const last = entityWords[entityWords.length - 1]!;
      if (nameNouns.length === 0 || nameNouns[nameNouns.length - 1] === last || (nameNouns.includes(last) && !nameNouns.slice(nameNouns.indexOf(last) + 1).some((w) => w !== 'id'))) {
        return withAction({ entity: pointed.entity, key: { arg, column: pointed.column }, parents: [] });
      }
    }
    const bareId = args.find((a) => a.required && a.key === 'id');
    if (bareId && nameNouns.length > 0) return withAction({ entity: entityName(nameNouns.join('_')), key: { arg: bareId, column: 'id' }, parents: [] });
  }
  if (nameNouns.length === 0 && tool.effect === 'create') {
    // A bare-verb create makes the thing its arguments describe (`touch(file_name)` a file,
    // `mkdir(dir_name)` a dir), or the thing the verb names (`comment(tweet_id, comment_content)`).
    const described = args.map((a) => /^([a-z]+)_(name|content|title|text|body|path)$/.exec(a.key)?.[1]).find((w): w is string => w !== undefined && !verbOf(w));
    const named = words(tool.name).length === 1 ? words(tool.name)[0] : undefined;
    const entity = described ?? (named && args.some((a) => a.key.startsWith(`${named}_`)) ? named : undefined);
    if (entity) return withAction({ entity: entityName(entity), parents: [] });
  }
  if (nameNouns.length === 0) return withAction({ entity: '', parents: [] });
  return withAction({ entity: entityName(nameNouns[nameNouns.length - 1]!), parents: [] });
}
