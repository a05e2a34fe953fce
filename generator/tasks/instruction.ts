// What the simulated user is told: who they are, what they want (as outcomes, or step by step with
// `--style steps`), and what they want to be told back. Every value the agent needs is in it, no
// tool name is.
import type { Persona, RequiredOutput } from '../../formats/task.js';
import type { Answer } from './answers.js';
import type { Step } from './chain.js';
import { goalText } from './goal-text.js';
import { productOf } from './persona.js';
import { parentReference, rowReference } from './references.js';
import { stepsText } from './steps-text.js';
import { pairs, plural, say, stated, tidy } from './wording.js';

/** How instructions are written: outcomes the user wants, or the calls one by one. */
export type InstructionStyle = 'goal' | 'steps';

/** The answer as the user asks for it: "the priority of ticket 3", "how many open tickets there are". */
export function askedFor(answer: Answer, steps: Step[], style: InstructionStyle): string {
  const step = steps[answer.call]!;
  const table = step.table;
  const column = answer.column ? say(answer.column.name) : '';
  switch (answer.kind) {
    case 'count': {
      const parent = parentReference(steps, answer.call, style);
      const b = step.tool.binding;
      const filters = stated(step.tool, step.arguments, new Set([...parent.said, ...(b.search ? [b.search.argument] : [])]), table);
      const search = b.search ? step.arguments[b.search.argument] : undefined;
      return `how many ${plural(table)}${search !== undefined ? ` match "${String(search)}"` : ' there are'}${parent.text}${filters.length ? ` with ${pairs(filters)}` : ''}`;
    }
    case 'new-id':
      return `the id of the new ${say(table.entity)}`;
    case 'computed':
      return 'the result';
    case 'changed':
      if (table.singleton) return `your new ${column}`;
      return `the new ${column} of ${rowReference(steps, answer.call, style).text}`;
    default:
      if (table.singleton) return `the current ${column}`;
      return `the ${column} of ${rowReference(steps, answer.call, style).text}`;
  }
}

/** The instruction and the outputs it asks for. */
export function instructionText(style: InstructionStyle, who: Persona, steps: Step[], answer: Answer | null): { text: string; outputs: RequiredOutput[] } {
  const body = style === 'goal' ? goalText(steps) : stepsText(steps, productOf(steps[0]!.tool));
  const outputs: RequiredOutput[] = answer ? [{ call: answer.call, path: answer.path, value: answer.value, asked: tidy(askedFor(answer, steps, style)) }] : [];
  const ask = outputs.length === 0 ? '' : style === 'goal' ? `You want to know ${outputs.map((o) => o.asked).join(' and ')}.` : `At the end, you want to be told ${outputs.map((o) => o.asked).join(' and ')}.`;
  return { text: [`You are ${who.name}, ${who.role}.`, body, ask].filter(Boolean).join(' '), outputs };
}
