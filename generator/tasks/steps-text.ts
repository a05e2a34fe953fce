// Step-by-step instructions (`--style steps`): one sentence per call, in order ("You want to find the
// tickets. Then mark the ticket whose title is … as closed."). Kept as an option so both kinds of
// training data exist; the chains are the same purposeful ones the goal style says as outcomes.
import type { Step } from './chain.js';
import { parentReference, rowReference } from './references.js';
import { pairs, plural, say, spoken, stated, titleGoal } from './wording.js';

/** One step as something to do: "close ticket 3". */
function stepGoal(steps: Step[], i: number, product: string): string {
  const step = steps[i]!;
  const { tool, table, arguments: args } = step;
  const b = tool.binding;
  const ref = rowReference(steps, i, 'steps');
  const parent = parentReference(steps, i, 'steps');
  const said = new Set([...ref.said, ...parent.said]);
  const rest = () => pairs(stated(tool, args, said, table));
  const onState = table.singleton;
  switch (b.operator) {
    case 'get': {
      if (!onState) return `look up ${ref.text}${rest() ? ` (${rest()})` : ''}`;
      const what = titleGoal(tool);
      return what ? `${what}${rest() ? `, with ${rest()}` : ''}` : `check ${product}${rest() ? ` for ${rest()}` : ''}`;
    }
    case 'list':
      return `find the ${plural(table)}${parent.text}${rest() ? ` with ${rest()}` : ''}`;
    case 'search': {
      const text = b.search ? args[b.search.argument] : undefined;
      if (b.search) said.add(b.search.argument);
      return `search the ${plural(table)}${parent.text}${text !== undefined ? ` for ${spoken(text)}` : ''}${rest() ? ` with ${rest()}` : ''}`;
    }
    case 'insert':
      return `create a new ${say(table.entity)}${parent.text}${rest() ? ` with ${rest()}` : ''}`;
    case 'update': {
      const what = onState ? titleGoal(tool) : null;
      if (what) return `${what}${rest() ? `, with ${rest()}` : ''}`;
      return `${onState ? `change the settings of ${product}` : `update ${ref.text}${parent.text}`}${rest() ? `: set ${rest()}` : ''}`;
    }
    case 'transition':
      return `mark ${onState ? product : ref.text} as ${say(b.transition!.to)}${rest() ? ` (with ${rest()})` : ''}`;
    case 'delete':
      return `delete ${b.key ? ref.text : `the ${plural(table)} with ${rest()}`}`;
    case 'link':
    case 'unlink': {
      const what = titleGoal(tool);
      const verb = b.operator === 'link' ? 'add' : 'remove';
      return what ? `${what}${rest() ? `, with ${rest()}` : ''}` : `${verb} ${rest() ? `${rest()} ` : ''}${b.operator === 'link' ? 'to' : 'from'} the ${plural(table)}`;
    }
    case 'compute': {
      const what = titleGoal(tool);
      return what ? `${what}${rest() ? `, with ${rest()}` : ''}` : `work out the ${say(b.compute!.formula)}${rest() ? ` of ${rest()}` : ''}`;
    }
    case 'composite': {
      const a = b.adjust!;
      said.add(a.argument);
      const add = a.direction === 'add';
      const owner = onState ? `your ${say(a.column)}` : `the ${say(a.column)} of ${ref.text}`;
      return `${add ? 'add' : 'take'} ${spoken(args[a.argument]!)} ${add ? 'to' : 'from'} ${owner}${rest() ? ` (with ${rest()})` : ''}`;
    }
  }
}

/** "You want to … Then … Then …". */
export function stepsText(steps: Step[], product: string): string {
  return steps.map((_, i) => (i === 0 ? `You want to ${stepGoal(steps, i, product)}.` : `Then ${stepGoal(steps, i, product)}.`)).join(' ');
}
