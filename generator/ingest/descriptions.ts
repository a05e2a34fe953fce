// What a tool's description says it does: the clause that states it (past a preamble such as BFCL's
// "This tool belongs to…"), the verb that clause opens with, and whether the tool only computes on
// the numbers it is given. Read by classification, and by the stages that name a tool's entity.
import { words } from '../naming.js';
import type { Schema } from '../../formats/toolspec.js';
import { baseVerb, type Classification, READ, verbClass, verbOf } from './verbs.js';

/** A function or MCP tool as its name, description and inputs describe it. */
export interface FunctionTool {
  name: string;
  description?: string;
  /** Its input schema: a tool whose inputs are all numbers may compute a value. */
  input?: Schema;
}

/** The clauses of a text: sentences, and the parts a colon or semicolon splits them into. */
function clauses(text: string): string[] {
  return text
    .split(/[.!?;:\n]+(?:\s|$)|:\s/)
    .map((c) => c.replace(/^[\s*_`>#-]+/, '').trim())
    .filter(Boolean);
}

// Words that open a preamble rather than the statement of what the tool does ("This tool belongs to…",
// "It is…", "Tool description: …", "Note: …"): such a clause is passed over.
const PREAMBLE = new Set(['this', 'it', 'tool', 'tools', 'note', 'description', 'we', 'here']);

// Words a statement may open with that say nothing of what the tool does ("Can be used to…", "Is …").
const NOT_DESCRIBING = new Set(['is', 'has', 'can', 'exist', 'exists', 'info', 'stat', 'stats', 'head', 'new', 'health', 'look']);

/** The clause of a description that states what the tool does: the first of its first few past any preamble. */
export function statement(text: string | undefined): string | null {
  for (const clause of clauses(text ?? '').slice(0, 6)) {
    if (!PREAMBLE.has(firstWord(clause).toLowerCase())) return clause;
  }
  return null;
}

function firstWord(clause: string): string {
  return /^[A-Za-z]+/.exec(clause)?.[0] ?? '';
}

/**
 * The class of the verb a description's statement opens with (`Creates a customer.`; BFCL's `This
 * tool belongs to… Tool description: List the contents…`), or null when it opens with a word the
 * table does not know. Prose that opens with "Return(s)" tells what the tool gives back, so it reads;
 * a title's "Return a transfer" is the action.
 */
export function describedVerb(text: string | undefined, kind: 'prose' | 'title' = 'prose'): { clause: string; class: Classification } | null {
  const clause = statement(text);
  const verb = clause ? baseVerb(firstWord(clause)) : undefined;
  if (!clause || !verb || NOT_DESCRIBING.has(verb)) return null;
  return { clause, class: verb === 'return' && kind === 'prose' ? READ : verbClass(verb)! };
}

// Verbs that say the result is worked out from the arguments.
const COMPUTING = new Set(['calculate', 'compute']);

/** Whether every input is a number or a list of numbers, none of them a key (and there is at least one). */
function numericInputs(input: Schema | undefined): boolean {
  const entries = Object.entries(input?.properties ?? {});
  const numeric = (s: Schema | undefined) => s?.type === 'number' || s?.type === 'integer';
  const key = (name: string) => /(^|_)id$|[a-z]Id$|ID$/.test(name);
  return entries.length > 0 && entries.every(([name, p]) => !key(name) && (numeric(p) || (p.type === 'array' && numeric(p.items))));
}

/**
 * Whether a tool only computes a value from the numbers it is given: all its inputs are numbers and
 * its statement is about numbers ("Add two numbers", "Find the maximum value in a list of numbers")
 * or says it calculates. Such a tool reads, and acts on no entity.
 */
export function computes(tool: FunctionTool): boolean {
  if (!numericInputs(tool.input)) return false;
  const clause = statement(tool.description);
  if (!clause) return false;
  return /\bnumbers?\b/i.test(clause) || COMPUTING.has(baseVerb(firstWord(clause)) ?? '');
}

/**
 * The word of a tool's name that names its operation: the verb the name opens with, or a one-word
 * name its description states with a verb (BFCL's `cat`: "Display the contents of a file", `sort`:
 * "Sort the contents…"), which names a command rather than the thing it acts on.
 */
export function operationWord(name: string, description?: string): string | undefined {
  const verb = verbOf(name)?.verb;
  if (verb) return verb;
  const all = words(name);
  if (all.length !== 1) return undefined;
  const opening = firstWord(statement(description) ?? '').toLowerCase();
  return opening === all[0] || describedVerb(description) ? all[0] : undefined;
}
