// `agentscaler export`: run folders in, fine-tuning files out. Two passes over the trajectories,
// each streamed: the first checks every line and learns the domains (so a corrupt line is refused
// before anything is written, and the holdout is drawn from all of them), the second keeps what the
// funnel keeps, drops duplicates of (tools, messages), and writes each line to its part's file,
// with a `*.meta.json` sidecar per file saying what went in and how it was chosen.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunnelStage } from '../../formats/trajectory.js';
import { RunInputError } from '../run/input-error.js';
import { agentscalerVersion } from '../verify/version.js';
import { funnelOf } from '../verify/funnel.js';
import { conversationOf, untrainedTurns } from './conversation.js';
import { type ExportDomain, exportDomain } from './domains.js';
import type { ExportFormat, FormatName } from './formats/format.js';
import { openaiFormat } from './formats/openai.js';
import { datasetInfoEntry, sharegptFormat } from './formats/sharegpt.js';
import { trlFormat } from './formats/trl.js';
import { drawHoldout, type Holdout, type Part, Splitter } from './split.js';
import { forEachTrajectory, type SourceRun, sourceRun } from './source.js';
import { ToolSets } from './tools.js';
import { LineWriter } from './writer.js';

export type { FormatName } from './formats/format.js';
export type { Holdout } from './split.js';

/** The formats by name. */
export const EXPORT_FORMATS: Record<FormatName, ExportFormat> = { openai: openaiFormat, sharegpt: sharegptFormat, trl: trlFormat };

/** What to export. */
export interface ExportOptions {
  /** Run folders (absolute). */
  runs: string[];
  format: FormatName;
  /** The output folder. */
  out: string;
  /** Stage 2's domains: a glob over slugs and providers; null for one training file. */
  stage2: string | null;
  /** Also export the trajectories the funnel drops. */
  includeFailed: boolean;
  holdout: Holdout | null;
}

/** What one output file holds (its `*.meta.json`). */
export interface PartMeta {
  file: string;
  format: FormatName;
  part: Part;
  lines: number;
  /** Assistant turns not to be trained on (a failed call): weight 0 in openai; formats without weights train on them. */
  untrainedTurns: number;
  domains: Record<string, number>;
  providers: Record<string, number>;
}

/** The whole export: every file, and what was left out and why. */
export interface ExportResult {
  out: string;
  files: PartMeta[];
  /** Lines read from the runs. */
  read: number;
  /** Lines the funnel dropped, by the stage they failed (not exported unless --include failed). */
  dropped: Partial<Record<FunnelStage, number>>;
  duplicates: number;
  /** Lines the format cannot represent, and the first reason. */
  unfit: { count: number; example: string | null };
  heldOut: string[];
}

const FILES: Record<Part, string> = { train: 'train', stage1: 'stage1.train', stage2: 'stage2.train', holdout: 'holdout' };

/** The parts an export with these options writes. */
function partsOf(options: ExportOptions): Part[] {
  return [...(options.stage2 === null ? (['train'] as const) : (['stage1', 'stage2'] as const)), ...(options.holdout ? (['holdout'] as const) : [])];
}

/** The domains of every line, each read once from the workspace of the run that recorded it. */
function scanDomains(sources: SourceRun[]): Map<string, ExportDomain> {
  const domains = new Map<string, ExportDomain>();
  for (const source of sources) {
    forEachTrajectory(source, (line) => {
      if (!domains.has(line.domain)) domains.set(line.domain, exportDomain(source.manifest.options.ws, line.domain));
    });
  }
  return domains;
}

/** Export the runs' trajectories in one format. */
export function exportRuns(options: ExportOptions): ExportResult {
  if (options.runs.length === 0) throw new RunInputError('no run folder given: pass --run RUN (one or more)');
  const sources = options.runs.map(sourceRun);
  const domains = scanDomains(sources);
  const units = options.holdout?.by === 'providers' ? [...domains.values()].flatMap((d) => d.providers) : [...domains.keys()];
  const heldOut = options.holdout ? drawHoldout(units, options.holdout) : [];
  const splitter = new Splitter(options.stage2, options.holdout?.by ?? null, new Set(heldOut));
  const format = EXPORT_FORMATS[options.format];

  mkdirSync(options.out, { recursive: true });
  const parts = partsOf(options);
  const writers = new Map(parts.map((part) => [part, new LineWriter(join(options.out, `${FILES[part]}.jsonl`))]));
  const metas = new Map<Part, PartMeta>(parts.map((part) => [part, { file: `${FILES[part]}.jsonl`, format: options.format, part, lines: 0, untrainedTurns: 0, domains: {}, providers: {} }]));
  const result: ExportResult = { out: options.out, files: [], read: 0, dropped: {}, duplicates: 0, unfit: { count: 0, example: null }, heldOut };
  const seen = new Set<string>();
  const tools = new ToolSets();
  try {
    for (const source of sources) {
      forEachTrajectory(source, (line, lineNumber) => {
        result.read++;
        const funnel = funnelOf(line);
        if (!funnel.kept) {
          const stage = funnel.stage ?? 'validity';
          result.dropped[stage] = (result.dropped[stage] ?? 0) + 1;
          if (!options.includeFailed) return;
        }
        const domain = domains.get(line.domain)!;
        const set = tools.of(source, line, lineNumber, domain);
        // 20 bytes of sha256 per kept line: what deduplication holds in memory.
        const key = createHash('sha256').update(set.key).update(JSON.stringify(line.messages)).digest('base64').slice(0, 27);
        if (seen.has(key)) {
          result.duplicates++;
          return;
        }
        seen.add(key);
        const conversation = conversationOf(line, set);
        const made = conversation.turns.some((t) => t.role === 'assistant') ? format.record(conversation) : { unfit: 'no assistant turn' };
        if ('unfit' in made) {
          result.unfit.count++;
          result.unfit.example ??= `${source.file} line ${lineNumber}: ${made.unfit}`;
          return;
        }
        const part = splitter.partOf(domain);
        writers.get(part)!.write(made.line);
        const meta = metas.get(part)!;
        meta.lines++;
        meta.untrainedTurns += untrainedTurns(conversation);
        meta.domains[domain.slug] = (meta.domains[domain.slug] ?? 0) + 1;
        for (const provider of domain.providers) meta.providers[provider] = (meta.providers[provider] ?? 0) + 1;
      });
    }
  } finally {
    for (const writer of writers.values()) writer.close();
  }
  result.files = parts.map((part) => metas.get(part)!);
  writeSidecars(options, sources, domains, result);
  return result;
}

/** Each file's `*.meta.json`, and for sharegpt the dataset_info.json that declares them to LLaMA-Factory. */
function writeSidecars(options: ExportOptions, sources: SourceRun[], domains: Map<string, ExportDomain>, result: ExportResult): void {
  const derived = [...domains.values()].filter((d) => d.providerSource === 'slug').map((d) => d.slug);
  const shared = {
    agentscaler: agentscalerVersion(),
    sourceRuns: sources.map((s) => ({ run: s.dir, agent: s.manifest.options.agent, model: s.manifest.options.model ?? null, recordedBy: s.manifest.agentscaler })),
    filters: {
      funnel: options.includeFailed ? 'every trajectory (--include failed)' : 'only trajectories the funnel keeps',
      deduplicate: 'on (tools, messages)',
      stage2: options.stage2,
      holdout: options.holdout ? { ...options.holdout, heldOut: result.heldOut } : null,
    },
    domainProviders: {
      source: derived.length === 0 ? 'the domain contracts (domain.json, each tool\'s source.provider)' : `domain.json where present; derived from the slug (its first word) for ${derived.join(', ')}, whose contract was not found`,
      byDomain: Object.fromEntries([...domains.values()].map((d) => [d.slug, d.providers])),
    },
    export: { read: result.read, droppedByFunnel: result.dropped, duplicates: result.duplicates, unfit: result.unfit, weights: EXPORT_FORMATS[options.format].weights ? 'weight 0 on assistant turns with a failed call' : 'none: this format trains every assistant turn' },
  };
  for (const meta of result.files) writeFileSync(join(options.out, meta.file.replace(/\.jsonl$/, '.meta.json')), `${JSON.stringify({ ...meta, ...shared }, null, 2)}\n`);
  if (options.format === 'sharegpt') {
    const entries = Object.fromEntries(result.files.map((meta) => [`agentscaler_${meta.file.replace(/\.jsonl$/, '').replace('.', '_')}`, datasetInfoEntry(meta.file)]));
    writeFileSync(join(options.out, 'dataset_info.json'), `${JSON.stringify(entries, null, 2)}\n`);
  }
}
