// Section "tasks": `agentscaler tasks` timed as a child process on the BFCL workspace and on a fixed
// subset of the corpus domains synth emitted; what it kept (per domain, by length, rejected by
// reason), then the verifier's mutation report over every kept task (bench/grade-mutants.ts):
// gold replay passes, doing nothing fails, and the kill rate of each mutation kind.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { DomainTaskCounts, TasksSummary } from '../generator/tasks/index.js';
import { type KindCounts, killRate, type MutationReport } from '../harness/verify/mutation-report.js';
import { MUTATION_KINDS, type MutationKind } from '../harness/verify/mutants.js';
import type { BenchContext, Section } from './context.js';
import { type Cell, count, fixed, percent, table, type Target, targetTable } from './markdown.js';
import { median, medianOf, parseJson, repeat, runNode } from './measure.js';
import { corpusCatalog, corpusName } from './plan.js';
import { bfclWorkspace, corpusWorkspace } from './workspaces.js';

/** Targets of the tasks stage and the verifier (issue 4). */
export const TASKS_TARGETS = { keptPerDomain: 5, domainsWithKept: 0.9, longCalls: 3, longShare: 0.3, keptPerSecond: 200, killRate: 0.99, corpusDomains: 300 } as const;

/** Corpus domains sampled: tasks runs at about 15 domains/s, so all ~9,000 three times would take half an hour. */
export const CORPUS_DOMAINS = { full: 1000, quick: 300 };
/** Domains per grading child: a child keeps every package runtime it imported, so batches bound its memory. */
const GRADE_BATCH = 100;

/** The part of `tasks --json` the bench reads. */
interface TasksJson {
  domains: number;
  sampled: number;
  kept: number;
  seconds: number;
  peakRssMb: number;
}

/** One timed tasks run. */
interface TasksRun extends TasksJson {
  /** Spawn to exit, Node start-up included. */
  wallSeconds: number;
  cpuSeconds: number;
}

/** A grading child's report. */
interface GradeReport extends MutationReport {
  seconds: number;
  peakRssMb: number;
}

/** Tasks runs, what they kept, and the verifier's grades on one catalog. */
interface CatalogResult {
  label: string;
  runs: TasksRun[];
  /** WS/tasks.json after the last run (the runs are deterministic). */
  summary: TasksSummary;
  grades: GradeReport;
}

/** `n` items spread evenly over `items` (all of them when there are fewer). */
export function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/** The domains synth emitted into WS/servers/ and did not record as failed. */
export function emittedDomains(ws: string): string[] {
  const { domains, failed } = JSON.parse(readFileSync(join(ws, 'synth.json'), 'utf8')) as { domains?: { slug: string }[]; failed?: { slug: string }[] };
  const skipped = new Set((failed ?? []).map((f) => f.slug));
  return (domains ?? []).map((d) => d.slug).filter((slug) => !skipped.has(slug)).sort();
}

/** `tasks --ws WS --json [--domains …]` `runs` times; each run rewrites every tasks.jsonl. */
async function timeTasks(context: BenchContext, label: string, ws: string, domains: string[] | undefined): Promise<TasksRun[]> {
  const args = ['tasks', '--ws', ws, '--json', ...(domains === undefined ? [] : ['--domains', domains.join(',')])];
  return repeat(context.plan.runs, async (run) => {
    context.say(`${label}: tasks run ${run}/${context.plan.runs}${domains === undefined ? '' : ` (${domains.length} domains)`}`);
    const child = await runNode(context.cli, args, context.root);
    const json = parseJson<TasksJson>(child, `agentscaler tasks --ws ${ws} --json`);
    context.say(`  ${json.kept} tasks kept of ${json.domains} domains in ${json.seconds.toFixed(1)} s (${(json.kept / json.seconds).toFixed(0)} kept/s)`);
    return { ...json, wallSeconds: child.wallSeconds, cpuSeconds: child.cpuSeconds ?? NaN };
  });
}

function mergeGrades(reports: GradeReport[]): GradeReport {
  const byKind = Object.fromEntries(MUTATION_KINDS.map((kind) => [kind, { made: 0, changing: 0, killed: 0 }])) as Record<MutationKind, KindCounts>;
  const out: GradeReport = { tasks: 0, goldPass: 0, doNothingFail: 0, byKind, survivors: [], goldFailures: [], seconds: 0, peakRssMb: 0 };
  for (const r of reports) {
    out.tasks += r.tasks;
    out.goldPass += r.goldPass;
    out.doNothingFail += r.doNothingFail;
    for (const kind of MUTATION_KINDS) {
      out.byKind[kind].made += r.byKind[kind].made;
      out.byKind[kind].changing += r.byKind[kind].changing;
      out.byKind[kind].killed += r.byKind[kind].killed;
    }
    out.survivors.push(...r.survivors);
    out.goldFailures.push(...r.goldFailures);
    out.seconds += r.seconds;
    out.peakRssMb = Math.max(out.peakRssMb, r.peakRssMb);
  }
  return out;
}

/** The mutation report over `slugs` in child processes, a batch each, as many at once as there are cores (up to 2). */
async function gradeAll(context: BenchContext, label: string, ws: string, slugs: string[]): Promise<GradeReport> {
  const batches: string[][] = [];
  for (let i = 0; i < slugs.length; i += GRADE_BATCH) batches.push(slugs.slice(i, i + GRADE_BATCH));
  const script = join(context.root, 'dist', 'bench', 'grade-mutants.js');
  const folder = context.folder(`grade-${label.replace(/[^a-z0-9]+/gi, '-')}`);
  const reports: GradeReport[] = [];
  let next = 0;
  // Grading is not timed, so batches may share the cores.
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      const file = join(folder, `batch-${index}.json`);
      writeFileSync(file, JSON.stringify({ ws, domains: batches[index] }));
      reports[index] = parseJson<GradeReport>(await runNode(script, [file], context.root), `grade-mutants ${file}`);
      context.say(`  ${label}: graded batch ${index + 1}/${batches.length}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(2, availableParallelism(), batches.length) }, worker));
  return mergeGrades(reports);
}

/** Tasks (timed), then the mutation report (untimed) on one workspace. */
async function measureCatalog(context: BenchContext, label: string, ws: string, domains: string[] | undefined): Promise<CatalogResult> {
  const runs = await timeTasks(context, label, ws, domains);
  const summary = JSON.parse(readFileSync(join(ws, 'tasks.json'), 'utf8')) as TasksSummary;
  const graded = summary.domains.filter((d) => d.kept > 0 && !d.failed).map((d) => d.slug);
  context.say(`${label}: grading gold, do-nothing and mutant trajectories of ${summary.totals.kept} tasks`);
  const grades = await gradeAll(context, label, ws, graded);
  return { label, runs, summary, grades };
}

function medianRun(runs: TasksRun[]): TasksRun {
  const m = (field: keyof TasksRun) => medianOf(runs, (r) => r[field]);
  return { domains: m('domains'), sampled: m('sampled'), kept: m('kept'), seconds: m('seconds'), peakRssMb: m('peakRssMb'), wallSeconds: m('wallSeconds'), cpuSeconds: m('cpuSeconds') };
}

/** Kept tasks per second of stage time, median over runs. */
const throughput = (runs: TasksRun[]) => median(runs.map((r) => r.kept / r.seconds));
/** Kept tasks per second of wall time, Node start-up included, median over runs. */
const wallThroughput = (runs: TasksRun[]) => median(runs.map((r) => r.kept / r.wallSeconds));

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const countOf = (n: number, whole: number) => `${count(n)} (${percent(share(n, whole))})`;

function runRow(label: string, r: TasksRun): Cell[] {
  return [label, r.domains, r.sampled, r.kept, fixed(r.seconds, 2), fixed(r.kept / r.seconds, 0), fixed(r.wallSeconds, 2), fixed(r.kept / r.wallSeconds, 0), fixed(r.cpuSeconds, 2), r.peakRssMb];
}

/** Domains with at least the target's kept tasks. */
const wellStocked = (s: TasksSummary) => s.domains.filter((d) => d.kept >= TASKS_TARGETS.keptPerDomain).length;
/** Kept tasks of at least the target's calls. */
const longTasks = (s: TasksSummary) => Object.entries(s.totals.lengths).reduce((n, [calls, k]) => n + (Number(calls) >= TASKS_TARGETS.longCalls ? k : 0), 0);
const withInternalErrors = (s: TasksSummary) => s.domains.filter((d) => (d.internalErrors ?? 0) > 0);
const failedDomains = (s: TasksSummary) => s.domains.filter((d): d is DomainTaskCounts & { failed: string } => d.failed !== undefined);

function domainRow(r: CatalogResult): Cell[] {
  const s = r.summary;
  const t = s.totals;
  const errors = withInternalErrors(s);
  return [
    r.label,
    t.domains,
    failedDomains(s).length,
    countOf(wellStocked(s), t.domains),
    countOf(t.domainsFull, t.domains),
    t.kept,
    `${count(t.readOnly)} / ${count(t.stateChanging)}`,
    countOf(t.withOutputs, t.kept),
    `${count(errors.reduce((n, d) => n + (d.internalErrors ?? 0), 0))} in ${count(errors.length)} domains`,
  ];
}

function lengthRow(r: CatalogResult, maxSteps: number): Cell[] {
  const t = r.summary.totals;
  return [r.label, ...Array.from({ length: maxSteps }, (_, i) => t.lengths[String(i + 1)] ?? 0), countOf(longTasks(r.summary), t.kept)];
}

function rejected(r: CatalogResult): string {
  const t = r.summary.totals;
  const reasons = Object.entries(t.rejected).sort((a, b) => b[1] - a[1]);
  return `- ${r.label}: ${count(t.sampled)} chains sampled, ${count(t.kept)} kept; rejected: ${reasons.length ? reasons.map(([why, n]) => `${count(n)} ${why}`).join(', ') : 'none'}.`;
}

/** All kinds added up. */
function overall(g: GradeReport): KindCounts {
  return MUTATION_KINDS.map((k) => g.byKind[k]).reduce((a, b) => ({ made: a.made + b.made, changing: a.changing + b.changing, killed: a.killed + b.killed }));
}

function kindRow(label: string, c: KindCounts): Cell[] {
  return [label, c.made, c.changing, c.killed, c.changing === 0 ? 'n/a' : percent(killRate(c))];
}

function gradeRow(r: CatalogResult): Cell[] {
  const g = r.grades;
  return [r.label, g.tasks, countOf(g.goldPass, g.tasks), countOf(g.doNothingFail, g.tasks), fixed(g.seconds, 1), g.peakRssMb];
}

/** A few failures of a catalog, quoted. */
function samples(r: CatalogResult): string[] {
  const lines: string[] = [];
  for (const d of failedDomains(r.summary).slice(0, 10)) lines.push(`- ${r.label}, \`${d.slug}\` has no tasks: ${d.failed}`);
  const errors = withInternalErrors(r.summary);
  if (errors.length) lines.push(`- ${r.label}: sampled calls that hit a bug in tools.js: ${errors.slice(0, 10).map((d) => `\`${d.slug}\` (${d.internalErrors})`).join(', ')}`);
  for (const f of r.grades.goldFailures.slice(0, 10)) lines.push(`- ${r.label}, gold of \`${f.task}\` fails: ${f.reason.replace(/\s+/g, ' ').replaceAll('|', '\\|')}`);
  for (const kind of MUTATION_KINDS) {
    for (const s of r.grades.survivors.filter((x) => x.kind === kind).slice(0, 3)) {
      lines.push(`- ${r.label}, ${kind} mutant of \`${s.task}\` passed: ${s.description.replace(/\s+/g, ' ').replaceAll('|', '\\|')}`);
    }
  }
  return lines;
}

/** The verdict rows of the section. */
function targets(bfcl: CatalogResult, corpus: CatalogResult): Target[] {
  const t = TASKS_TARGETS;
  const both = [bfcl, corpus];
  const out: Target[] = [];
  for (const r of both) {
    const domains = r.summary.totals.domains;
    const stocked = share(wellStocked(r.summary), domains);
    const enough = r === corpus ? domains >= t.corpusDomains : true;
    out.push({
      name: `domains with ≥ ${t.keptPerDomain} kept tasks (${r.label}${r === corpus ? `, ≥ ${t.corpusDomains} domains` : ''})`,
      goal: `≥ ${percent(t.domainsWithKept)}`,
      measured: `${percent(stocked)} of ${count(domains)}`,
      pass: stocked >= t.domainsWithKept && enough,
    });
  }
  for (const r of both) {
    const long = share(longTasks(r.summary), r.summary.totals.kept);
    out.push({ name: `kept tasks with ≥ ${t.longCalls} calls (${r.label})`, goal: `≥ ${percent(t.longShare)}`, measured: percent(long), pass: long >= t.longShare });
  }
  const tasks = bfcl.grades.tasks + corpus.grades.tasks;
  const gold = bfcl.grades.goldPass + corpus.grades.goldPass;
  const idle = bfcl.grades.doNothingFail + corpus.grades.doNothingFail;
  const kept = bfcl.summary.totals.kept + corpus.summary.totals.kept;
  out.push(
    { name: 'kept tasks whose gold replay passes the verifier', goal: '100 %', measured: `${count(gold)} of ${count(tasks)}`, pass: gold === tasks && tasks === kept },
    { name: 'kept tasks a do-nothing trajectory fails', goal: '100 %', measured: `${count(idle)} of ${count(tasks)}`, pass: idle === tasks && tasks === kept },
  );
  const mutants = [overall(bfcl.grades), overall(corpus.grades)].reduce((a, b) => ({ made: a.made + b.made, changing: a.changing + b.changing, killed: a.killed + b.killed }));
  out.push({
    name: 'outcome-changing mutants the verifier rejects (all kinds, both catalogs)',
    goal: `≥ ${percent(t.killRate)}`,
    measured: `${percent(killRate(mutants))} (${count(mutants.killed)} of ${count(mutants.changing)})`,
    pass: killRate(mutants) >= t.killRate,
  });
  for (const r of both) {
    const rate = throughput(r.runs);
    out.push({ name: `task generation (${r.label}; tasks stage time)`, goal: `≥ ${t.keptPerSecond} kept tasks/s`, measured: `${fixed(rate, 0)} kept/s (${fixed(wallThroughput(r.runs), 0)} incl. Node start)`, pass: rate >= t.keptPerSecond });
  }
  return out;
}

/** Tasks on the BFCL catalogs and a corpus subset: throughput, what is kept, and the verifier's mutation test. */
export const tasksSection: Section = {
  id: 'tasks',
  title: (plan) => `tasks: BFCL catalogs and ${corpusName(plan)}`,
  async render(context) {
    const { plan } = context;
    const bfcl = await measureCatalog(context, 'BFCL', await bfclWorkspace(context), undefined);
    // The corpus workspace as the synth section left it: servers/ of every domain it emitted (of its slice on a quick run).
    const corpusWs = await corpusWorkspace(context);
    const emitted = emittedDomains(corpusWs);
    const subset = spread(emitted, plan.quick ? CORPUS_DOMAINS.quick : CORPUS_DOMAINS.full);
    const corpus = await measureCatalog(context, corpusCatalog(plan), corpusWs, subset);
    const domainsPerSecond = median(corpus.runs.map((r) => r.domains / r.seconds));
    const corpusSelection =
      subset.length === emitted.length
        ? `all ${count(emitted.length)} domains synth emitted`
        : `${count(subset.length)} of the ${count(emitted.length)} domains synth emitted, spread evenly over them in slug order (\`--domains\`): ` +
          `at the ${fixed(domainsPerSecond, 0)} domains/s measured, all of them would take about ${fixed(emitted.length / domainsPerSecond / 60, 0)} min a run, and grading them several times that`;
    const both = [bfcl, corpus];
    const maxSteps = Math.max(bfcl.summary.maxSteps, corpus.summary.maxSteps);
    const runHeaders = ['catalog / run', 'domains', 'chains sampled', 'tasks kept', 'tasks s', 'kept/s', 'wall s', 'kept/s (wall)', 'CPU s', 'peak RSS MB'];
    const runRows = both.flatMap((r) => [...r.runs.map((run, i) => runRow(`${r.label} ${i + 1}`, run)), runRow(`**${r.label} median**`, medianRun(r.runs))]);
    const kindRows = both.flatMap((r) => [...MUTATION_KINDS.map((k) => kindRow(`${r.label} ${k}`, r.grades.byKind[k])), kindRow(`**${r.label} all kinds**`, overall(r.grades))]);
    const failureLines = both.flatMap(samples);
    const s = bfcl.summary;
    return [
      `\`agentscaler tasks --ws WS --json\` (${s.perDomain} tasks wanted per domain, chains of up to ${s.maxSteps} calls, seed ${s.seed}) as a child process, ${plan.runs} run(s) each: ` +
        `BFCL is the workspace of the synth section (all ${count(bfcl.summary.totals.domains)} domains); ${corpus.label} is the corpus workspace synth left, ${corpusSelection}. ` +
        '"tasks s" is the stage time the CLI reports (Node start-up excluded; "wall s" includes it); kept/s is tasks kept ÷ tasks s.',
      '',
      table(runHeaders, runRows),
      '',
      table(
        ['catalog', 'domains', 'failed (no tasks)', `with ≥ ${TASKS_TARGETS.keptPerDomain} kept`, `with ${s.perDomain} kept`, 'tasks kept', 'read-only / state-changing', 'asking for an answer', 'sampled calls that hit a tools.js bug'],
        both.map(domainRow),
      ),
      '',
      table(['catalog', ...Array.from({ length: maxSteps }, (_, i) => `${i + 1} call${i ? 's' : ''}`), `≥ ${TASKS_TARGETS.longCalls} calls`], both.map((r) => lengthRow(r, maxSteps))),
      '',
      ...both.map(rejected),
      '',
      'Every kept task is then graded by `mutationReport` (`harness/verify/mutation-report.ts`) in child processes of ' +
        `${GRADE_BATCH} domains (\`bench/grade-mutants.ts\`, not timed): its gold trajectory, built from the task and replayed on the seed, must pass; ` +
        'a do-nothing trajectory (no calls, an answer that states nothing) must fail; and each mutant of the gold calls is played on the seed. ' +
        'A mutant is outcome-changing (`changesOutcome`) when its final rows differ from the gold ones (compared row by row, not by digest), or its answer misses a value the task asks for (calls decide no reward); ' +
          'the kill rate is the share of those the verifier rejects.',
      '',
      table(['catalog', 'tasks graded', 'gold passes', 'do-nothing fails', 'grading s (summed)', 'peak RSS MB'], both.map(gradeRow)),
      '',
      table(['catalog / mutation', 'mutants made', 'outcome-changing', 'rejected', 'kill rate'], kindRows),
      '',
      targetTable(targets(bfcl, corpus), plan.quick),
      ...(failureLines.length ? ['', 'Failures, a few of each kind:', '', ...failureLines] : []),
    ].join('\n');
  },
};
