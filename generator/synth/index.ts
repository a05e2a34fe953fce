// The synth stage: domains.json + tools.jsonl → WS/servers/<slug>/ (one MCP server package per
// domain) + WS/synth.json (counts).
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { DomainRecord } from '../graph/index.js';
import { agentscalerRoot } from '../paths.js';
import type { ToolSpec } from '../../formats/toolspec.js';
import { ARTIFACTS, artifactPath, forEachLine, readJson, writeJson } from '../workspace.js';
import type { DomainContract, Operator } from '../../formats/contract.js';
import { emitPackage } from './emit.js';
import { domainModel } from './model.js';
import { type Row, seedRows } from './seed.js';
import { addSources, type SourceCounts, VALUE_SOURCES } from './values/index.js';

/** Options of one synth run. */
export interface SynthOptions {
  /** Workspace holding tools.jsonl and domains.json. */
  ws: string;
  /** Only these domain slugs. */
  domains?: string[];
  /** Only the first N domains of domains.json. */
  limit?: number;
  /** Seed of the generated data. */
  seed?: number;
  /** Called after each domain. */
  onProgress?: (done: number, total: number, slug: string) => void;
  /** Called with one line for each domain that could not be emitted. */
  onProblem?: (message: string) => void;
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
  /** Seed values by where they came from (the catalog's examples, enum, default or format; the column's meaning; generic). Keys and references are not counted. */
  values: SourceCounts;
}

/** WS/synth.json. Deterministic: no timings. */
export interface SynthSummary {
  version: 1;
  seed: number;
  totals: Omit<DomainSynth, 'slug'> & { domains: number };
  /** Tools that could not be bound, with why. */
  notBound: { tool: string; reason: string }[];
  /** Required parameters left unbound, with why. */
  requiredUnbound: { tool: string; argument: string; reason: string }[];
  /** Domains that could not be emitted (a generator bug), with why. */
  failed: { slug: string; reason: string }[];
  domains: DomainSynth[];
}

/** A domain slug that does not exist, or a bad selection. */
export class SynthError extends UserError {}

/** Read only the ToolSpecs of the wanted ids: each line's id is its first key, so others are not parsed. */
function readToolsById(ws: string, wanted: Set<string>): Map<string, ToolSpec> {
  const out = new Map<string, ToolSpec>();
  forEachLine(artifactPath(ws, ARTIFACTS.tools), (line) => {
    const m = /^\{"id":("(?:[^"\\]|\\.)*")/.exec(line);
    if (m && wanted.has(JSON.parse(m[1]!) as string)) {
      const tool = JSON.parse(line) as ToolSpec;
      out.set(tool.id, tool);
    }
  });
  return out;
}

/**
 * Make the emitted servers' dependencies resolvable where they are: a workspace outside this
 * checkout gets `node_modules` linked to agentscaler's own (Node resolves upwards from
 * servers/<slug>/runtime/). Published alone, a package installs its own.
 */
function linkDependencies(ws: string): void {
  const root = agentscalerRoot();
  const absolute = resolve(ws);
  if (!relative(root, absolute).startsWith('..')) return;
  const link = join(absolute, 'node_modules');
  if (existsSync(link) || (() => { try { return lstatSync(link).isSymbolicLink(); } catch { return false; } })()) return;
  symlinkSync(join(root, 'node_modules'), link, 'dir');
}

function add(into: Partial<Record<Operator, number>>, from: Partial<Record<Operator, number>>): void {
  for (const [op, n] of Object.entries(from) as [Operator, number][]) into[op] = (into[op] ?? 0) + n;
}

/** Run synth on a workspace. */
export async function synth(options: SynthOptions): Promise<SynthSummary> {
  const seed = options.seed ?? 1;
  const all = readJson<{ domains: DomainRecord[] }>(options.ws, ARTIFACTS.domains).domains;
  let selected = all;
  if (options.domains) {
    const bySlug = new Map(all.map((d) => [d.slug, d]));
    const missing = options.domains.filter((s) => !bySlug.has(s));
    if (missing.length > 0) {
      throw new SynthError(`no domain ${missing.map((s) => `'${s}'`).join(', ')} in ${join(options.ws, ARTIFACTS.domains)}; slugs look like '${all[0]?.slug ?? 'ticket-user'}'`);
    }
    selected = options.domains.map((s) => bySlug.get(s)!);
  }
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);

  const tools = readToolsById(options.ws, new Set(selected.flatMap((d) => d.tools)));
  mkdirSync(join(options.ws, ARTIFACTS.servers), { recursive: true });
  linkDependencies(options.ws);

  const summary: SynthSummary = {
    version: 1,
    seed,
    totals: { domains: 0, tables: 0, rows: 0, tools: 0, bound: 0, boundAllRequired: 0, paramsUnbound: 0, requiredUnbound: 0, operators: {}, values: Object.fromEntries(VALUE_SOURCES.map((s) => [s, 0])) },
    notBound: [],
    requiredUnbound: [],
    failed: [],
    domains: [],
  };
  let done = 0;
  for (const domain of selected) {
    const specs = domain.tools.map((id) => tools.get(id)).filter((t): t is ToolSpec => t !== undefined);
    if (specs.length !== domain.tools.length) {
      throw new SynthError(`domains.json names tools missing from tools.jsonl (domain '${domain.slug}'); re-run \`agentscaler graph --ws ${options.ws}\``);
    }
    let contract: DomainContract;
    let rows: Map<string, Row[]>;
    const values: SourceCounts = {};
    try {
      contract = domainModel(domain.slug, specs, seed);
      rows = seedRows(contract, values);
      await emitPackage(join(options.ws, ARTIFACTS.servers, domain.slug), contract, rows);
    } catch (error) {
      // One domain the generator cannot handle must not cost the other thousands: record it and go on.
      const reason = error instanceof Error ? error.message : String(error);
      // No half-written package: a folder without its seed or tools would fail whoever opens it.
      rmSync(join(options.ws, ARTIFACTS.servers, domain.slug), { recursive: true, force: true });
      summary.failed.push({ slug: domain.slug, reason });
      options.onProblem?.(`domain ${domain.slug}: not emitted (${reason}); please report it`);
      options.onProgress?.(++done, selected.length, domain.slug);
      continue;
    }

    const counts: DomainSynth = {
      slug: domain.slug,
      tables: contract.tables.length,
      rows: [...rows.values()].reduce((n, r) => n + r.length, 0),
      tools: contract.tools.length,
      bound: contract.tools.length,
      boundAllRequired: 0,
      paramsUnbound: 0,
      requiredUnbound: 0,
      operators: {},
      values: {},
    };
    addSources(counts.values, values);
    for (const tool of contract.tools) {
      const required = new Set(tool.input.required);
      const missed = tool.binding.unbound.filter((u) => required.has(u.argument));
      counts.paramsUnbound += tool.binding.unbound.length;
      counts.requiredUnbound += missed.length;
      if (missed.length === 0) counts.boundAllRequired++;
      for (const m of missed) summary.requiredUnbound.push({ tool: tool.source.id, argument: m.argument, reason: m.reason });
      counts.operators[tool.binding.operator] = (counts.operators[tool.binding.operator] ?? 0) + 1;
    }
    summary.domains.push(counts);
    const t = summary.totals;
    t.domains++;
    t.tables += counts.tables;
    t.rows += counts.rows;
    t.tools += counts.tools;
    t.bound += counts.bound;
    t.boundAllRequired += counts.boundAllRequired;
    t.paramsUnbound += counts.paramsUnbound;
    t.requiredUnbound += counts.requiredUnbound;
    add(t.operators, counts.operators);
    addSources(t.values, values);
    options.onProgress?.(++done, selected.length, domain.slug);
  }
  writeJson(join(options.ws, ARTIFACTS.synth), summary);
  return summary;
}
