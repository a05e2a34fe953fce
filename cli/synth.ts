// `agentscaler synth --ws WS [--domains a,b | --limit N] [--seed S]`
import { Command } from 'commander';
import { join } from 'node:path';
import { synth, SynthError, type SynthSummary } from '../generator/synth/index.js';
import { ARTIFACTS } from '../generator/workspace.js';
import { peakRssMb, round } from './ingest.js';
import { stopSignal } from './interrupt.js';
import { numberOption, printSummary, ProblemLog, progress } from './terminal.js';

/** Synth flags, shared by `synth` and `build`. */
export interface SynthFlags {
  domains?: string;
  limit?: number;
  seed?: number;
}

/** Run synth with a progress bar; returns its summary and seconds. */
export async function runSynth(ws: string, flags: SynthFlags): Promise<{ summary: SynthSummary; seconds: number }> {
  if (flags.domains && flags.limit !== undefined) throw new SynthError('give --domains or --limit, not both');
  const started = performance.now();
  const bar = progress('synth', 'domains');
  const problems = new ProblemLog();
  try {
    const summary = await synth({
      ws,
      ...(flags.domains ? { domains: flags.domains.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      onProgress: (done, total, slug) => bar.update(done, total, slug),
      onProblem: (line) => problems.add(line),
      signal: stopSignal(),
    });
    return { summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    bar.stop();
    problems.flush(20, join(ws, ARTIFACTS.synth));
  }
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`);

/** Domains emitted, and how many failed at which stage: a failure is never silent. */
function failedNote(s: SynthSummary): string | number {
  const { domains, failedToEmit, failedToLoad } = s.totals;
  const parts = [failedToEmit > 0 ? `${failedToEmit} could not be emitted` : '', failedToLoad > 0 ? `${failedToLoad} emitted but did not load` : ''].filter(Boolean);
  return parts.length > 0 ? `${domains} (${parts.join(', ')}; see synth.json)` : domains;
}

/** The human rows of a synth summary. */
export function synthRows(s: SynthSummary, seconds: number): [string, string | number][] {
  const t = s.totals;
  return [
    ['domains', failedNote(s)],
    ['tables', t.tables],
    ['seed rows', t.rows],
    ['tools bound', `${t.bound.toLocaleString('en-US')} of ${t.tools.toLocaleString('en-US')}`],
    ['every required param used', `${t.boundAllRequired.toLocaleString('en-US')} (${percent(t.boundAllRequired, t.tools)})`],
    ['params left unbound', t.paramsUnbound],
    ['operators', Object.entries(t.operators).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${n}`).join(', ')],
    ['domains per second', seconds > 0 ? (t.domains / seconds).toFixed(1) : '—'],
  ];
}

/** Synth flags on a command. */
export function withSynthFlags(command: Command): Command {
  return command
    .option('--domains <a,b>', 'only these domain slugs (comma-separated)')
    .option('--limit <N>', 'only the first N domains of domains.json', numberOption({ integer: true, min: 1 }))
    .option('--seed <S>', 'seed of the generated data (default 1)', numberOption({ integer: true }));
}

export function synthCommand(): Command {
  return withSynthFlags(
    new Command('synth')
      .description('emit each domain as a standalone MCP server package: WS/servers/<slug>/ and WS/synth.json')
      .requiredOption('--ws <WS>', 'workspace folder holding tools.jsonl and domains.json'),
  )
    .option('--json', 'print the summary as JSON')
    .action(async (flags: SynthFlags & { ws: string; json?: boolean }) => {
      const { summary, seconds } = await runSynth(flags.ws, flags);
      printSummary(
        `synth → ${join(flags.ws, ARTIFACTS.servers)} in ${seconds.toFixed(1)} s`,
        synthRows(summary, seconds),
        flags.json
          ? { ...summary.totals, dropped: summary.totals.tools - summary.totals.bound, seconds: round(seconds), peakRssMb: peakRssMb() }
          : null,
      );
    });
}
