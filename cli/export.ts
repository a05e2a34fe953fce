// `agentscaler export --run RUN... --format openai|sharegpt|trl --out DIR [--stage2 GLOB]
// [--include failed] [--holdout domains|providers RATIO --seed S]`: flags only; the work is
// harness/export/index.ts.
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { UserError } from '../generator/errors.js';
import { exportRuns, type FormatName, type Holdout } from '../harness/export/index.js';
import { RunInputError } from '../harness/run/input-error.js';
import { peakRssMb, round } from './ingest.js';
import { numberOption, printSummary, UsageError } from './terminal.js';

interface ExportFlags {
  run: string[];
  format: FormatName;
  out: string;
  stage2?: string;
  include?: 'failed';
  holdout?: string[];
  seed?: number;
  json?: boolean;
}

/** `--holdout KIND RATIO` with `--seed S`, or a usage error saying what is wrong. */
function holdoutOf(flags: ExportFlags): Holdout | null {
  if (!flags.holdout) {
    if (flags.seed !== undefined) throw new UsageError('--seed only draws a --holdout; add --holdout domains|providers RATIO, or drop --seed');
    return null;
  }
  const [by, ratio, ...rest] = flags.holdout;
  if ((by !== 'domains' && by !== 'providers') || ratio === undefined || rest.length > 0) throw new UsageError(`--holdout takes two values, domains|providers and a ratio (e.g. --holdout domains 0.2); got ${flags.holdout.join(' ')}`);
  const share = Number(ratio);
  if (!Number.isFinite(share) || share <= 0 || share >= 1) throw new UsageError(`--holdout ${by} ${ratio}: the ratio must be a number above 0 and below 1`);
  if (flags.seed === undefined) throw new UsageError('--holdout needs --seed S, so the split can be drawn again the same way');
  return { by, ratio: share, seed: flags.seed };
}

export function exportCommand(): Command {
  return new Command('export')
    .description('write the trajectories fit to train on as fine-tuning files (OpenAI, LLaMA-Factory ShareGPT, TRL), in stages and with a holdout')
    .requiredOption('--run <RUN...>', 'run folders made by agentscaler rollout')
    .addOption(new Option('--format <FORMAT>', 'the trainer format').choices(['openai', 'sharegpt', 'trl']).makeOptionMandatory())
    .requiredOption('--out <DIR>', 'folder for the files and their *.meta.json')
    .option('--stage2 <GLOB>', 'domains of stage 2 (the vertical domains): a glob over slugs and providers (`*` any characters); the rest is stage 1')
    .addOption(new Option('--include <WHICH>', 'also export the trajectories the funnel drops').choices(['failed']))
    .option('--holdout <KIND_RATIO...>', 'hold out this share of the domains or providers: domains|providers RATIO')
    .option('--seed <S>', 'seed of the holdout draw', numberOption({ integer: true, min: 0 }))
    .option('--json', 'print the summary as JSON')
    .action((flags: ExportFlags) => {
      const holdout = holdoutOf(flags);
      const started = performance.now();
      let result;
      try {
        result = exportRuns({ runs: flags.run.map((r) => resolve(r)), format: flags.format, out: resolve(flags.out), stage2: flags.stage2 ?? null, includeFailed: flags.include === 'failed', holdout });
      } catch (error) {
        if (error instanceof RunInputError) throw new UserError(error.message);
        throw error;
      }
      const dropped = Object.entries(result.dropped).map(([stage, n]) => `${stage} ${n}`).join(', ') || 'none';
      printSummary(
        `export → ${result.files.reduce((n, f) => n + f.lines, 0)} of ${result.read} trajectories in ${flags.format} format`,
        [
          ...result.files.map((f): [string, string] => [f.file, `${f.lines} lines, ${Object.keys(f.domains).length} domains`]),
          [flags.include === 'failed' ? 'failing the funnel (included)' : 'dropped by the funnel', dropped],
          ['duplicates dropped', result.duplicates],
          ['not representable', result.unfit.count === 0 ? 0 : `${result.unfit.count} (${result.unfit.example})`],
          ['held out', result.heldOut.join(', ') || 'none'],
          ['folder', result.out],
        ],
        flags.json ? { ...result, seconds: round((performance.now() - started) / 1000), peakRssMb: peakRssMb() } : null,
      );
    });
}
