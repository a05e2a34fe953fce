// Tools over a relation act on the relation: starring a gist, tagging a resource, following a user,
// adding followers to a task or a stock to a watchlist link two things; unstarring, untagging,
// unfollowing and removing unlink them; listing the tags or the following reads the links. All the
// tools over one relation share its table (an owner column, a member column, and a value column for
// key–value tags) and change only it: starring an existing gist links it, unstarring leaves the gist.
import pluralize from 'pluralize';
import type { Schema } from '../../formats/toolspec.js';
import { fieldKey } from '../graph/features.js';
import { verbOf } from '../ingest/classify.js';
import { singular, words } from '../naming.js';
import { entityName } from './identifiers.js';
import { containerFields, type ToolPlan } from './tables.js';
import { keyEntity, segmentsOf, type Arg } from './targets.js';

/** How a member argument holds its members. */
export type MemberShape = 'one' | 'list' | 'csv' | 'pairs' | 'map';

/** A tool's part in a relation. */
export interface RelationPlan {
  act: 'link' | 'unlink' | 'list' | 'check';
  /** The relation, singular: `star`, `tag`, `follower`, `following`, `watchlist`. */
  noun: string;
  /** The row the relation hangs on (a gist, a resource), absent for the session's own (the user's followings). */
  owner?: { entity: string; arg: Arg };
  /** The member argument (absent when the member is implied: the session user starring a gist). */
  member?: { arg: Arg; field?: string; shape: MemberShape; keyField?: string; valueField?: string };
  /** Further arguments that identify a link with its member (the `{owner}` of `/user/starred/{owner}/{repo}`). */
  qualifiers?: Arg[];
  /** A link found from a collection's item path: the collection (`/repos/{owner}/{repo}/labels`), so a create of whole rows there can veto it. */
  collection?: string;
  /** Set by planRelations: the relation's entity (its table) and column names, shared by all its tools. */
  entity?: string;
  columns?: { owner?: string; member?: string; value?: string; qualifiers?: string[] };
}

// Verbs that link and unlink, and the relation a verb names by itself (`tag_resource` → tags).
const LINK = new Set(['star', 'follow', 'tag', 'pin', 'like', 'subscribe', 'watch', 'bookmark', 'favorite', 'favourite', 'upvote', 'vote', 'join', 'invite', 'add', 'attach', 'assign', 'associate', 'enroll', 'label']);
const UNLINK = new Set(['unstar', 'unfollow', 'untag', 'unpin', 'unlike', 'unsubscribe', 'unwatch', 'unbookmark', 'unfavorite', 'unfavourite', 'unvote', 'leave', 'kick', 'remove', 'detach', 'unassign', 'disassociate', 'unenroll', 'unlabel']);
const IMPLIED: Record<string, string> = {
  star: 'star', unstar: 'star', follow: 'following', unfollow: 'following', tag: 'tag', untag: 'tag', pin: 'pin', unpin: 'pin', like: 'like', unlike: 'like',
  subscribe: 'subscription', unsubscribe: 'subscription', watch: 'watcher', unwatch: 'watcher', bookmark: 'bookmark', unbookmark: 'bookmark', favorite: 'favorite',
  unfavorite: 'favorite', favourite: 'favorite', unfavourite: 'favorite', upvote: 'vote', vote: 'vote', unvote: 'vote', join: 'member', leave: 'member', invite: 'member', kick: 'member', label: 'label', unlabel: 'label',
};
// Verbs whose object is the member (`follow_user(username)`: the user is followed), not the owner.
const OBJECT_IS_MEMBER = new Set(['star', 'unstar', 'follow', 'unfollow', 'like', 'unlike', 'bookmark', 'unbookmark', 'favorite', 'unfavorite', 'favourite', 'unfavourite', 'subscribe', 'unsubscribe', 'watch', 'unwatch', 'upvote', 'vote', 'unvote']);
// Relation nouns as read tools and paths write them.
const NOUN_FORMS: Record<string, string> = { starred: 'star', stargazer: 'star', followed: 'following', follows: 'following', followings: 'following', subscribed: 'subscription', watched: 'watcher', pinned: 'pin', liked: 'like', tags: 'tag', membership: 'member' };
const PREPOSITIONS = new Set(['to', 'from', 'for', 'of', 'on', 'in', 'into', 'onto', 'with', 'by', 'at']);
// Nouns that name a relation wherever they appear: a DELETE of `/…/{key}/members/{username}` unlinks.
const RELATION_NOUNS = new Set(['star', 'following', 'follower', 'member', 'collaborator', 'assignee', 'subscriber', 'subscription', 'watcher', 'tag', 'label', 'like', 'pin', 'bookmark', 'favorite', 'vote', 'reviewer', 'block', 'reaction']);

// Verbs that link only when what they add is a reference to another row, or the relation is one by nature (tags, followers).
const GENERIC = new Set(['add', 'remove', 'attach', 'detach', 'assign', 'unassign', 'associate', 'disassociate', 'invite', 'kick']);

/** Whether a member argument (or its field) names other rows: ids, usernames, emails, symbols. */
function reference(arg: Arg, field?: string): boolean {
  const schema = field ? arg.schema.properties?.[field] ?? {} : arg.schema;
  const key = field ? fieldKey(field) : arg.key;
  return /(^|_)(id|ids|gid|gids|uuid|username|usernames|user|users|email|emails|symbol|member|members|follower|followers)$/.test(key) || /\b(ids?|gids?|identifiers?|usernames?|symbol)\b/i.test(schema.description ?? '');
}

/** A relation noun in its one form: singular, `starred` → star, Trello's `idMembers` → member. */
export function relationNoun(raw: string): string {
  const parts = words(raw).filter((w) => w !== 'all' && w !== 'my');
  if (parts[0] === 'id' && parts.length > 1) parts.shift();
  const last = parts.pop() ?? '';
  const noun = NOUN_FORMS[last] ?? singular(last);
  return [...parts.map(singular), NOUN_FORMS[noun] ?? noun].join('_');
}

/** The shape of a member argument's value. */
function shapeOf(schema: Schema): { shape: MemberShape; keyField?: string; valueField?: string } {
  if (schema.type === 'array' && schema.items?.type === 'object') {
    const names = Object.keys(schema.items.properties ?? {});
    const keyField = names.find((n) => /^(key|tag_?key|name)$/i.test(n));
    const valueField = names.find((n) => /^(value|tag_?value)$/i.test(n));
    return keyField ? { shape: 'pairs', keyField, ...(valueField ? { valueField } : {}) } : { shape: 'list' };
  }
  if (schema.type === 'array') return { shape: 'list' };
  if (schema.type === 'object') return { shape: 'map' };
  if (/comma[- ]separated|separated by commas/i.test(schema.description ?? '')) return { shape: 'csv' };
  return { shape: 'one' };
}

/** Whether an argument can name a member: a reference, a name, a list of them, or key–value tags. */
function memberLike(arg: Arg): boolean {
  const t = arg.schema.type;
  return t === 'string' || t === 'integer' || t === 'array' || t === undefined || (t === 'object' && !arg.schema.properties);
}

/** The member argument of a link or unlink: an argument beyond the owner's key, or a member of an object of fields (Asana's `data.followers`). */
function memberOf(plan: ToolPlan, ownerArg: Arg | undefined, noun: string, qualifiers: Arg[] = []): RelationPlan['member'] | null | undefined {
  const data = plan.args.filter((a) => a !== ownerArg && !qualifiers.includes(a) && plan.roles.get(a.name)?.kind === 'data');
  for (const arg of data) {
    const fields = containerFields(arg);
    if (!fields) continue;
    // The member is the field the relation is named after, else the one required reference (Asana's `supporting_resource` gid).
    const required = new Set(arg.schema.required ?? []);
    const reference = ([name, schema]: [string, Schema]) => (schema.type === 'string' || schema.type === 'array') && (/(^|_)(gid|id|ids)$/.test(fieldKey(name)) || /\b(gid|id|ids)\b/i.test(schema.description ?? ''));
    const [member, schema] =
      fields.find(([name]) => relationNoun(name) === noun || relationNoun(name).endsWith(noun)) ?? fields.find((f) => reference(f) && required.has(f[0])) ?? fields.find(reference) ?? fields[0]!;
    return { arg, field: member, ...shapeOf(schema) };
  }
  const candidates = data.filter(memberLike);
  // A link carries nothing but the member: a write with more data makes a thing, not a link. Two
  // required references are a link only when one is named after the relation (sso-admin's
  // `TagResource(InstanceArn, ResourceArn, Tags)`: the tags; the instance qualifies the owner).
  const named = candidates.find((a) => { const n = relationNoun(a.key); return n === noun || n.endsWith(`_${noun}`) || n.startsWith(`${noun}_`); });
  if (data.length - candidates.length > 0 || (candidates.filter((a) => a.required).length > 1 && !named)) return null;
  const arg = named ?? candidates.find((a) => a.required) ?? candidates[0];
  return arg ? { arg, ...shapeOf(arg.schema) } : undefined;
}

/** The argument naming a row of `entity`: its key (`gist_id`, `ResourceArn`, `stream_name`), else the first required text. */
function ownerArgument(plan: ToolPlan, entity: string): Arg | undefined {
  const named = plan.args.find((a) => {
    const pointed = keyEntity(a);
    // `admin.usergroups.addChannels(usergroup_id, …)`: the key of the entity's last word counts.
    return (pointed && (pointed.entity === entity || entity.endsWith(`_${pointed.entity}`))) || a.key === `${entity}_arn` || (entity === 'resource' && /^(resource_)?(arn|id|name)$/.test(a.key));
  });
  const text = plan.args.filter((a) => a.schema.type === 'string' && plan.roles.get(a.name)?.kind === 'data');
  // Slack marks nothing required: "The ID of the … channel" is still the one that names the row, and so is a lone text.
  return named ?? text.find((a) => a.required) ?? text.find((a) => /\b(id|identifier|gid)\b/i.test(a.schema.description ?? '') && !/\blist of\b|separated/i.test(a.schema.description ?? '')) ?? (text.length === 1 && plan.args.length === 1 ? text[0] : undefined);
}

/** The arguments a tool's path names. */
function pathArgs(plan: ToolPlan): Arg[] {
  return plan.args.filter((a) => a.location === 'path');
}

/** From a REST path: `/gists/{gist_id}/star`, `/tasks/{task_gid}/addFollowers`, `/user/following/{username}`, `/cards/{idCard}/idMembers`. */
function fromPath(plan: ToolPlan): RelationPlan | null {
  const { tool } = plan;
  const method = tool.source.method ?? '';
  const { segments } = segmentsOf(tool.source.path!);
  const last = segments[segments.length - 1];
  const previous = segments[segments.length - 2];
  if (!last || !previous) return null;
  const byOriginal = (name: string | undefined) => plan.args.find((a) => a.original === name);
  const ownerArg = byOriginal(previous.params[previous.params.length - 1]);
  const owner = ownerArg ? { entity: entityName(previous.literal), arg: ownerArg } : undefined;
  const lastWords = words(last.literal);
  const verb = lastWords[0] ?? '';
  const bodyData = plan.args.filter((a) => a.location === 'body' || a.location === 'query').filter((a) => plan.roles.get(a.name)?.kind === 'data');
  // `/tasks/{task_gid}/addFollowers` (POST), `/gists/{gist_id}/star` (PUT, DELETE, GET).
  if (last.params.length === 0 && owner && (LINK.has(verb) || UNLINK.has(verb))) {
    const noun = lastWords.length > 1 ? relationNoun(lastWords.slice(1).join('_')) : IMPLIED[verb];
    if (!noun) return null;
    const act = method === 'GET' ? 'check' : method === 'DELETE' || UNLINK.has(verb) ? 'unlink' : 'link';
    const qualifiers = pathArgs(plan).filter((a) => a !== ownerArg);
    const extra = qualifiers.length > 0 ? { qualifiers } : {};
    if (act === 'check') return { act, noun, owner, ...extra };
    const member = memberOf(plan, ownerArg, noun, qualifiers);
    if (member === null) return null;
    // `/issues/{id}/add_spent_time(duration)`, `/reports/{id}/assign_to_self`: a generic verb links only references.
    if (GENERIC.has(verb) && !RELATION_NOUNS.has(noun) && (!member || !reference(member.arg, member.field))) return null;
    return { act, noun, owner, ...(member ? { member } : {}), ...extra };
  }
  // `/user/following/{username}` PUT/DELETE/GET, `/cards/{idCard}/idMembers/{idMember}` DELETE:
  // a collection's item that is someone else's key, put with no data of its own.
  const memberParam = byOriginal(last.params[last.params.length - 1]);
  const noun = relationNoun(last.literal);
  // `/issues/comments/{comment_id}`, `/tags/protection/{tag_protection_id}`: the collection's own rows, not links.
  const collection = words(last.literal);
  const one = singular(collection[collection.length - 1] ?? '');
  const whole = [...collection.slice(0, -1), one].join('_');
  // (In an id collection the rows are the other entity's ids: `idMembers/{idMember}` names a member.)
  const ownKey = memberParam && !/^id[A-Z]/.test(last.literal) && [`${one}_id`, `id_${one}`, `${whole}_id`, `id_${whole}`, 'id'].some((k) => memberParam.key === k || memberParam.key.endsWith(`_${k}`));
  // Trello's `idMembers`, `idLabels`: a collection of other rows' ids (`idBoard`, one id, is a reference to set, not a relation).
  const idCollection = /^id[A-Z]/.test(last.literal) && pluralize.isPlural(words(last.literal).pop() ?? '');
  // PUT with no data of its own links; DELETE unlinks only what is known to be a relation.
  // (A PUT may carry one optional scalar option, GitHub's collaborator `permission`; a body of its own makes it an update.)
  const option = bodyData.length === 0 || (bodyData.length === 1 && !bodyData[0]!.required && bodyData[0]!.schema.type !== 'object' && bodyData[0]!.schema.type !== 'array');
  // A PUT whose title says it updates ("Update a webhook") updates, however little data the spec declares.
  const updates = verbOf(tool.title)?.class.effect === 'update';
  const linking = method === 'PUT' ? option && !updates : method === 'DELETE' && (idCollection || RELATION_NOUNS.has(noun));
  if (memberParam && !ownKey && linking) {
    const ownerOf = ownerArg ? owner : undefined;
    // Every other path parameter identifies the link too (GitHub's `{owner}` of `/repos/{owner}/{repo}/…`, `/user/starred/{owner}/{repo}`).
    const qualifiers = pathArgs(plan).filter((a) => a !== memberParam && a !== ownerArg);
    const collection = tool.source.path!.slice(0, tool.source.path!.lastIndexOf('/'));
    return { act: method === 'PUT' ? 'link' : 'unlink', noun, ...(ownerOf ? { owner: ownerOf } : {}), member: { arg: memberParam, shape: 'one' }, ...(qualifiers.length > 0 ? { qualifiers } : {}), collection };
  }
  // Trello's `POST /cards/{idCard}/idMembers` with the member's id as its one value.
  if (!memberParam && owner && idCollection && (method === 'POST' || method === 'PUT')) {
    const member = memberOf(plan, ownerArg, noun);
    if (member) return { act: 'link', noun, owner, member };
  }
  return null;
}

/** From a tool's name: `tag_resource`, `add_tags_to_stream`, `follow_user`, `add_to_watchlist`, `conversations.invite`. */
function fromName(plan: ToolPlan): RelationPlan | null {
  const all = words(plan.tool.name);
  // The name's own verb must be the linking one: `update_tag` updates a tag. An RPC path's verb is its
  // last piece (`/admin.inviteRequests.approve` approves).
  const path = plan.tool.source.path ?? '';
  // The operation a path names: `/chat.postMessage`, AWS's `#Action=TagResource`, `#X-Amz-Target=Kinesis.AddTagsToStream`.
  const operation = /[=]([A-Za-z0-9_.]+)[^=]*$/.exec(path)?.[1]?.split('.').pop() ?? (/^\/?[A-Za-z]+(\.[A-Za-z]+)+$/.test(path) ? path.split('.').pop() : undefined);
  const rpc = operation ? words(operation)[0] : undefined;
  const named = rpc ?? verbOf(plan.tool.name)?.verb;
  const at = named !== undefined ? all.lastIndexOf(named) : all.findIndex((w) => LINK.has(w) || UNLINK.has(w));
  const verb = all[at];
  if (verb === undefined || !(LINK.has(verb) || UNLINK.has(verb))) return null;
  // A REST path names what a generic `add` makes (Trello's `add_cards_stickers_by_id_card` creates a sticker);
  // only a verb that is itself a relation (`tag_resource` at `/tags/{ARN}`) links there.
  if (plan.tool.source.path && !rpc && !/[=#]/.test(plan.tool.source.path) && !IMPLIED[verb]) return null;
  const act = UNLINK.has(verb) ? 'unlink' : 'link';
  const before = all.slice(0, at);
  const after = all.slice(at + 1);
  const cut = after.findIndex((w) => PREPOSITIONS.has(w));
  const object = (cut < 0 ? after : after.slice(0, cut)).filter((w) => !/^(all|the|a|an|for|new)$/.test(w));
  const target = cut < 0 ? [] : after.slice(cut + 1);
  const implied = IMPLIED[verb];
  // "add X to Y": X is the relation when Y is a row some argument names, else Y is the session's relation of Xs.
  const container = target.length > 0 ? entityName(target.join('_')) : before.length > 0 ? entityName(before.join('_')) : undefined;
  const containerArg = container ? ownerArgument(plan, container) : undefined;
  let noun = implied ?? (object.length > 0 ? relationNoun(object.join('_')) : container ? relationNoun(container) : undefined);
  let owner: RelationPlan['owner'];
  if (implied && !OBJECT_IS_MEMBER.has(verb) && object.length > 0) {
    // `tag_resource`: the resource is tagged.
    const entity = entityName(object.join('_'));
    const arg = ownerArgument(plan, entity);
    if (arg) owner = { entity, arg };
  } else if (container && containerArg && (keyEntityOf(containerArg, container) || (target.length === 0 && before.length > 0))) {
    // `conversations.invite(channel, users)`: the RPC's entity is the owner, named by its first required text.
    owner = { entity: container, arg: containerArg };
  } else if (!implied && target.length > 0) {
    // `add_to_watchlist(stock)`: the session's watchlist.
    noun = relationNoun(target.join('_'));
  }
  if (!noun) return null;
  const generic = GENERIC.has(verb);
  if (!owner && generic && target.length === 0) return null;
  const member = memberOf(plan, owner?.arg, noun);
  if (member === null) return null;
  if (!member && !owner) return null;
  // `admin.emoji.add(name, url)` makes an emoji: a generic verb links only references (ids, usernames, symbols).
  if (generic && member && !reference(member.arg, member.field) && !RELATION_NOUNS.has(noun)) return null;
  // Other required texts identify the link with its owner (sso-admin's `InstanceArn`).
  const qualifiers = plan.args.filter((a) => a.required && a !== owner?.arg && a !== member?.arg && a.schema.type === 'string' && plan.roles.get(a.name)?.kind === 'data');
  return { act, noun, ...(owner ? { owner } : {}), ...(member ? { member } : {}), ...(qualifiers.length > 0 ? { qualifiers } : {}) };
}

/** Whether an argument really names a row of `entity` (its key), not just any required text. */
function keyEntityOf(arg: Arg, entity: string): boolean {
  const pointed = keyEntity(arg);
  return (pointed !== null && pointed.entity === entity) || arg.key.startsWith(`${entity}_`) || arg.key === entity || /(^|_)(arn|gid)$/.test(arg.key);
}

/** The relation a write links or unlinks, or null. */
export function relationOf(plan: ToolPlan): RelationPlan | null {
  if (plan.tool.op !== 'write' && !plan.tool.source.path) return null;
  const path = plan.tool.source.path;
  const rest = path && !/[.=#]/.test((path.split('/').pop() ?? '').replace(/\.(json|xml)$/, ''));
  if (rest) {
    const found = fromPath(plan);
    if (found) return found;
  }
  return plan.tool.op === 'write' ? fromName(plan) : null;
}

/** The column a relation keeps its members in: `key` for tags, else named after the member (`username`, `follower_id`, `member_id`). */
function memberColumn(member: NonNullable<RelationPlan['member']>, noun: string): string {
  if (member.shape === 'pairs' || member.shape === 'map') return 'key';
  const key = fieldKey(member.field ?? member.arg.original).replace(/_to_[a-z]+$/, '');
  const last = noun.split('_').pop()!;
  if (/^(value|values|id|ids|member|members|item|items|user_ids?|key)$/.test(key) || key === last) return `${last}_id`;
  // `user_gid`, and Trello's `idMember`, are a `<thing>_id`.
  const pointed = /^(.+)_(id|gid|uuid)$/.exec(key) ?? /^id_(.+)$/.exec(key);
  return pointed ? `${pointed[1]}_id` : key;
}

/** The column a relation keeps its owner's key in: `<owner>_id` for a row's id, else the argument's own key (`resource_arn`). */
function ownerColumn(owner: NonNullable<RelationPlan['owner']>): string {
  const pointed = keyEntity(owner.arg);
  if (pointed && pointed.entity === owner.entity && pointed.column === 'id') return `${owner.entity}_id`;
  if (/(^|_)gid$/.test(owner.arg.key) || owner.arg.location === 'path') return `${owner.entity}_id`;
  return owner.arg.key;
}

/** Relation nouns a read speaks of: the words of its name, and the last segment of its path. */
function readNouns(plan: ToolPlan): { noun: string; owner?: string }[] {
  const out: { noun: string; owner?: string }[] = [];
  const path = plan.tool.source.path;
  if (path) {
    const { segments } = segmentsOf(path);
    const last = segments[segments.length - 1];
    const previous = segments[segments.length - 2];
    if (last) {
      // `/gists/starred` reads the gists' stars; `/user/starred` the session's own.
      if (previous) out.push({ noun: relationNoun(last.literal), owner: entityName(previous.literal) });
      out.push({ noun: relationNoun(last.literal) });
    }
  }
  // A REST path names what a read reads; its operationId's words (`issues_get_label`) are a namespace and a verb.
  // (A REST-looking path whose last piece is an operation, `/listTagsForResource`, names nothing: the name speaks.)
  const lastPiece = path?.split('/').pop() ?? '';
  if (path && !/[.=#]/.test(lastPiece) && !/^(list|get|describe)[A-Z]/.test(lastPiece)) return out;
  const all = words(plan.tool.name).filter((w) => !/^(get|list|all|describe|show|view|fetch|retrieve|read|check|is|has|my|the)$/.test(w));
  const cut = all.findIndex((w) => PREPOSITIONS.has(w));
  const head = cut < 0 ? all : all.slice(0, cut);
  const tail = cut < 0 ? [] : all.slice(cut + 1);
  if (head.length > 0) {
    out.push({ noun: relationNoun(head[head.length - 1]!), ...(tail.length > 0 ? { owner: entityName(tail.join('_')) } : head.length > 1 ? { owner: entityName(head.slice(0, -1).join('_')) } : {}) });
    out.push({ noun: relationNoun(head.join('_')) });
  }
  return out;
}

/**
 * Decide every tool's part in the domain's relations, give each relation one entity and one set of
 * column names, and point its tools (the reads that list or check it too) at that entity.
 */
export function planRelations(plans: ToolPlan[]): void {
  const writes = new Map<ToolPlan, RelationPlan>();
  // A collection some tool POSTs whole rows into holds entities (a repo's labels): its items are not links.
  const entityCollections = new Set(plans.filter((p) => p.tool.source.method === 'POST' && p.tool.effect === 'create' && p.args.filter((a) => a.location === 'body').length >= 2).map((p) => p.tool.source.path));
  for (const plan of plans) {
    const found = relationOf(plan);
    if (found && !(found.collection && entityCollections.has(found.collection))) writes.set(plan, found);
  }
  // One entity per relation; its columns from the first tools that name an owner and a member.
  const relations = new Map<string, { noun: string; columns: NonNullable<RelationPlan['columns']>; ownerKey?: string; memberKey?: string; ownerEntity?: string }>();
  for (const rel of writes.values()) {
    rel.entity = rel.owner ? `${rel.owner.entity}_${rel.noun}` : rel.noun;
    const known = relations.get(rel.entity) ?? { noun: rel.noun, columns: {} };
    if (rel.owner && !known.columns.owner) {
      known.columns.owner = ownerColumn(rel.owner);
      known.ownerKey = rel.owner.arg.key;
      known.ownerEntity = rel.owner.entity;
    }
    if (rel.qualifiers && !known.columns.qualifiers) known.columns.qualifiers = rel.qualifiers.map((q) => q.key);
    if (rel.member && !known.columns.member) {
      known.columns.member = memberColumn(rel.member, rel.noun);
      known.memberKey = rel.member.arg.key;
      if (rel.member.shape === 'pairs' || rel.member.shape === 'map') known.columns.value = 'value';
    }
    relations.set(rel.entity, known);
  }
  for (const [plan, rel] of writes) {
    rel.columns = relations.get(rel.entity!)!.columns;
    plan.relation = rel;
    plan.target = { entity: rel.entity!, parents: [] };
  }
  // Reads of a relation: its noun in the read's name or path, and its owner's key among the read's arguments.
  for (const plan of plans) {
    if (plan.tool.op !== 'read' || writes.has(plan) || relations.size === 0) continue;
    const keys = new Map(plan.args.map((a) => [a.key, a]));
    for (const { noun, owner } of readNouns(plan)) {
      const match = [...relations.entries()].find(([entity, r]) => r.noun === noun && (entity === (owner ? `${owner}_${noun}` : noun) || (r.ownerKey !== undefined && keys.has(r.ownerKey)) || (!r.ownerKey && !owner)));
      if (!match) continue;
      const [entity, r] = match;
      const ownerArg = r.ownerKey ? keys.get(r.ownerKey) ?? (plan.target.key?.arg && !r.memberKey ? plan.target.key.arg : undefined) : undefined;
      const memberArg = r.memberKey ? plan.args.find((a) => a.key === r.memberKey && a !== ownerArg && (a.required || a.location === 'path')) : undefined;
      const qualifiers = (r.columns.qualifiers ?? []).map((key) => keys.get(key)).filter((a): a is Arg => a !== undefined && a !== ownerArg && a !== memberArg);
      const rel: RelationPlan = {
        act: memberArg || (!r.columns.member && ownerArg) ? 'check' : 'list',
        noun,
        ...(ownerArg && r.ownerEntity ? { owner: { entity: r.ownerEntity, arg: ownerArg } } : {}),
        ...(memberArg ? { member: { arg: memberArg, shape: 'one' as const } } : {}),
        ...(qualifiers.length > 0 ? { qualifiers } : {}),
        entity,
        columns: r.columns,
      };
      plan.relation = rel;
      plan.target = { entity, parents: [] };
      break;
    }
  }
}
