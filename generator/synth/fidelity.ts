// How faithfully the emitted tools do what they say, for synth.json and the bench: per operator,
// the share of advertised arguments (those in the input schema the agent sees) that have an effect
// in tools.js; the catalog arguments left out, by kind; the tools left opaque, with the reason.
import type { Binding, DomainContract, OmittedKind, Operator } from '../../formats/contract.js';

/** Per operator: tools, arguments advertised, arguments with an effect, and their share. */
export interface OperatorFidelity {
  tools: number;
  advertised: number;
  effective: number;
  /** effective / advertised (1 when nothing is advertised). */
  share: number;
}

/** The fidelity part of synth.json, per domain and in total. */
export interface FidelityReport {
  operators: Partial<Record<Operator, OperatorFidelity>>;
  /** Catalog arguments left out of the schemas, by kind. */
  omitted: Record<OmittedKind, number>;
  /** Tools that cannot do what they say: how many, and how many for each kind of reason. */
  opaque: { count: number; byReason: Record<string, number> };
}

/** Opaque tools listed by name in synth.json (all are counted). */
export const OPAQUE_LISTED = 1000;

/** The arguments a binding uses: every one of them changes what the tool does. */
export function argumentsUsed(binding: Binding): Set<string> {
  const used = new Set<string>();
  const add = (name: string | undefined) => name !== undefined && used.add(name);
  add(binding.key?.argument);
  for (const entry of [...binding.filters, ...binding.values]) add(entry.argument);
  add(binding.search?.argument);
  add(binding.limit?.argument);
  add(binding.offset);
  add(binding.page);
  add(binding.cursor);
  add(binding.after);
  add(binding.before);
  add(binding.sort?.argument);
  add(binding.sort?.direction?.argument);
  add(binding.select?.argument);
  add(binding.adjust?.argument);
  for (const effect of binding.effects ?? []) add(effect.argument);
  add(binding.relation?.owner?.argument);
  add(binding.relation?.member?.argument);
  for (const qualifier of binding.relation?.qualifiers ?? []) add(qualifier.argument);
  for (const input of binding.compute?.inputs ?? []) if ('argument' in input) add(input.argument);
  return used;
}

/** The kind of an opaque tool's reason, for counting: its first words (`required number (no stored field …)` → "no stored field"). */
function reasonKind(reason: string): string {
  const inner = /\(([^)]*)\)/.exec(reason)?.[1] ?? reason;
  return inner.split(/[:;,]/)[0]!.trim().slice(0, 60);
}

/** effective / advertised to 4 decimals (1 when nothing is advertised). */
function shareOf(entry: OperatorFidelity): number {
  return entry.advertised === 0 ? 1 : Math.round((entry.effective / entry.advertised) * 10000) / 10000;
}

/** An empty report. */
export function emptyFidelity(): FidelityReport {
  return { operators: {}, omitted: { transport: 0, format: 0, 'no-effect': 0 }, opaque: { count: 0, byReason: {} } };
}

/** The fidelity of one domain. */
export function domainFidelity(contract: DomainContract): FidelityReport {
  const report = emptyFidelity();
  for (const tool of contract.tools) {
    const used = argumentsUsed(tool.binding);
    const advertised = Object.keys(tool.input.properties);
    const entry = (report.operators[tool.binding.operator] ??= { tools: 0, advertised: 0, effective: 0, share: 1 });
    entry.tools++;
    entry.advertised += advertised.length;
    entry.effective += advertised.filter((name) => used.has(name)).length;
    for (const omitted of tool.omitted ?? []) report.omitted[omitted.kind]++;
    if (tool.opaque) {
      report.opaque.count++;
      const kind = reasonKind(tool.opaque);
      report.opaque.byReason[kind] = (report.opaque.byReason[kind] ?? 0) + 1;
    }
  }
  for (const entry of Object.values(report.operators)) entry.share = shareOf(entry);
  return report;
}

/** Add `from` into `into` (shares recomputed). */
export function addFidelity(into: FidelityReport, from: FidelityReport): void {
  for (const [operator, entry] of Object.entries(from.operators) as [Operator, OperatorFidelity][]) {
    const total = (into.operators[operator] ??= { tools: 0, advertised: 0, effective: 0, share: 1 });
    total.tools += entry.tools;
    total.advertised += entry.advertised;
    total.effective += entry.effective;
    total.share = shareOf(total);
  }
  for (const kind of Object.keys(from.omitted) as OmittedKind[]) into.omitted[kind] += from.omitted[kind];
  into.opaque.count += from.opaque.count;
  for (const [kind, n] of Object.entries(from.opaque.byReason)) into.opaque.byReason[kind] = (into.opaque.byReason[kind] ?? 0) + n;
}
