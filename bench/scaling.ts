// Section "scaling": a quarter of the corpus against all of it, to show time grows about linearly
// with the number of specs (the similarity search must not go quadratic).
import { type BuildRun, measureBuild } from './build-run.js';
import type { Section } from './context.js';
import { corpusFiles, linkFiles, quarterBySize } from './corpus.js';
import { corpusRuns } from './full-corpus.js';
import { fixed, table, type Target, targetTable } from './markdown.js';
import { medianOf, repeat } from './measure.js';
import { corpusName } from './plan.js';
import { buildTable } from './pipeline.js';

/** Largest allowed time(100 %) / time(25 %); 4× is linear. */
export const SCALING_TARGET = 5;

/** `build` on every 4th spec against the whole corpus (the runs of "ingest + graph"). */
export const scalingSection: Section = {
  id: 'scaling',
  title: () => 'scaling: 25 % vs 100 % of the corpus',
  async render(context) {
    const { plan } = context;
    const full = await corpusRuns(context);
    const files = corpusFiles(plan.prefix);
    const slice = context.folder('slice-specs');
    const quarterOf = quarterBySize(files);
    linkFiles(quarterOf.files, slice);
    const linked = quarterOf.files.length;
    const quarter = await repeat(plan.runs, async (run): Promise<BuildRun> => {
      context.say(`scaling: build on ${linked} of ${files.length} specs, run ${run}/${plan.runs}`);
      const workspace = context.folder(`slice-${run}`);
      try {
        const build = await measureBuild(context, slice, workspace);
        context.say(`  ${build.tools.toLocaleString('en-US')} tools, ${build.domains} domains in ${build.wallSeconds.toFixed(1)} s`);
        return build;
      } finally {
        context.discard(workspace);
      }
    });
    context.discard(slice);

    // The comparison columns: each a median over the runs of one side.
    const columns: [string, (r: BuildRun) => number][] = [
      ['tools', (r) => r.tools],
      ['ingest s', (r) => r.ingestSeconds],
      ['graph s', (r) => r.graphSeconds],
      ['wall s', (r) => r.wallSeconds],
      ['CPU s', (r) => r.cpuSeconds],
    ];
    const side = (runs: BuildRun[]) => columns.map(([, field]) => medianOf(runs, field));
    const small = side(quarter);
    const large = side(full.builds);
    const ratios = large.map((v, i) => v / small[i]!);
    const ratioOf = (name: string) => ratios[columns.findIndex(([n]) => n === name)]!;
    const wallRatio = ratioOf('wall s');
    const toolsRatio = ratioOf('tools');
    const target: Target = { name: 'time(100 %) / time(25 %), wall', goal: `≤ ${SCALING_TARGET}×`, measured: `${fixed(wallRatio, 2)}×`, pass: wallRatio <= SCALING_TARGET };
    return [
      `25 %: a quarter of ${corpusName(plan)} by size (${linked} of ${files.length} spec files, ${fixed(quarterOf.bytes / 1e6, 0)} of ${fixed(quarterOf.totalBytes / 1e6, 0)} MB: ` +
        'files, largest first, each put in the lightest of four bins; the first bin), linked into a temp folder and built with ' +
        '`build --catalog <folder>` (the folder form takes the provider from `info.x-providerName`/`x-serviceName`). ' +
        `100 %: the runs of "ingest + graph" above. ${plan.runs} run(s) each, fresh processes.`,
      '',
      '25 % runs:',
      '',
      buildTable(quarter),
      '',
      table(
        ['medians', ...columns.map(([name]) => name)],
        [
          ['25 %', small[0]!, ...small.slice(1).map((v) => fixed(v))],
          ['100 %', large[0]!, ...large.slice(1).map((v) => fixed(v))],
          ['100 % / 25 %', ...ratios.map((r) => `${fixed(r, 2)}×`)],
        ],
      ),
      '',
      // Duplicates and spec density differ between the bins, so the tools ratio is shown too.
      `The quarter holds ${fixed(100 / toolsRatio, 1)} % of the tools, so at linear cost per tool the expected ratio is ${fixed(toolsRatio, 2)}×; ` +
        `the cost per tool at 100 % is ${fixed(wallRatio / toolsRatio, 2)}× that at 25 % in wall time and ${fixed(ratioOf('CPU s') / toolsRatio, 2)}× in CPU time (1.00× = linear).`,
      '',
      targetTable([target], plan.quick),
    ].join('\n');
  },
};
