// `agentscaler merge RUN... --out RUN`: flags only; the work is harness/run/merge.ts.
import { Command } from 'commander';
import { resolve } from 'node:path';
import { UserError } from '../generator/errors.js';
import { RunInputError } from '../harness/run/input-error.js';
import { mergeRuns } from '../harness/run/merge.js';
import { printSummary } from './terminal.js';

export function mergeCommand(): Command {
  return new Command('merge')
    .description('join the shards of one rollout (--shard I/N) into one run folder with one summary')
    .argument('<RUN...>', 'the shards\' run folders')
    .requiredOption('--out <RUN>', 'the merged run folder')
    .option('--json', 'print the summary as JSON')
    .action((runs: string[], flags: { out: string; json?: boolean }) => {
      let result;
      try {
        result = mergeRuns(runs.map((r) => resolve(r)), resolve(flags.out), process.argv.slice(2));
      } catch (error) {
        if (error instanceof RunInputError) throw new UserError(error.message);
        throw error;
      }
      const s = result.summary;
      if (result.missingShards.length > 0) process.stderr.write(`agentscaler: shard${result.missingShards.length > 1 ? 's' : ''} ${result.missingShards.join(', ')} not given: ${s.missing} pairs are missing from the merged run\n`);
      printSummary(
        `merge → ${runs.length} runs, ${s.episodes} episodes, ${s.passed} of ${s.graded} graded pass`,
        [
          ['episodes', s.episodes],
          ['missing pairs', s.missing],
          ['pass@1', s.pass1 === null ? 'n/a' : `${(s.pass1 * 100).toFixed(1)} %`],
          ['run folder', resolve(flags.out)],
        ],
        flags.json ? { ...s, missingShards: result.missingShards } : null,
      );
    });
}
