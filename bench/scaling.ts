// Section "scaling": a quarter of the corpus against all of it, to show time grows about linearly
// with the number of specs (the similarity search must not go quadratic).
import { type BuildRun, measureBuild } from './build-run.js';
import type { Section } from './context.js';
import { corpusFiles, linkEvery } from './corpus.js';
import { corpusRuns } from './full-corpus.js';
import { fixed, table, type Target, targetTable } from './markdown.js';
import { medianOf, repeat } from './measure.js';
import { corpusName } from './plan.js';
import { buildTable } from './pipeline.js';

/** The slice is every STEP-th spec: 4 → 25 %. */
const STEP = 4;

/** Largest allowed time(100 %) / time(25 %); 4× is linear. */
export const SCALING_TARGET = 5;

/** `build` on every 4th spec against the whole corpus (the runs of "ingest + graph"). */
export const scalingSection: Section = {
  title: () => 'scaling: 25 % vs 100 % of the corpus',
  async render(context) {
    const { plan } = context;
    const full = await corpusRuns(context);
    const files = corpusFiles(plan.prefix);
    const slice = context.folder('slice-specs');
    const linked = linkEvery(files, STEP, slice);
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

    const wall = (runs: BuildRun[]) => medianOf(runs, (r) => r.wallSeconds);
    const tools = (runs: BuildRun[]) => medianOf(runs, (r) => r.tools);
    const ratio = wall(full.builds) / wall(quarter);
    const target: Target = { name: 'time(100 %) / time(25 %)', goal: `≤ ${SCALING_TARGET}×`, measured: `${fixed(ratio, 2)}×`, pass: ratio <= SCALING_TARGET };
    return [
      `25 %: every ${STEP}th spec file of ${corpusName(plan)} in sorted path order (${linked} of ${files.length}), linked into a temp folder and built with ` +
        '`build --catalog <folder>` (the folder form takes the provider from `info.x-providerName`/`x-serviceName`). ' +
        `100 %: the runs of "ingest + graph" above. ${plan.runs} run(s) each, fresh processes.`,
      '',
      '25 % runs:',
      '',
      buildTable(quarter),
      '',
      table(
        ['', 'tools (median)', 'ingest s', 'graph s', 'wall s'],
        [
          ['25 %', tools(quarter), fixed(medianOf(quarter, (r) => r.ingestSeconds)), fixed(medianOf(quarter, (r) => r.graphSeconds)), fixed(wall(quarter))],
          ['100 %', tools(full.builds), fixed(medianOf(full.builds, (r) => r.ingestSeconds)), fixed(medianOf(full.builds, (r) => r.graphSeconds)), fixed(wall(full.builds))],
          [
            '100 % / 25 %',
            `${fixed(tools(full.builds) / tools(quarter), 2)}×`,
            `${fixed(medianOf(full.builds, (r) => r.ingestSeconds) / medianOf(quarter, (r) => r.ingestSeconds), 2)}×`,
            `${fixed(medianOf(full.builds, (r) => r.graphSeconds) / medianOf(quarter, (r) => r.graphSeconds), 2)}×`,
            `${fixed(ratio, 2)}×`,
          ],
        ],
      ),
      '',
      targetTable([target], plan.quick),
    ].join('\n');
  },
};
