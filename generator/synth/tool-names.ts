// MCP tool names of a domain. An agent trained here should call the real API by its real names, so
// the catalog's own name (operationId, function name, MCP tool name) is kept whenever every model
// API accepts it and a client that prefixes its server's name (Mastra, LangChain) stays under 64
// characters. Only names that are invalid, too long, taken in the domain or reserved are changed.
import { providerShort } from '../graph/slugs.js';
import { singular, words } from '../naming.js';
import type { ToolSpec } from '../../formats/toolspec.js';
import type { ToolRename } from '../../formats/contract.js';
import { toolName } from './identifiers.js';

/** What OpenAI, Anthropic and Gemini all accept as a function name (Gemini: no leading digit or dash). */
export const PORTABLE_TOOL_NAME = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;

/** Longest MCP tool name we emit: 64 (the model APIs' limit) less room for a client's server prefix. */
export const TOOL_NAME_MAX = 48;

/** One tool's MCP name and, when it is not the catalog's own, why. */
export interface NamedTool {
  name: string;
  rename?: ToolRename;
}

/** Singular lower-case words of a name part, for comparing parts (`accessReviewDecisions` ≈ `accessReviewDecision`). */
const wordsOf = (part: string) => words(part).map(singular);

/** Whether the words of `part` appear, in order and together, among the words of `whole`. */
function within(whole: string, part: string): boolean {
  const w = wordsOf(whole).join(' ');
  const p = wordsOf(part).join(' ');
  return p.length > 0 && ` ${w} `.includes(` ${p} `);
}

/** A name starting with a letter: a leading digit gets `op_` (Gemini refuses it). */
const lettered = (name: string) => (/^[0-9]/.test(name) ? `op_${name}` : name);

/**
 * The first word or part and as many of the last ones as fit in `max`, since names put their verb
 * first (`list_…`) or last (`….createUploadSession`); null when not even two fit.
 */
function firstAndLast(parts: string[], max: number): string | null {
  const first = lettered(parts[0]!);
  let tail: string[] = [];
  for (let i = parts.length - 1; i > 0; i--) {
    const next = [parts[i]!, ...tail];
    if (`${first}_${next.join('_')}`.length > max) break;
    tail = next;
  }
  return tail.length > 0 ? `${first}_${tail.join('_')}` : null;
}

/**
 * A valid name of at most `max` characters, as close to `name` as it can be. The parts between
 * characters a model API refuses (Microsoft Graph's `users.calendar.calendarView.instances`) keep
 * their case, joined by `_`; a part whose words a later part repeats says nothing new and goes
 * (`accessReviewDecisions.accessReviewDecision.ListAccessReviewDecision` → `ListAccessReviewDecision`).
 * Still too long, the first part and the last ones that fit stay; failing that, the same with
 * snake_case words.
 */
export function shortName(name: string, max = TOOL_NAME_MAX): string {
  return nameCandidates(name, max)[0]!;
}

/** The parts of a name between characters a model API refuses. */
const partsOf = (name: string) => name.split(/[^A-Za-z0-9_-]+/).filter((p) => /[A-Za-z0-9]/.test(p));

/** Parts less those whose words a later part repeats. */
const newParts = (parts: string[]) => parts.filter((part, i) => !parts.slice(i + 1).some((later) => within(later, part)));

/**
 * Valid names of at most `max` characters for `name`, best first: `shortName`'s, then others a
 * sibling that took the first can be told from by (another middle part kept, the repeated parts
 * kept).
 */
export function nameCandidates(name: string, max = TOOL_NAME_MAX): string[] {
  const all = partsOf(name);
  if (all.length === 0) return ['tool'];
  const out: string[] = [];
  const add = (candidate: string | null) => {
    if (candidate && candidate.length <= max && !out.includes(candidate)) out.push(candidate);
  };
  for (const kept of [newParts(all), all]) {
    add(lettered(kept.join('_')));
    const last = kept[kept.length - 1]!;
    if (kept.length > 1) {
      add(firstAndLast(kept, max));
      for (let k = kept.length - 2; k > 0; k--) add(`${lettered(kept[0]!)}_${kept[k]}_${last}`);
      for (let k = kept.length - 2; k > 0; k--) add(lettered(`${kept[k]}_${last}`));
      add(lettered(last));
    }
    // One part is too long by itself: its words, first and last ones kept, before all the words.
    for (const source of [[last], kept]) {
      const spoken = words(source.join(' '));
      // Of a repeated word the last one stays: `customers_customer` is one customer.
      const unique = spoken.filter((word, i) => i === spoken.length - 1 || singular(spoken[i + 1]!) !== singular(word));
      const snake = lettered(unique.join('_'));
      add(snake.length <= max ? snake : firstAndLast(unique, max));
    }
  }
  if (out.length === 0) out.push(lettered(words(name).join('_')).slice(0, max).replace(/_+$/, '') || 'tool');
  return out;
}

/** The catalog's own name of a tool: what its operationId, function or MCP tool was called. */
function catalogName(tool: ToolSpec): string {
  return tool.source.name ?? tool.name;
}

/**
 * The MCP name of every tool of one domain, in order. A name two providers of the domain share gets
 * the provider's short name in front; a name still taken gets `_2`, `_3`.
 */
export function toolNames(tools: ToolSpec[]): NamedTool[] {
  const counts = new Map<string, number>();
  for (const t of tools) counts.set(catalogName(t), (counts.get(catalogName(t)) ?? 0) + 1);
  const taken = new Set<string>();
  return tools.map((tool) => {
    const original = catalogName(tool);
    let name = original;
    let reason: ToolRename['reason'] | undefined;
    let candidates = [name];
    if (!PORTABLE_TOOL_NAME.test(name)) {
      candidates = nameCandidates(name);
      reason = 'invalid';
    } else if (name.length > TOOL_NAME_MAX) {
      candidates = nameCandidates(name);
      reason = 'long';
    }
    if (counts.get(original)! > 1) {
      candidates = nameCandidates(`${providerShort(tool.provider).join('_')}_${candidates[0]}`);
      reason ??= 'shared';
    }
    if (toolName(candidates[0]!) !== candidates[0]) reason ??= 'reserved';
    candidates = candidates.map(toolName);
    name = candidates.find((c) => !taken.has(c)) ?? candidates[0]!;
    if (taken.has(name)) {
      // Every candidate is taken: number the best one, cut to leave room for the number.
      const base = toolName(nameCandidates(name, TOOL_NAME_MAX - 4)[0]!);
      for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
      reason ??= 'taken';
    }
    taken.add(name);
    return reason ? { name, rename: { from: original, reason } } : { name };
  });
}
