// The binding of a tool over a relation (relations.ts): a link or unlink names the owner and member
// columns its arguments fill; a list filters the relation by its owner; a check reads one link by
// its member (or, with no member, by its owner). Nothing else of the tool touches the table.
import type { Binding, OmittedArgument, Operator, Table } from '../../formats/contract.js';
import { bindKnob, PAGE } from './listing.js';
import type { ToolPlan } from './tables.js';
import type { Arg } from './targets.js';

/** A relation tool's binding and the arguments it leaves out. */
export function bindRelation(plan: ToolPlan, table: Table, columnOf: (table: string, key: string) => string | undefined): { binding: Binding; omitted: OmittedArgument[] } {
  const rel = plan.relation!;
  const column = (name: string | undefined) => (name === undefined ? undefined : columnOf(table.name, name));
  const ownerColumn = column(rel.columns?.owner);
  const memberColumn = column(rel.columns?.member);
  const valueColumn = column(rel.columns?.value);
  const write = rel.act === 'link' || rel.act === 'unlink';
  const operator: Operator = rel.act === 'link' ? 'link' : rel.act === 'unlink' ? 'unlink' : rel.act === 'check' ? 'get' : 'list';
  const binding: Binding = { operator, table: table.name, filters: [], values: [], unbound: [] };
  const omitted: OmittedArgument[] = [];
  const used = new Set<Arg>();
  const owner = rel.owner && ownerColumn ? { argument: rel.owner.arg.name, column: ownerColumn } : undefined;
  if (owner) used.add(rel.owner!.arg);
  const qualifiers = (rel.qualifiers ?? []).flatMap((arg) => {
    const target = column(arg.key);
    return target ? [{ arg, entry: { argument: arg.name, column: target } }] : [];
  });
  for (const q of qualifiers) used.add(q.arg);
  if (write) {
    binding.relation = {};
    if (owner) binding.relation.owner = owner;
    if (qualifiers.length > 0) binding.relation.qualifiers = qualifiers.map((q) => q.entry);
    if (rel.member && memberColumn) {
      const m = rel.member;
      binding.relation.member = {
        argument: m.arg.name,
        ...(m.field !== undefined ? { field: m.field } : {}),
        shape: m.shape,
        column: memberColumn,
        ...(valueColumn && (m.shape === 'pairs' || m.shape === 'map') ? { valueColumn } : {}),
        ...(m.keyField !== undefined ? { keyField: m.keyField } : {}),
        ...(m.valueField !== undefined ? { valueField: m.valueField } : {}),
      };
      used.add(m.arg);
    } else if (memberColumn) {
      binding.relation.self = memberColumn;
    }
  } else {
    const memberArg = rel.member?.arg;
    if (rel.act === 'check') {
      // One link: by its member when the read names one, else the owner's only link (a gist's star).
      const key = memberArg && memberColumn ? { argument: memberArg.name, column: memberColumn } : owner;
      if (key) binding.key = key;
      if (memberArg && memberColumn) used.add(memberArg);
      if (owner && key !== owner) binding.filters.push(owner);
    } else if (owner) {
      binding.filters.push(owner);
    }
    for (const q of qualifiers) binding.filters.push(q.entry);
  }
  for (const arg of plan.args) {
    if (used.has(arg)) continue;
    const role = plan.roles.get(arg.name) ?? { kind: 'data' as const };
    if (role.kind === 'transport' || role.kind === 'format') {
      omitted.push({ argument: arg.original, kind: role.kind, reason: role.reason });
      continue;
    }
    if (role.kind !== 'data' && role.kind !== 'search' && !write) {
      const knob = bindKnob(arg, role, binding, table, operator === 'list');
      if (knob.bound) continue;
      if (arg.required) binding.unbound.push({ argument: arg.name, reason: knob.reason });
      else omitted.push({ argument: arg.original, kind: 'no-effect', reason: knob.reason });
      continue;
    }
    const reason = 'not part of the relation this tool acts on';
    if (arg.required) binding.unbound.push({ argument: arg.name, reason });
    else omitted.push({ argument: arg.original, kind: 'no-effect', reason });
  }
  if (operator === 'list') {
    binding.limit ??= { default: PAGE.default, max: PAGE.max };
    binding.order = { column: 'id', direction: 'asc' };
  }
  return { binding, omitted };
}
