// Synth of one domain, the unit of work a pool worker runs: ToolSpecs → contract → seed rows →
// package, written beside its final place and moved there only once it is whole and its tools.js
// loads in the runtime every server runs.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Operator } from '../../formats/contract.js';
import type { ToolSpec } from '../../formats/toolspec.js';
import { agentscalerRoot } from '../paths.js';
import { emitPackage } from './emit.js';
import { domainModel } from './model.js';
import { seedRows } from './seed.js';

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
  operators: Partial<Record<Operator, number>>;
}

/** What synth learned of one domain it emitted. */
export interface DomainSynthResult {
  counts: DomainSynth;
  /** Required parameters left unbound, with why. */
  requiredUnbound: { tool: string; argument: string; reason: string }[];
}

/** Where a domain's package is written until it is whole. */
export function partialPackage(servers: string, slug: string): string {
  return join(servers, `.${slug}.partial`);
}

type DomainLoader = typeof import('../../templates/runtime/domain.js');
let loader: Promise<DomainLoader> | undefined;

/** The runtime's domain loader (templates/runtime/domain.js, the code every package ships), loaded once per thread. */
function domainLoader(): Promise<DomainLoader> {
  loader ??= import(pathToFileURL(join(agentscalerRoot(), 'templates', 'runtime', 'domain.js')).href) as Promise<DomainLoader>;
  return loader;
}

/**
 * Load a written package the way its server will (domain.json, tools.js, every tool's function and
 * schemas); throws with the runtime's reason when it would not start.
 */
export async function checkPackageLoads(dir: string): Promise<void> {
  const { loadDomain, forgetDomain } = await domainLoader();
  try {
    await loadDomain(dir);
  } catch (error) {
    throw new Error(`its package does not load (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  } finally {
    forgetDomain(dir);
  }
}

/** Synthesize and emit one domain into `servers/<slug>`; throws (leaving nothing behind) when it cannot. */
export async function synthDomain(job: DomainSynthJob): Promise<DomainSynthResult> {
  const specs = job.lines.map((line) => JSON.parse(line) as ToolSpec);
  const partial = partialPackage(job.servers, job.slug);
  try {
    const contract = domainModel(job.slug, specs, job.seed);
    const rows = seedRows(contract);
    await emitPackage(partial, contract, rows);
    await checkPackageLoads(partial);
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
      operators: {},
    };
    const requiredUnbound: DomainSynthResult['requiredUnbound'] = [];
    for (const tool of contract.tools) {
      const required = new Set(tool.input.required);
      const missed = tool.binding.unbound.filter((u) => required.has(u.argument));
      counts.paramsUnbound += tool.binding.unbound.length;
      counts.requiredUnbound += missed.length;
      if (missed.length === 0) counts.boundAllRequired++;
      for (const m of missed) requiredUnbound.push({ tool: tool.source.id, argument: m.argument, reason: m.reason });
      counts.operators[tool.binding.operator] = (counts.operators[tool.binding.operator] ?? 0) + 1;
    }
    return { counts, requiredUnbound };
  } catch (error) {
    // No half-written package: a folder without its seed or tools would fail whoever opens it.
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
