// LLaMA-Factory's ShareGPT layout (github.com/hiyouga/LLaMA-Factory data/README.md, "Sharegpt
// Format"; its data/converter.py SharegptDatasetConverter and data/formatter.py FunctionFormatter
// are what enforce it): `conversations` of {from, value} with human and observation at odd
// positions and gpt and function_call at even ones, ending on an even one; `system`; `tools` as a
// JSON string of function definitions. A function_call's value is JSON `{"name", "arguments"}`,
// or a JSON list of them for parallel calls; their results go in one observation, a JSON list of
// the result texts when there are several. Every gpt and function_call turn is trained.
import type { Json } from '../../../formats/toolspec.js';
import { argumentsParse, type Turn } from '../conversation.js';
import type { FunctionDefinition } from '../tools.js';
import type { ExportFormat } from './format.js';

type From = 'human' | 'gpt' | 'function_call' | 'observation';

/** The dataset_info.json entry that declares a file of these lines to LLaMA-Factory. */
export function datasetInfoEntry(file: string): object {
  return { file_name: file, formatting: 'sharegpt', columns: { messages: 'conversations', system: 'system', tools: 'tools' } };
}

/** The turns of one side of the alternation, joined into one entry. */
function entry(turns: Turn[]): { from: From; value: string } {
  const first = turns[0]!;
  if (first.role === 'user') return { from: 'human', value: turns.map((t) => (t.role === 'user' ? t.content : '')).join('\n\n') };
  if (first.role === 'tool') {
    const results = turns.map((t) => (t.role === 'tool' ? t.content : ''));
    return { from: 'observation', value: results.length === 1 ? results[0]! : JSON.stringify(results) };
  }
  const calls = turns.flatMap((t) => (t.role === 'assistant' ? t.calls : []));
  if (calls.length === 0) return { from: 'gpt', value: turns.map((t) => (t.role === 'assistant' ? (t.content ?? '') : '')).join('\n\n') };
  const values = calls.map((c) => ({ name: c.name, arguments: c.parsed as Json }));
  return { from: 'function_call', value: JSON.stringify(values.length === 1 ? values[0] : values) };
}

/** Which kind of entry a turn makes (runs of one kind are joined). */
const kindOf = (turn: Turn): string => (turn.role === 'assistant' ? (turn.calls.length > 0 ? 'call' : 'text') : turn.role);

/** A tool as LLaMA-Factory lists it: its default tool format reads `parameters.properties` of every tool, even one without parameters. */
const functionOf = (d: FunctionDefinition) => ({ ...d.function, parameters: { properties: {}, ...d.function.parameters } });

/** LLaMA-Factory's ShareGPT lines. */
export const sharegptFormat: ExportFormat = {
  name: 'sharegpt',
  weights: false,
  record(conversation) {
    if (!argumentsParse(conversation)) return { unfit: 'a call whose arguments are not a JSON object (LLaMA-Factory refuses a function_call that does not parse)' };
    const conversations: { from: From; value: string }[] = [];
    let run: Turn[] = [];
    for (const turn of conversation.turns) {
      if (run.length > 0 && kindOf(run[0]!) !== kindOf(turn)) {
        conversations.push(entry(run));
        run = [];
      }
      run.push(turn);
    }
    if (run.length > 0) conversations.push(entry(run));
    // An assistant's text next to its calls has no place in a function_call entry; the calls are what it did.
    const odd = new Set<From>(['human', 'observation']);
    const misplaced = conversations.findIndex((c, i) => odd.has(c.from) !== (i % 2 === 0));
    if (misplaced >= 0 || conversations.length % 2 !== 0) return { unfit: `turn ${misplaced + 1} (${conversations[misplaced]?.from ?? 'the last'}) breaks the alternation LLaMA-Factory requires` };
    return { line: { conversations, system: conversation.system ?? '', tools: JSON.stringify(conversation.tools.definitions.map(functionOf)) } };
  },
};
