// What each argument of a tool is for, decided once from its name, type and description: data the
// tool stores or matches, or one of the request's own knobs — page size, offset, page number,
// cursor, keyset bounds, sort column and direction, field selection, free-text search — or a
// transport or formatting flag that changes how a request travels or a response is rendered, never
// which rows it touches. Flags are left out of the schema the agent sees (domain.json says so, with
// the reason), so they never filter rows and never become task values.
import type { Schema, ToolSpec } from '../../formats/toolspec.js';
import type { OmittedKind } from '../../formats/contract.js';
import type { Arg } from './targets.js';

/** The role of one argument. */
export type ArgumentRole =
  | { kind: 'data' }
  | { kind: 'search' }
  | { kind: 'page-size' }
  | { kind: 'offset' }
  | { kind: 'page' }
  | { kind: 'cursor' }
  /** Keyset paging: the rows after (or before) the one with this key (Stripe's `starting_after`). */
  | { kind: 'after-key' }
  | { kind: 'before-key' }
  | { kind: 'sort' }
  | { kind: 'direction' }
  | { kind: 'select' }
  /** Left out of the schema: a transport or formatting flag. */
  | { kind: Exclude<OmittedKind, 'no-effect'>; reason: string };

const DATA: ArgumentRole = { kind: 'data' };
const flag = (kind: 'transport' | 'format', reason: string): ArgumentRole => ({ kind, reason });

/** Free-text search arguments. */
export const SEARCH_KEYS = new Set(['q', 'query', 'keyword', 'keywords', 'search', 'search_term', 'term', 'text', 'search_query', 'pattern', 'search_string']);

// Keys of the request machinery that conventions share across APIs (OAuth, JSONP, Google's system
// parameters, OData's system query options, Azure's api-version), after a `body_` or `opt_` prefix.
const CREDENTIAL_KEYS = /^(access_token|oauth_token|api_key|apikey|auth_token|authorization|auth|session_token|security_token|bearer|token|key|client_secret|signature|x_api_key)$/;
const CREDENTIAL_WORDS = /\b(api key|access token|oauth|authenticat\w*|authoriz\w*|credential|bearer|secret key|token\b.*\b(scope|auth))/i;
const PLUMBING_KEYS = /^(callback|jsonp|upload_type|upload_protocol|quota_user|user_ip|xgafv|pass_through|api_version|nocache|x_field|fields_mask)$/;
const PLUMBING_WORDS = /\b(jsonp|quota purposes|legacy upload|upload protocol|passed (?:through|along) to|passthrough|pass-through|api version|version of the api|error format|cache[- ]bust|requesting application supports)/i;
const FORMAT_KEYS = /^(pretty|pretty_print|prettyprint|human_readable|alt|raw|format|response_format|output_format|envelope|indent|debug|lang|locale|hl|language_code|include|expand|embed|opt_field|include_field)$/;
const FORMAT_WORDS = /\b(pretty|human[- ]readable|indent\w*|line breaks|raw response|debugging purposes|data format for (?:the )?response|format of the (?:response|output|result)|response format|output format|expand\w*|include[sd]? (?:the )?(?:related|nested|optional|full)|optional properties|language of (?:the )?(?:response|result|text)|localiz\w*|(?:to )?include (?:\w+ ){0,3}in the (?:response|result|output)|part of the response|permissions? to include)/i;
// What to add to a response, whatever the type ("labels to include in the `labelInfo` part of the response").
const RESPONSE_SHAPE = /\b(?:to )?include (?:[\w`'.]+ ){0,4}in the (?:response|result|output)|part of the response\b|(?:to|should) be (?:expanded|embedded) in the response/i;
const DATA_FORMATS = new Set(['json', 'xml', 'csv', 'yaml', 'html', 'text', 'proto', 'media', 'atom', 'rss', 'pdf', 'tsv']);

const PAGE_SIZE_KEYS = /^(limit|per_page|page_size|max_result|max_results|max_item|max_record|max_count|top|size|count|first|last|results_per_page|resource_per_page|tag_per_page|item_per_page|items_per_page|max_key|max_upload|page_limit|num_result|number_of_result|maxresults)$|_per_page$/;
const PAGE_SIZE_WORDS = /\b((?:maximum|max|limit (?:on )?the)?\s*number of (?:\w+ ){0,3}(?:to return|returned|per page|in (?:the|each|a) (?:response|page|result))|results? per page|page size|how many (?:\w+ ){0,3}(?:to return|are returned))/i;
const OFFSET_KEYS = /^(offset|skip|start|start_index|first_result|from)$/;
const PAGE_KEYS = /^(page|page_number|page_num|page_index|pagenum)$/;
const CURSOR_KEYS = /^(cursor|page_token|next_token|pagination_token|continuation_token|continuation|marker|next_marker|starting_token|next_page_token|next_cursor|page_cursor|scroll_id|exclusive_start_\w+|start_key|next|offset_token)$/;
const CURSOR_WORDS = /\b(pagination token|page token|continuation token|cursor|next page|token (?:returned|from|for) (?:a |the )?(?:previous|prior|next|last)|offset token|results? page to retrieve|marker)\b/i;
const AFTER_KEYS = /^(starting_after|after_id|after_key|since_id)$/;
const BEFORE_KEYS = /^(ending_before|before_id|before_key|max_id)$/;
const SORT_KEYS = /^(sort|sort_by|sortby|order_by|orderby|sort_field|sort_key|sort_column|order_field|sort_on)$/;
const DIRECTION_KEYS = /^(direction|sort_direction|sort_dir|sort_order|order_direction|dir|order|ascending|descending|asc|desc)$/;
const SELECT_KEYS = /^(field|fields|select|projection|properties_to_return|return_field|response_field)$/;
const SELECT_WORDS = /\b(fields? (?:to|you want to|that should be|which should be) (?:include|return|be returned|be included)|partial response|which fields|subset of fields|fields? (?:are|is) (?:included|returned)|comma[- ]separated list of (?:fields|attributes|properties))/i;

/** The key an argument is recognised by: its canonical key without a `body_` or `opt_` prefix (ingest's clash and Asana's option prefixes). */
function keyOf(arg: Arg): string {
  return arg.key.replace(/^(body|opt|query)_/, '');
}

const isNumber = (s: Schema) => s.type === 'integer' || s.type === 'number';
const isText = (s: Schema) => s.type === 'string' || s.type === undefined;
/** A tool whose purpose is to sign in: its credentials are its data. */
const signsIn = (tool: ToolSpec) => /(^|_)(login|log_in|signin|sign_in|authenticate|auth|token|oauth|password)(_|$)/.test(tool.name) || /\b(log(?:s)? in|sign(?:s)? in|authenticate)/i.test(tool.title);

/** Whether an enum's values name directions (`asc`, `desc`, `ascending`, `newest`). */
function directionValues(values: unknown[]): boolean {
  return values.length >= 2 && values.every((v) => typeof v === 'string' && /^(asc|desc|ascending|descending|oldest|newest|up|down|a|d|[+-])$/i.test(v));
}

/**
 * Whether an argument is a credential: a conventional credential name, or `key`/`token` described as
 * one ("API key", "Authentication token", Trello's "Generate your application key") or not described
 * at all. A token the description gives a purpose ("sent to an endpoint during Subscribe") is data.
 */
function credential(key: string, text: string): boolean {
  if (key === 'key' || key === 'token') return CREDENTIAL_WORDS.test(text) || /\b(application|app|api|user|access|auth|secret|generate|getting|developer)\b/i.test(text) || text.trim().split(/\s+/).length <= 2;
  return CREDENTIAL_KEYS.test(key) || (/token|key|secret/.test(key) && CREDENTIAL_WORDS.test(text));
}

/** The role of one argument of `tool`. */
export function roleOf(arg: Arg, tool: ToolSpec): ArgumentRole {
  const key = keyOf(arg);
  const schema = arg.schema;
  const text = schema.description ?? '';
  const read = tool.op === 'read';
  // One allowed value (AWS query's `Action=TagResource`, `Version=2010-03-31`) says nothing the tool's name does not.
  // (A body member's single value may be one alternative of a union ingest could not keep whole.)
  if (schema.enum?.length === 1 && arg.location !== 'body') return flag('transport', `takes only ${JSON.stringify(schema.enum[0])}; it carries no information the tool's name does not`);
  if (!signsIn(tool) && credential(key, text) && isText(schema)) return flag('transport', 'a credential; the simulated API needs none');
  if (PLUMBING_KEYS.test(key) || PLUMBING_WORDS.test(text)) return flag('transport', 'request plumbing (callback, quota, upload protocol, pass-through, API version); it changes no data');
  // `format` of a read is the response's; of a write (an export's file type) it is data, unless it says otherwise.
  const dataFormats = !schema.enum || schema.enum.every((v) => typeof v === 'string' && DATA_FORMATS.has(v.toLowerCase()));
  const formatKey = FORMAT_KEYS.test(key) && (key !== 'format' || (read && dataFormats) || FORMAT_WORDS.test(text));
  if (formatKey || (schema.type === 'boolean' && FORMAT_WORDS.test(text)) || RESPONSE_SHAPE.test(text)) {
    if (!(key === 'include' && !read) && !(/^(lang|locale|hl|language_code)$/.test(key) && !read)) return flag('format', 'changes how the response is rendered, not which rows it holds');
  }
  if (read && SEARCH_KEYS.has(key) && isText(schema)) return { kind: 'search' };
  if (read && isNumber(schema) && (PAGE_SIZE_KEYS.test(key) || PAGE_SIZE_WORDS.test(text)) && !/(^|_)(id|amount|price|total)$/.test(key)) return { kind: 'page-size' };
  if (read && isNumber(schema) && OFFSET_KEYS.test(key)) return { kind: 'offset' };
  if (read && isNumber(schema) && PAGE_KEYS.test(key)) return { kind: 'page' };
  if (read && isText(schema) && AFTER_KEYS.test(key)) return { kind: 'after-key' };
  if (read && isText(schema) && BEFORE_KEYS.test(key)) return { kind: 'before-key' };
  if (read && isText(schema) && (CURSOR_KEYS.test(key) || ((key === 'offset' || key === 'page' || key === 'after' || key === 'before' || key === 'start' || key === 'token' || /_token$/.test(key)) && CURSOR_WORDS.test(text)))) return { kind: 'cursor' };
  // OData's `$orderby` is a list of "name desc" strings.
  const sortable = isText(schema) || schema.type === 'object' || (schema.type === 'array' && (schema.items === undefined || isText(schema.items)));
  if (read && (SORT_KEYS.test(key) || (key === 'order' && !directionValues(schema.enum ?? []))) && sortable) return { kind: 'sort' };
  if (read && /^count$/.test(key) && schema.type === 'boolean') return flag('format', 'asks for a total count in the response; it selects no rows');
  if (read && DIRECTION_KEYS.test(key) && (directionValues(schema.enum ?? []) || schema.type === 'boolean' || (!schema.enum && isText(schema) && /\basc|desc|ascending|descending/i.test(text)))) return { kind: 'direction' };
  // A read's field list shapes the rows it returns; a write's only when it says so (Google's `fields` on every call).
  const selects = read ? SELECT_KEYS.test(key) || SELECT_WORDS.test(text) : /^(field|fields|select)$/.test(key) && SELECT_WORDS.test(text);
  if (selects && (isText(schema) || schema.type === 'array') && !arg.required) return { kind: 'select' };
  return DATA;
}

/** Whether a role is one of the request's own knobs rather than data: never a column. */
export function isKnob(role: ArgumentRole): boolean {
  return role.kind !== 'data';
}
