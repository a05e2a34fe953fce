// Synth of one domain, the unit of work a pool worker runs: ToolSpecs → contract → seed rows →
// package, written beside its final place and moved there only once it is whole and its tools.js
// loads in the runtime every server runs.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Operator } from '../../formats/contract.js';
import type { ToolSpec } from '../../formats/toolspec.js';
import { emitPackage } from './emit.js';
import { domainFidelity, type FidelityReport } from './fidelity.js';
import { loadProblem } from './load-check.js';
import { domainModel } from './model.js';
import { seedRows } from './seed.js';
import { addSources, type SourceCounts } from './values/index.js';

/** One domain to synthesize: plain data, so it can cross to a worker thread. */
export interface DomainSynthJob {
  slug: string;
  /** The domain's ToolSpecs as tools.jsonl lines. */
  lines: string[];
  seed: number;
  /** WS/servers (absolute). */
  servers: string;
}

/** Counts of one domain. */
export interface DomainSynth {
  slug: string;
  tables: number;
  rows: number;
  tools: number;
  /** Tools with a binding. */
  bound: number;
  /** Tools whose binding uses every required parameter. */
  boundAllRequired: number;
  /** Parameters the binding does not use. */
  paramsUnbound: number;
  /** Of those, required ones (each makes its tool miss boundAllRequired). */
  requiredUnbound: number;
  /** Tools that miss a required parameter and are not marked opaque (should be none: such a tool would mislead). */
  unaccounted: number;
  operators: Partial<Record<Operator, number>>;
  /** Per operator, the share of advertised arguments with an effect; arguments left out by kind; opaque tools. */
  fidelity: FidelityReport;
  /** Seed values by where they came from (the catalog's examples, enum, default or format; the column's meaning; generic). Keys and references are not counted. */
  values: SourceCounts;
}

/** What synth learned of one domain it emitted. */
export interface DomainEmitted {
  counts: DomainSynth;
  /** Required parameters left unbound, with why. */
  requiredUnbound: { tool: string; argument: string; reason: string }[];
  /** Tools that cannot do what they say (tasks never use them), with why. */
  opaque: { tool: string; reason: string }[];
}

/** Where a domain's package is written until it is whole. */
export function partialPackage(servers: string, slug: string): string {
  return join(servers, `.${slug}.partial`);
}

/** A package synth wrote that does not load: removed, with why. */
export interface DomainNotLoading {
  notLoading: string;
}

/** One domain's outcome: emitted, or written and removed because it does not load. */
export type DomainSynthResult = DomainEmitted | DomainNotLoading;

/**
 * Synthesize and emit one domain into `servers/<slug>`, moved there only once its tools.js loads;
 * throws (leaving nothing behind) when the generator fails on it.
 */
export async function synthDomain(job: DomainSynthJob): Promise<DomainSynthResult> {
  const specs = job.lines.map((line) => JSON.parse(line) as ToolSpec);
  const partial = partialPackage(job.servers, job.slug);
  try {
    const contract = domainModel(job.slug, specs, job.seed);
    const values: SourceCounts = {};
    const rows = seedRows(contract, values);
    await emitPackage(partial, contract, rows);
    // A package that does not load would fail every client that starts it: catch it here, not there.
    const problem = await loadProblem(partial);
    if (problem) {
      rmSync(partial, { recursive: true, force: true });
      return { notLoading: problem };
    }
    const final = join(job.servers, job.slug);
    if (existsSync(final)) rmSync(final, { recursive: true, force: true });
    renameSync(partial, final);

    const counts: DomainSynth = {
      slug: job.slug,
      tables: contract.tables.length,
      rows: [...rows.values()].reduce((n, r) => n + r.length, 0),
      tools: contract.tools.length,
      bound: contract.tools.length,
      boundAllRequired: 0,
      paramsUnbound: 0,
      requiredUnbound: 0,
      unaccounted: 0,
      operators: {},
      fidelity: domainFidelity(contract),
      values: {},
    };
    addSources(counts.values, values);
    const requiredUnbound: DomainEmitted['requiredUnbound'] = [];
    const opaque: DomainEmitted['opaque'] = [];
    for (const tool of contract.tools) {
      if (tool.opaque) opaque.push({ tool: tool.source.id, reason: tool.opaque });
      const required = new Set(tool.input.required);
      const missed = tool.binding.unbound.filter((u) => required.has(u.argument));
      counts.paramsUnbound += tool.binding.unbound.length;
      counts.requiredUnbound += missed.length;
      if (missed.length === 0) counts.boundAllRequired++;
      else if (!tool.opaque) counts.unaccounted++;
      for (const m of missed) requiredUnbound.push({ tool: tool.source.id, argument: m.argument, reason: m.reason });
      counts.operators[tool.binding.operator] = (counts.operators[tool.binding.operator] ?? 0) + 1;
    }
    return { counts, requiredUnbound, opaque };
  } catch (error) {
    // No half-written package: a folder without its seed or tools would fail whoever opens it.
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
