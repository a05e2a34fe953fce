// Identifiers that came from a catalog are untrusted: a spec may name a field `__proto__`,
// `"; DROP TABLE x; --`, `../../etc`, 300 characters of anything, or `名前`. Every name that ends up
// in SQL, in generated JavaScript, in a file path or in a tool's input schema passes through here.
import { NameScope, shortHash, singular, snakeName, words } from '../naming.js';

/** SQL identifiers (tables, columns): `^[a-z_][a-z0-9_]{0,47}$`. They are double-quoted in SQL as well. */
export const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

/** Argument names: what Anthropic's and OpenAI's tool APIs accept, and safe as JS property keys. */
export const ARGUMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

// Every member of Object.prototype (a fixed list, so output does not depend on the Node version):
// generated code reads arguments as `args.name`, and zod reads each declared key of the input object,
// so an absent `toLocaleString` argument would be the prototype's function instead of undefined.
export const OBJECT_PROTOTYPE_MEMBERS = [
  'constructor', '__defineGetter__', '__defineSetter__', 'hasOwnProperty', '__lookupGetter__', '__lookupSetter__',
  'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', '__proto__', 'toLocaleString',
];

// Names that are valid identifiers but mean something to JavaScript objects or to SQLite (compared lower-cased).
const DANGEROUS = new Set([...OBJECT_PROTOTYPE_MEMBERS.map((m) => m.toLowerCase()), 'prototype', 'rowid', 'oid', '_rowid_', '_meta', '_changes']);

/** A column or table name: snake_case, ≤ 48 characters, never a reserved or dangerous word. */
export function sqlName(raw: string, fallback = 'field'): string {
  let name = snakeName(raw, 48, fallback);
  if (DANGEROUS.has(name) || name.startsWith('sqlite_')) name = `${fallback}_${name}`.slice(0, 48);
  if (!SQL_IDENTIFIER.test(name)) name = `${fallback}_${shortHash(raw)}`;
  return name;
}

/** Plural table name of a singular entity (`credit_card` → `credit_cards`). */
export function tableName(entity: string): string {
  const parts = entity.split('_');
  const last = parts.pop() ?? entity;
  const plural = /(x|ch|sh|ss|us)$/.test(last)
    ? `${last}es`
    : last.endsWith('s')
      ? last
      : last.endsWith('y') && !/[aeiou]y$/.test(last)
        ? `${last.slice(0, -1)}ies`
        : `${last}s`;
  return sqlName([...parts, plural].join('_'), 'table');
}

/** The singular entity of a word group (`CreditCards` → `credit_card`). */
export function entityName(raw: string): string {
  const parts = words(raw);
  if (parts.length === 0) return 'item';
  parts[parts.length - 1] = singular(parts[parts.length - 1]!);
  return sqlName(parts.join('_'), 'entity');
}

/**
 * An argument name for a tool's input schema: the catalog's own name when it is already a safe
 * identifier (`petId`, `ticket_id`), else its snake_case form (`filter[name]` → `filter_name`,
 * `$top` → `top`, `__proto__` → `arg_proto`).
 */
export function argumentName(raw: string): string {
  if (ARGUMENT_NAME.test(raw) && !DANGEROUS.has(raw.toLowerCase()) && !raw.startsWith('__')) return raw;
  let name = snakeName(raw, 64, 'arg');
  if (DANGEROUS.has(name) || name.startsWith('__')) name = `arg_${name.replace(/^_+/, '')}`;
  return ARGUMENT_NAME.test(name) ? name : `arg_${shortHash(raw)}`;
}

/** Unique argument names for one tool, in the input's order: original name → safe name. */
export function argumentNames(raw: string[]): Map<string, string> {
  const scope = new NameScope(64);
  return new Map(raw.map((name) => [name, scope.claim(argumentName(name))]));
}

// JavaScript reserved words cannot name a generated function.
const RESERVED_JS = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval'.split(' '),
);

// Module-scope names a tool function must not shadow or clash with: the `tools` map tools.js exports,
// and the globals generated code (or a user's edit) relies on. A function named `undefined` would
// make every `args.x !== undefined` test compare against it.
const MODULE_SCOPE = new Set(
  'tools undefined NaN Infinity globalThis Object Function Array Number String Boolean Symbol BigInt Math JSON Date RegExp Error TypeError RangeError SyntaxError Promise Map Set WeakMap WeakSet Reflect Proxy Intl Buffer console process require module exports parseInt parseFloat isNaN isFinite encodeURIComponent decodeURIComponent structuredClone setTimeout clearTimeout queueMicrotask URL'.split(' '),
);

const JS_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Whether a tool name can be a tools.js function name as it is. */
function usableAsFunction(name: string): boolean {
  return JS_IDENTIFIER.test(name) && !RESERVED_JS.has(name) && !MODULE_SCOPE.has(name);
}

/**
 * The tools.js function name of every tool, unique in the module: the tool's own name when it is a
 * usable identifier (`lockDoors`, `get_ticket`), else `tool_<name>` (`delete` → `tool_delete`,
 * `get-user` → `tool_get_user`). Names usable as they are claim first, so a catalog with both
 * `delete` and `tool_delete` gives `tool_delete` and `tool_delete_2`.
 */
export function functionNames(tools: string[]): Map<string, string> {
  const scope = new NameScope(80);
  for (const name of [...RESERVED_JS, ...MODULE_SCOPE]) scope.claim(name);
  const out = new Map<string, string>();
  for (const tool of tools) if (usableAsFunction(tool) && !out.has(tool)) out.set(tool, scope.claim(tool));
  for (const tool of tools) {
    if (out.has(tool)) continue;
    const base = `tool_${tool.replace(/[^A-Za-z0-9_$]/g, '_')}`;
    out.set(tool, scope.claim(JS_IDENTIFIER.test(base) ? base : `tool_${shortHash(tool)}`));
  }
  return out;
}

// Names every plain JavaScript object already has. MCP servers and clients keep tools in plain
// objects keyed by name (the SDK's McpServer does), so a tool named `constructor` would collide.
const OBJECT_MEMBERS = new Set(OBJECT_PROTOTYPE_MEMBERS);

/** An MCP tool name that no plain object already answers to (`constructor` → `constructor_tool`). */
export function toolName(name: string): string {
  return OBJECT_MEMBERS.has(name) ? `${name}_tool` : name;
}

/** npm package name of a domain: `agentscaler-<slug>` (slugs are `[a-z0-9-]`, ≤ 48 characters). */
export function packageName(slug: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 64) throw new Error(`unsafe domain slug '${slug}'`);
  return `agentscaler-${slug}`;
}
