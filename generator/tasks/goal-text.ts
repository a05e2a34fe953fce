// Goal-shaped instructions: the user says what should be true when the agent is done, the way a
// person writes to support ("Ticket 12 should be marked resolved, with the resolution "…", and
// have the title "habit"."). Lookups the agent needs to find a row are its own business: the row is
// named by what the user knows of it. Steps on one row make one sentence.
import type { Step } from './chain.js';
import { parentReference, rowKey, rowReference } from './references.js';
import { capital, joinAnd, pairs, plural, say, spoken, stated, theAttributes, titleGoal } from './wording.js';

/** The arguments that locate a row rather than change it (its parent's key in the path): its filters. */
const locators = (step: Step) => new Set(step.tool.binding.filters.map((f) => f.argument));

/** What should happen to a row, as a verb phrase after "should": "be marked closed", "have the title "X"". */
function change(step: Step, said: Set<string>): string {
  const b = step.tool.binding;
  // Where the row is was said where it was named; only what changes is said here.
  const attributes = stated(step.tool, step.arguments, new Set([...said, ...locators(step)]), step.table);
  switch (b.operator) {
    case 'transition': {
      const to = say(b.transition!.to);
      return `be marked ${/ed$/.test(to) ? to : `as ${to}`}${attributes.length ? `, with ${theAttributes(attributes)}` : ''}`;
    }
    case 'delete':
      return 'be deleted';
    case 'composite': {
      const a = b.adjust!;
      const others = attributes.filter((s) => s.argument !== a.argument);
      return `have ${spoken(step.arguments[a.argument]!)} ${a.direction === 'add' ? 'added to' : 'taken off'} its ${say(a.column)}${others.length ? ` (${pairs(others)})` : ''}`;
    }
    default:
      return attributes.length ? `have ${theAttributes(attributes)}` : 'be updated';
  }
}

/** A step on the one-row state of a system: what the user wants done, in the tool's own words. */
function stateGoal(step: Step): string {
  const b = step.tool.binding;
  const attributes = stated(step.tool, step.arguments, new Set(b.adjust ? [b.adjust.argument] : []), step.table);
  if (b.adjust) {
    const amount = spoken(step.arguments[b.adjust.argument]!);
    return `You want your ${say(b.adjust.column)} to go ${b.adjust.direction === 'add' ? 'up' : 'down'} by ${amount}${attributes.length ? ` (${pairs(attributes)})` : ''}.`;
  }
  const what = titleGoal(step.tool);
  if (what) return `You want to ${what}${attributes.length ? `, with ${pairs(attributes)}` : ''}.`;
  if (b.transition) return `You want the state marked as ${say(b.transition.to)}${attributes.length ? `, with ${pairs(attributes)}` : ''}.`;
  return attributes.length ? `You want ${theAttributes(attributes)} set.` : 'You want the settings saved as they are.';
}

/** A relation changed (tag, star, follow) or a computation asked for: what the user wants done, in the tool's words. */
function actionGoal(step: Step): string {
  const b = step.tool.binding;
  const attributes = stated(step.tool, step.arguments, new Set(), step.table);
  const what = titleGoal(step.tool) ?? (b.operator === 'compute' ? `work out the ${say(b.compute!.formula)}` : `${b.operator === 'link' ? 'add to' : 'remove from'} the ${plural(step.table)}`);
  return `You want to ${what}${attributes.length ? `, with ${pairs(attributes)}` : ''}.`;
}

/** One sentence about one row: what it should become after each of the steps on it. */
function rowSentence(steps: Step[], group: number[]): string {
  const first = steps[group[0]!]!;
  const op = first.tool.binding.operator;
  if (op === 'link' || op === 'unlink' || op === 'compute') return group.map((i) => actionGoal(steps[i]!)).join(' ');
  if (first.table.singleton) return group.map((i) => stateGoal(steps[i]!)).join(' ');
  const later = (from: number) =>
    group.slice(from).map((i) => {
      const ref = rowReference(steps, i, 'goal');
      const parent = parentReference(steps, i, 'goal');
      return change(steps[i]!, new Set([...ref.said, ...parent.said]));
    });
  if (first.tool.binding.operator === 'insert') {
    const parent = parentReference(steps, group[0]!, 'goal');
    const attributes = stated(first.tool, first.arguments, parent.said, first.table);
    const then = later(1);
    return `You need a new ${say(first.table.entity)}${parent.text}${attributes.length ? ` with ${pairs(attributes)}` : ''}${then.length ? `, which should then ${joinAnd(then)}` : ''}.`;
  }
  const ref = rowReference(steps, group[0]!, 'goal');
  const parent = parentReference(steps, group[0]!, 'goal');
  // A row named by its key is also placed by the user ("Ticket "tck_0024" in collection id "cll_0012""), unless an earlier call found it.
  const place = ref.kind === 'key' ? stated(first.tool, first.arguments, new Set([...ref.said, ...parent.said, ...[...first.tool.binding.values.map((v) => v.argument)]]), first.table).filter((s) => locators(first).has(s.argument)) : [];
  const where = place.length ? ` (${pairs(place)})` : '';
  if (ref.kind === 'none') {
    // Rows picked by what they hold, not by a key: "The tickets with status "closed" should be deleted."
    const attributes = stated(first.tool, first.arguments, parent.said, first.table);
    return `The ${plural(first.table)}${parent.text}${attributes.length ? ` with ${pairs(attributes)}` : ''} should ${first.tool.binding.operator === 'delete' ? 'be deleted' : change(first, new Set(attributes.map((a) => a.argument)))}.`;
  }
  return `${capital(ref.text)}${where}${parent.text} should ${later(0).join(', and then ')}.`;
}

/**
 * The goal sentences of a chain: its writes, grouped by the row they change. Reads are not said:
 * a lookup that found a row shows in how the row is named, and the answer a read gives is asked for
 * separately.
 */
export function goalText(steps: Step[]): string {
  // A computation is a read, but its inputs are the user's to state: it is said like a write.
  const writes = steps.map((s, i) => i).filter((i) => !steps[i]!.tool.annotations.readOnlyHint || steps[i]!.tool.binding.operator === 'compute');
  const groups: number[][] = [];
  for (const i of writes) {
    const last = groups[groups.length - 1];
    if (last && steps[i]!.tool.binding.operator !== 'compute' && rowKey(steps[last[last.length - 1]!]!, last[last.length - 1]!) === rowKey(steps[i]!, i) && steps[i]!.tool.binding.operator !== 'insert') last.push(i);
    else groups.push([i]);
  }
  return groups.map((g) => rowSentence(steps, g)).join(' ');
}
