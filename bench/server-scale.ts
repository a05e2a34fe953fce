// Section "Scale inside one server": an insert and a digest on a table of 0, 20,000 and 200,000 rows
// (bench/time-scale.ts in a child process). Keys come from a sequence and the digest from sums kept
// on write, so neither should grow with the table.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Section } from './context.js';
import { type Cell, count, fixed, table, type Target, targetTable } from './markdown.js';
import { median, parseJson, repeat, runNode } from './measure.js';
import type { ScaleTimings, TimeScaleConfig } from './time-scale.js';
import { bfclWorkspace } from './workspaces.js';

/** Largest growth allowed from the smallest table to the largest, for inserts and digests alike. */
export const SCALE_TARGET = { growth: 2 } as const;

/** A text-keyed table (cards: `crd_0001`…) and an integer-keyed one (tickets), both BFCL. */
const CASES = [
  { slug: 'travel-booking-card-credit', tool: 'register_credit_card' },
  { slug: 'ticket-user', tool: 'create_ticket' },
];

const SIZES = [0, 20_000, 200_000];

const ms = (n: number, digits = 3) => `${fixed(n, digits)} ms`;

type CaseTimings = ScaleTimings['cases'][number];

/** Per case and size, the median over runs of each run's p50s. */
function medians(runs: ScaleTimings[]): CaseTimings[] {
  return runs[0]!.cases.map((first, c) => ({
    ...first,
    sizes: first.sizes.map((size, s) => {
      const at = runs.map((run) => run.cases[c]!.sizes[s]!);
      return { ...size, insertP50: median(at.map((x) => x.insertP50)), digestP50: median(at.map((x) => x.digestP50)), fullReadMs: median(at.map((x) => x.fullReadMs)) };
    }),
  }));
}

export const serverScaleSection: Section = {
  id: 'server-scale',
  title: () => 'Scale inside one server: insert and digest at 0, 20,000 and 200,000 rows',
  async render(context) {
    const { plan } = context;
    const servers = join(await bfclWorkspace(context), 'servers');
    for (const c of CASES) if (!existsSync(join(servers, c.slug, 'domain.json'))) throw new Error(`the BFCL catalogs no longer give a domain '${c.slug}'; pick another in bench/server-scale.ts`);
    const counts = plan.quick ? { warmup: 50, calls: 300 } : { warmup: 100, calls: 1000 };
    const script = join(context.root, 'dist', 'bench', 'time-scale.js');
    const runs = await repeat(plan.runs, async (run) => {
      context.say(`server-scale: run ${run}/${plan.runs}`);
      const scratch = context.folder(`server-scale-${run}`);
      const config: TimeScaleConfig = { cases: CASES.map((c) => ({ dir: join(servers, c.slug), tool: c.tool })), sizes: SIZES, ...counts };
      writeFileSync(join(scratch, 'config.json'), JSON.stringify(config));
      const timings = parseJson<ScaleTimings>(await runNode(script, [join(scratch, 'config.json')], context.root), 'time-scale');
      context.discard(scratch);
      return timings;
    });
    const cases = medians(runs);
    const rows: Cell[][] = cases.flatMap((c) =>
      c.sizes.map((s) => [`\`${c.domain}\` ${c.table} (${c.keyType} keys)`, count(s.rows), ms(s.insertP50), ms(s.digestP50), ms(s.fullReadMs, 1), `${fixed(s.jsonBytes / 1024 ** 2, 1)} MB`]),
    );
    const targets: Target[] = cases.flatMap((c) => {
      const small = c.sizes[0]!;
      const large = c.sizes.at(-1)!;
      return (['insert', 'digest'] as const).map((what) => {
        const key = what === 'insert' ? 'insertP50' : 'digestP50';
        const growth = large[key] / small[key];
        return {
          name: `${what} p50 on ${c.table} (${c.keyType} keys): ${count(large.rows)} rows ÷ ${count(small.rows)} rows`,
          goal: `≤ ${SCALE_TARGET.growth}×`,
          measured: `${ms(large[key])} ÷ ${ms(small[key])} = ${fixed(growth, 2)}×`,
          pass: growth <= SCALE_TARGET.growth,
        };
      });
    });
    return [
      `One child process (\`bench/time-scale.ts\`) per run, ${plan.runs} run(s), on the BFCL workspace's servers. For each table size, a fresh in-memory state ` +
        `whose table holds exactly that many rows (copies of one row the tool made, written by the runtime's \`insertRows\`, so the triggers keep the sequence and the digest sums), ` +
        `then ${counts.warmup} untimed and ${count(counts.calls)} timed pairs of \`env.call(insert tool)\` and \`env.digest()\`, each timed alone; the table grows by one row per pair. ` +
        'Figures are per-run p50s, then the median over runs. "Reading every row" is one `SELECT *` of every table serialized to JSON: what each digest did before digest scheme 2, ' +
        'which hashed every row; it is timed once per size for reference, as the size of that JSON is.',
      '',
      table(['table', 'rows before', 'insert p50', 'digest p50', 'reading every row', 'rows as JSON'], rows),
      '',
      targetTable(targets, plan.quick),
    ].join('\n');
  },
};
