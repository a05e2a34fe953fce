// `agentscaler build --catalog SRC... --out WS [...]`: every generator stage in one go.
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { ARTIFACTS } from '../generator/workspace.js';
import { type GraphFlags, graphRows, runGraph, withGraphFlags } from './graph.js';
import { CATALOG_HELP, droppedTotal, ingestRows, type IngestFlags, peakRssMb, round, runIngest } from './ingest.js';
import { runSynth, type SynthFlags, synthRows } from './synth.js';
import { runTasks, type TasksFlags, tasksRows, withTasksFlags } from './tasks.js';
import { numberOption, printSummary } from './terminal.js';

export function buildCommand(): Command {
  return withTasksFlags(withGraphFlags(
    new Command('build')
      .description('ingest + graph + synth + tasks: catalogs to runnable MCP servers with verifiable tasks, in one command')
      .requiredOption('--catalog <SRC...>', CATALOG_HELP)
      .requiredOption('--out <WS>', 'workspace folder to write'),
  ))
    .option('--workers <N>', 'worker threads for parsing (default: cores, up to 4; 0 = none)', numberOption({ integer: true }))
    .option('--limit <N>', 'synth only the first N domains (default: all)', numberOption({ integer: true, min: 1 }))
    .addOption(new Option('--stop-after <STAGE>', 'stop after this stage (to study the domains before emitting servers)').choices(['graph', 'synth', 'tasks']).default('tasks'))
    .option('--json', 'print the summary as JSON')
    .action(async (flags: IngestFlags & GraphFlags & Omit<SynthFlags, 'domains'> & Omit<TasksFlags, 'domains'> & { stopAfter: 'graph' | 'synth' | 'tasks' }) => {
      const ingested = await runIngest(flags);
      if (!flags.json) printSummary(`ingest → ${join(flags.out, ARTIFACTS.tools)} in ${ingested.seconds.toFixed(1)} s`, ingestRows(ingested.summary), null);
      const graphed = runGraph(flags.out, flags);
      const common = {
        tools: ingested.summary.tools,
        dropped: droppedTotal(ingested.summary),
        domains: graphed.summary.domains,
        ingest: { ...ingested.summary, problems: undefined, skipped: undefined, seconds: round(ingested.seconds) },
        graph: { ...graphed.summary, seconds: round(graphed.seconds) },
      };
      if (flags.stopAfter === 'graph') {
        const seconds = ingested.seconds + graphed.seconds;
        const title = `graph → ${join(flags.out, ARTIFACTS.domains)} in ${graphed.seconds.toFixed(1)} s (total ${seconds.toFixed(1)} s)`;
        printSummary(title, graphRows(graphed.summary), flags.json ? { ...common, seconds: round(seconds), peakRssMb: peakRssMb() } : null);
        return;
      }
      if (!flags.json) printSummary(`graph → ${join(flags.out, ARTIFACTS.domains)} in ${graphed.seconds.toFixed(1)} s`, graphRows(graphed.summary), null);
      // One --seed drives the whole build: the Louvain partition, the generated data and the tasks.
      const synthesized = await runSynth(flags.out, { seed: flags.seed, limit: flags.limit });
      if (flags.stopAfter === 'synth') {
        const seconds = ingested.seconds + graphed.seconds + synthesized.seconds;
        const title = `synth → ${join(flags.out, ARTIFACTS.servers)} in ${synthesized.seconds.toFixed(1)} s (total ${seconds.toFixed(1)} s)`;
        const json = { ...common, servers: synthesized.summary.totals.domains, seconds: round(seconds), peakRssMb: peakRssMb(), synth: { ...synthesized.summary.totals, seconds: round(synthesized.seconds) } };
        printSummary(title, synthRows(synthesized.summary, synthesized.seconds), flags.json ? json : null);
        return;
      }
      if (!flags.json) printSummary(`synth → ${join(flags.out, ARTIFACTS.servers)} in ${synthesized.seconds.toFixed(1)} s`, synthRows(synthesized.summary, synthesized.seconds), null);
      const sampled = await runTasks(flags.out, { seed: flags.seed, limit: flags.limit, perDomain: flags.perDomain, maxSteps: flags.maxSteps });
      const seconds = ingested.seconds + graphed.seconds + synthesized.seconds + sampled.seconds;
      printSummary(
        `tasks → ${join(flags.out, ARTIFACTS.servers)}/*/tasks.jsonl in ${sampled.seconds.toFixed(1)} s (total ${seconds.toFixed(1)} s)`,
        tasksRows(sampled.summary, sampled.seconds),
        flags.json
          ? {
              ...common,
              servers: synthesized.summary.totals.domains,
              kept: sampled.summary.totals.kept,
              seconds: round(seconds),
              peakRssMb: peakRssMb(),
              synth: { ...synthesized.summary.totals, seconds: round(synthesized.seconds) },
              tasks: { ...sampled.summary.totals, seconds: round(sampled.seconds) },
            }
          : null,
      );
    });
}
