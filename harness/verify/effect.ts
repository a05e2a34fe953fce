// What a call does, as exact match compares it: the operator and table its tool is bound to and
// its arguments renamed to the columns they reach, so two tools bound to the same operator on the
// same table with the same effective arguments are one call (`close_ticket` and `resolve_ticket`
// both move ticket 3 to the same state only if their bindings say so). Arguments the binding leaves
// unused change nothing and are left out; an argument nothing maps stays under its own name.
import type { ArgumentColumn, Binding, DomainContract, ToolContract } from '../../formats/contract.js';
import type { Json } from '../../formats/toolspec.js';
import { callKey, canonical, isObject } from './arguments.js';

/** The tools of a contract by name (built once per contract). */
const byName = new WeakMap<DomainContract, Map<string, ToolContract>>();

/** The contract's tool `name`, if it has one. */
export function toolOf(contract: DomainContract, name: string): ToolContract | undefined {
  let tools = byName.get(contract);
  if (!tools) {
    tools = new Map(contract.tools.map((t) => [t.name, t]));
    byName.set(contract, tools);
  }
  return tools.get(name);
}

/** The identity of a call by what it does; by tool name and arguments when the contract does not know the tool. */
export function effectKey(contract: DomainContract | undefined, tool: string, args: unknown): string {
  const spec = contract ? toolOf(contract, tool) : undefined;
  if (!spec || !isObject(args)) return callKey(tool, args);
  return bindingKey(spec.binding, args);
}

/** The effective arguments of a call under its binding, keyed by role and column. */
function bindingKey(b: Binding, args: Record<string, unknown>): string {
  const parts: Record<string, unknown> = {};
  const used = new Set<string>(b.unbound.map((u) => u.argument));
  const take = (role: string, entry: ArgumentColumn | undefined) => {
    if (!entry) return;
    used.add(entry.argument);
    const whole = args[entry.argument];
    const value = entry.field === undefined ? whole : isObject(whole) ? whole[entry.field] : undefined;
    if (value !== undefined) parts[`${role}.${entry.column}${entry.match && entry.match !== 'equals' ? `.${entry.match}` : ''}`] = value;
  };
  const named = (role: string, argument: string | undefined) => {
    if (argument === undefined) return;
    used.add(argument);
    if (args[argument] !== undefined) parts[role] = args[argument];
  };
  take('key', b.key);
  for (const f of b.filters) take('filter', f);
  for (const v of b.values) take('set', v);
  if (b.adjust) named(`${b.adjust.direction}.${b.adjust.column}`, b.adjust.argument);
  if (b.search) named(`search.${b.search.columns.join(',')}`, b.search.argument);
  named('limit', b.limit?.argument);
  named('offset', b.offset);
  named('page', b.page);
  named('cursor', b.cursor);
  named('after', b.after);
  named('before', b.before);
  if (b.relation) {
    take('owner', b.relation.owner);
    for (const q of b.relation.qualifiers ?? []) take('qualifier', q);
    if (b.relation.member) named(`member.${b.relation.member.column}`, b.relation.member.argument);
  }
  for (const effect of b.effects ?? []) {
    if (effect.argument !== undefined) named(`effect.${effect.column}`, effect.argument);
  }
  b.compute?.inputs.forEach((input, i) => {
    if ('argument' in input) named(`input.${i}`, input.argument);
  });
  // Sort, selection and anything else: compared under the argument's own name.
  for (const [name, value] of Object.entries(args)) if (!used.has(name) && value !== undefined) parts[`arg.${name}`] = value;
  const what = {
    operator: b.operator,
    table: b.table,
    transition: b.transition?.to ?? null,
    compute: b.compute ? [b.compute.formula, b.compute.inputs.map((i) => ('value' in i ? i.value : null))] : null,
    effects: (b.effects ?? []).map((e) => [e.column, e.value ?? null, e.map ?? null]),
  };
  return `${canonical(what as unknown as Json)} ${canonical(parts as Json)}`;
}
