// One domain's contract from its ToolSpecs: unique tool names, the tables, one binding per tool,
// and the input/output schemas the emitted server registers.
import type { Schema, ToolSpec } from '../../formats/toolspec.js';
import { bind, outputSchema } from './bindings.js';
import type { Binding, DomainContract, Table, ToolContract } from '../../formats/contract.js';
import { packageName } from './identifiers.js';
import { formulaOf } from './formulas.js';
import { planRelations } from './relations.js';
import { retarget } from './retarget.js';
import { roleOf } from './roles.js';
import { assignEntities, buildTables, type ToolPlan } from './tables.js';
import { argsOf, targetOf } from './targets.js';
import { toolNames } from './tool-names.js';

/** Start of every domain's virtual clock unless a seed or flag says otherwise: a Monday morning. */
export const DEFAULT_CLOCK = '2025-01-06T09:00:00.000Z';

/** Remove ingest-only keywords (`x-location`, `x-truncated`) from a schema, recursively. */
function publicSchema(schema: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema) as [keyof Schema, unknown][]) {
    if (k.startsWith('x-')) continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([name, s]) => [name, publicSchema(s)]));
    else if (k === 'items' || k === 'additionalProperties') out[k] = publicSchema(v as Schema);
    else (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

function annotations(tool: ToolSpec, operator: string): ToolContract['annotations'] {
  const read = tool.op === 'read';
  return {
    readOnlyHint: read,
    destructiveHint: operator === 'delete' || operator === 'unlink',
    // Linking twice or unlinking what is not linked changes nothing.
    idempotentHint: read || operator === 'update' || operator === 'delete' || operator === 'link' || operator === 'unlink',
    openWorldHint: false,
  };
}

/**
 * Arguments that hold a key (the row's own or a parent's) take the keys this domain issues
 * (`acc_0003`, 7), not the catalog's format (Twilio's 34-character SIDs): drop the catalog's
 * length, pattern and format rules from them, or no key that exists could be passed.
 */
function fitKeyArguments(properties: Record<string, Schema>, binding: Binding, table: Table): void {
  const keyColumns = new Set(table.columns.filter((c) => c.name === table.primaryKey || c.references).map((c) => c.name));
  for (const entry of [...(binding.key ? [binding.key] : []), ...binding.filters, ...binding.values]) {
    const schema = properties[entry.argument];
    if (!schema || !keyColumns.has(entry.column)) continue;
    const { minLength: _min, maxLength: _max, pattern: _pattern, format: _format, minimum: _low, maximum: _high, ...rest } = schema;
    properties[entry.argument] = rest;
  }
}

/** Why a tool cannot do what it says, or undefined: a required argument nothing in the simulation honours. */
function opaqueReason(binding: Binding): string | undefined {
  if (binding.unbound.length === 0) return undefined;
  return `required ${binding.unbound.map((u) => `${u.argument} (${u.reason})`).join(', ')}`;
}

/** Everything of the contract but the data: title, tables, tools with bindings. */
export function domainModel(slug: string, tools: ToolSpec[], seed: number): DomainContract {
  const names = toolNames(tools);
  const plans: ToolPlan[] = tools.map((tool, i) => {
    const args = argsOf(tool);
    const roles = new Map(args.map((arg) => [arg.name, roleOf(arg, tool)]));
    const data = args.filter((arg) => !['transport', 'format'].includes(roles.get(arg.name)!.kind));
    const formula = formulaOf(tool, data);
    // A computation acts on no entity: it joins its provider's state table, where it touches nothing.
    const target = formula ? { entity: '', parents: [] } : targetOf(tool, args);
    return { tool, name: names[i]!.name, args, target, entity: '', prefix: '', singleton: false, roles, ...(formula ? { formula } : {}) };
  });
  retarget(plans);
  planRelations(plans);
  assignEntities(plans);
  const { tables, columnOf } = buildTables(plans);
  const tableOf = new Map<string, Table>();
  for (const plan of plans) {
    const table = tables.find((t) => t.entity === plan.entity);
    if (table) tableOf.set(plan.name, table);
  }
  const contracts: ToolContract[] = plans.map((plan, i) => {
    const table = tableOf.get(plan.name)!;
    const { binding, omitted, schemas } = bind(plan, table, columnOf);
    const left = new Set(omitted.map((o) => o.argument));
    const args = plan.args.filter((arg) => !left.has(arg.original));
    const renamed: Record<string, string> = {};
    const properties: Record<string, Schema> = {};
    for (const arg of args) {
      properties[arg.name] = publicSchema(schemas.get(arg.name) ?? arg.schema);
      if (arg.name !== arg.original) renamed[arg.name] = arg.original;
    }
    fitKeyArguments(properties, binding, table);
    const rename = names[i]!.rename;
    const contract: ToolContract = {
      name: plan.name,
      ...(rename ? { rename } : {}),
      title: plan.tool.title,
      description: plan.tool.description,
      op: plan.tool.op,
      annotations: annotations(plan.tool, binding.operator),
      // The row a keyed operator works on cannot be left out, whatever the catalog says.
      input: { type: 'object', properties, required: args.filter((a) => a.required || a.name === binding.key?.argument).map((a) => a.name) },
      output: outputSchema(binding, table),
      binding,
      renamed,
      omitted,
      source: {
        id: plan.tool.id,
        provider: plan.tool.provider,
        file: plan.tool.source.file,
        pointer: plan.tool.source.pointer,
        ...(plan.tool.source.api ? { api: plan.tool.source.api } : {}),
        ...(plan.tool.source.categories ? { categories: plan.tool.source.categories } : {}),
      },
    };
    if (plan.tool.effect) contract.effect = plan.tool.effect;
    const opaque = opaqueReason(binding);
    if (opaque) contract.opaque = opaque;
    return contract;
  });
  const providers = [...new Set(tools.map((t) => t.provider))];
  return {
    version: 1,
    slug,
    package: packageName(slug),
    title: slug.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '),
    description:
      `A simulated ${providers.slice(0, 3).join(', ')}${providers.length > 3 ? ` and ${providers.length - 3} more` : ''} environment: ` +
      `${contracts.length} tools over ${tables.length} table${tables.length === 1 ? '' : 's'} (${tables.map((t) => t.name).join(', ')}), generated by agentscaler.`,
    seed,
    clock: DEFAULT_CLOCK,
    tables,
    tools: contracts,
  };
}
