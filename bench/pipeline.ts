// Section "ingest + graph": `build` on the plan's corpus, each run a fresh process and workspace.
import { type BuildRun, DOMAIN_RANGE } from './build-run.js';
import type { Section } from './context.js';
import { corpusRuns } from './full-corpus.js';
import { type Cell, count, fixed, table, type Target, targetTable } from './markdown.js';
import { medianOf } from './measure.js';
import { corpusCatalog, corpusName } from './plan.js';

/** Full-corpus targets; a build must meet all of them. */
export const PIPELINE_TARGETS = { tools: 100_000, domainsInRange: 2_000, seconds: 120, peakRssMb: 4096 } as const;

const COLUMNS = ['run', 'specs read / skipped', 'tools', 'domains', `domains of ${DOMAIN_RANGE.min}–${DOMAIN_RANGE.max}`, 'tools in domains', 'ingest s', 'graph s', 'total s', 'wall s', 'CPU s', 'peak RSS MB'];

function row(label: string, r: BuildRun): Cell[] {
  return [
    label,
    `${count(r.specs)} / ${count(r.skipped)}`,
    r.tools,
    r.domains,
    r.domainsInRange,
    r.toolsInDomains,
    fixed(r.ingestSeconds),
    fixed(r.graphSeconds),
    fixed(r.totalSeconds),
    fixed(r.wallSeconds),
    fixed(r.cpuSeconds),
    Math.round(r.peakRssMb),
  ];
}

/** Drop reasons with a count, largest first: "1,234 duplicate, 56 deprecated". */
function dropLine(dropped: Record<string, number>): string {
  const reasons = Object.entries(dropped).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return reasons.length ? reasons.map(([reason, n]) => `${count(n)} ${reason}`).join(', ') : 'none';
}

/** The median of every column, as a row. */
export function medianBuild(runs: BuildRun[]): BuildRun {
  const m = (field: Exclude<keyof BuildRun, 'dropped'>) => medianOf(runs, (r) => r[field]);
  return {
    specs: m('specs'),
    skipped: m('skipped'),
    operations: m('operations'),
    tools: m('tools'),
    domains: m('domains'),
    domainsInRange: m('domainsInRange'),
    toolsInDomains: m('toolsInDomains'),
    chainable: m('chainable'),
    ingestSeconds: m('ingestSeconds'),
    graphSeconds: m('graphSeconds'),
    totalSeconds: m('totalSeconds'),
    wallSeconds: m('wallSeconds'),
    cpuSeconds: m('cpuSeconds'),
    peakRssMb: m('peakRssMb'),
    // Ingest is deterministic: every run drops the same operations.
    dropped: runs[0]!.dropped,
  };
}

/** The build runs as a table: one row per run, then the median. */
export function buildTable(runs: BuildRun[]): string {
  return table(COLUMNS, [...runs.map((r, i) => row(`${i + 1}`, r)), row('**median**', medianBuild(runs))]);
}

/** `build` on the corpus: the runs, their median, and the full-corpus targets. */
export const pipelineSection: Section = {
  id: 'pipeline',
  title: (plan) => `ingest + graph, ${corpusName(plan)}`,
  async render(context) {
    const { plan } = context;
    const { builds } = await corpusRuns(context);
    const m = medianBuild(builds);
    const t = PIPELINE_TARGETS;
    const targets: Target[] = [
      { name: 'tools ingested', goal: `≥ ${count(t.tools)}`, measured: count(m.tools), pass: m.tools >= t.tools },
      {
        name: `domains of ${DOMAIN_RANGE.min}–${DOMAIN_RANGE.max} tools`,
        goal: `≥ ${count(t.domainsInRange)}`,
        measured: count(m.domainsInRange),
        pass: m.domainsInRange >= t.domainsInRange,
      },
      { name: 'total time (wall, process start to exit)', goal: `≤ ${t.seconds} s`, measured: `${fixed(m.wallSeconds)} s`, pass: m.wallSeconds <= t.seconds },
      { name: 'peak RSS', goal: '≤ 4 GB', measured: `${count(Math.round(m.peakRssMb))} MB`, pass: m.peakRssMb <= t.peakRssMb },
    ];
    return [
      `${corpusName(plan)}: \`agentscaler build --catalog ${corpusCatalog(plan)} --out WS --json\`, ${plan.runs} run(s), each a fresh process and an empty workspace.`,
      '',
      buildTable(builds),
      '',
      `Operations in the specs: ${count(m.operations)}; the quality filter dropped ${dropLine(m.dropped)}.`,
      '',
      '"total s" is ingest + graph as the CLI reports it; "wall s" adds Node start-up and module loading; ' +
        '"CPU s" is user + system time of the process and its worker threads. ' +
        'Peak RSS is the build process\'s own maximum resident set (its ingest worker threads share it).',
      '',
      targetTable(targets, plan.quick),
    ].join('\n');
  },
};
