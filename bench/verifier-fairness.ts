// Section "fairness": the verifier on the same trajectories before and after issue 10 — correct
// non-gold solutions written by hand (test/fixtures/non-gold-solutions.json: another tool doing the
// same thing, extra reads before acting) must not be rejected, and the mutants of every kept BFCL
// task that change the outcome must still be rejected, per kind. "Before" is the parent commit's
// verifier (77335d1), measured once on these fixtures and written down here.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killRate, type MutationReport } from '../harness/verify/mutation-report.js';
import { MUTATION_KINDS } from '../harness/verify/mutants.js';
import type { Section } from './context.js';
import { count, percent, table, targetTable } from './markdown.js';
import { parseJson, runNode } from './measure.js';
import type { Fairness } from './verifier-fairness-measure.js';
import { bfclCatalog } from './workspaces.js';

/** The parent commit's verifier on the fixtures (bench/verifier-fairness-measure.ts run on 77335d1). */
const BEFORE = { solutions: 6, rewardRejected: 3, callsRejected: 6 } as const;

export const fairnessSection: Section = {
  id: 'fairness',
  title: () => 'verifier fairness: correct non-gold solutions and mutants, before and after',
  async render(context) {
    const ws = context.folder('fairness');
    context.say('fairness: BFCL build (not timed)');
    await runNode(context.cli, ['build', '--catalog', bfclCatalog(context), '--out', ws, '--json'], context.root);
    const fixture = join(context.root, 'test', 'fixtures', 'non-gold-solutions.json');
    const after = parseJson<Fairness>(await runNode(join(context.root, 'dist', 'bench', 'verifier-fairness-measure.js'), [ws, fixture], context.root), 'verifier-fairness-measure');
    context.say('fairness: mutation report over every kept BFCL task');
    const batch = join(context.folder('fairness-batch'), 'batch.json');
    writeFileSync(batch, JSON.stringify({ ws, domains: readdirSync(join(ws, 'servers')).filter((slug) => existsSync(join(ws, 'servers', slug, 'tasks.jsonl'))).sort() }));
    const mutants = parseJson<MutationReport>(await runNode(join(context.root, 'dist', 'bench', 'grade-mutants.js'), [batch], context.root), 'grade-mutants');
    const rates = MUTATION_KINDS.map((kind) => ({ kind, counts: mutants.byKind[kind], rate: killRate(mutants.byKind[kind]) }));
    return [
      `${count(after.solutions)} correct solutions that are not the gold calls, graded by the reward (default options) and by exact match of calls on every task (the funnel's calls stage, \`--exact-match all\`).`,
      '',
      table(['verifier', 'solutions', 'rejected by the reward', 'rejected by exact match'], [
        ['before (77335d1)', BEFORE.solutions, BEFORE.rewardRejected, BEFORE.callsRejected],
        ['after', after.solutions, after.rewardRejected, after.callsRejected],
      ]),
      '',
      `Mutants of the gold calls of ${count(mutants.tasks)} kept BFCL tasks, outcome judged by comparing rows (not the digest):`,
      '',
      table(['kind', 'made', 'outcome-changing', 'rejected', 'kill rate'], rates.map((r) => [r.kind, r.counts.made, r.counts.changing, r.counts.killed, percent(r.rate)])),
      '',
      targetTable([
        { name: 'false rejections of correct solutions', goal: '0', measured: String(after.rewardRejected + after.callsRejected), pass: after.rewardRejected + after.callsRejected === 0 },
        ...rates.map((r) => ({ name: `kill rate, ${r.kind}`, goal: '≥ 99 %', measured: percent(r.rate), pass: r.rate >= 0.99 })),
      ], context.plan.quick),
    ].join('\n');
  },
};
