// The verifier's mutation report over a workspace's kept tasks: the gold trajectory passes, doing
// nothing fails, and per mutation kind how many mutants were made, how many really change the
// outcome, and how many of those the verifier rejects. Tests assert it on BFCL; the bench reports it.
import { Faker, base, en } from '@faker-js/faker';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shortHash } from '../../generator/values.js';
import type { DomainContract } from '../../formats/contract.js';
import type { Task } from '../../formats/task.js';
import { ARTIFACTS } from '../../formats/workspace.js';
import { goldAnswer, goldTrajectory } from './gold.js';
import { goldState } from './gold-state.js';
import { verify } from './index.js';
import { changesOutcome, MUTATION_KINDS, mutants, playMutant, type Mutant, type MutationKind, type PlayedMutant } from './mutants.js';
import { type Environment, runtimeOf } from './package.js';

/** Counts of one mutation kind. */
export interface KindCounts {
  /** Mutants made. */
  made: number;
  /** Mutants that really change the outcome (the others are equivalent). */
  changing: number;
  /** Outcome-changing mutants the verifier rejected. */
  killed: number;
}

/** An outcome-changing mutant the verifier passed. */
export interface Survivor {
  /** The task id. */
  task: string;
  kind: MutationKind;
  /** What the mutant changed. */
  description: string;
}

/** What `mutationReport` found over a workspace. */
export interface MutationReport {
  /** Kept tasks graded. */
  tasks: number;
  /** Tasks whose gold trajectory passes, both as built from the task and as played on the seed. */
  goldPass: number;
  /** Tasks a do-nothing trajectory (no calls, an answer that states nothing) fails. */
  doNothingFail: number;
  /** Made, outcome-changing and killed mutants of each kind. */
  byKind: Record<MutationKind, KindCounts>;
  /** Outcome-changing mutants the verifier passed: its gaps, or the outcome oracle's. */
  survivors: Survivor[];
  /** Tasks whose gold trajectory does not pass, with the first reason. */
  goldFailures: { task: string; reason: string }[];
}

/** Which tasks `mutationReport` grades, and how. */
export interface MutationOptions {
  /** Only these domain slugs (default: every server with tasks.jsonl). */
  domains?: string[];
  /** Seeds the mutants' choices (default 1). */
  seed?: number;
  /**
   * The digest the verifier trusts, in place of the package's (a test breaks it on purpose): the
   * task's gold digest and each played trajectory's final digest are recomputed with it, and the
   * verifier grades by digest alone. The outcome oracle compares rows, so it does not see it.
   */
  digest?: (db: Environment['db'], dir: string) => string;
  /** Called after each domain. */
  onProgress?: (done: number, total: number, slug: string) => void;
}

/** The share of outcome-changing mutants rejected (1 when there are none). */
export function killRate(counts: KindCounts): number {
  return counts.changing === 0 ? 1 : counts.killed / counts.changing;
}

/** Grade gold, do-nothing and mutant trajectories of every kept task of the workspace `ws`. */
export async function mutationReport(ws: string, options: MutationOptions = {}): Promise<MutationReport> {
  const servers = join(ws, ARTIFACTS.servers);
  if (!existsSync(servers)) throw new Error(`${servers} not found: run \`agentscaler build\` (or synth and tasks) on ${ws} first`);
  const slugs = options.domains ?? readdirSync(servers).filter((slug) => existsSync(join(servers, slug, 'tasks.jsonl'))).sort();
  const report: MutationReport = {
    tasks: 0,
    goldPass: 0,
    doNothingFail: 0,
    byKind: Object.fromEntries(MUTATION_KINDS.map((kind) => [kind, { made: 0, changing: 0, killed: 0 }])) as Record<MutationKind, KindCounts>,
    survivors: [],
    goldFailures: [],
  };
  const faker = new Faker({ locale: [en, base] });
  faker.setDefaultRefDate(new Date('2025-01-06T09:00:00.000Z'));
  let done = 0;
  for (const slug of slugs) {
    const dir = join(servers, slug);
    const file = join(dir, 'tasks.jsonl');
    if (!existsSync(file)) throw new Error(`${file} not found: run \`agentscaler tasks --ws ${ws}\` first`);
    const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
    const tasks = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Task);
    for (const task of tasks) {
      faker.seed(parseInt(shortHash(`mutants:${options.seed ?? 1}:${task.id}`, 8), 16));
      await gradeTask(dir, task, contract, faker, report, options.digest);
    }
    options.onProgress?.(++done, slugs.length, slug);
  }
  return report;
}

/** Add one task's gold, do-nothing and mutant verdicts to `report`. */
async function gradeTask(dir: string, given: Task, contract: DomainContract, faker: Faker, report: MutationReport, digest?: MutationOptions['digest']): Promise<void> {
  const { openEnvironment } = await runtimeOf(dir);
  const digestOf = async (snapshot: Buffer) => {
    const env = await openEnvironment({ dir, snapshot });
    try {
      return digest!(env.db, dir);
    } finally {
      env.close();
    }
  };
  const task = digest ? { ...given, goldDigest: await digestOf((await goldState(given, dir)).snapshot) } : given;
  // With an injected digest the verifier sees digests only: the state the package would diff is not given.
  const grade = async (played: PlayedMutant) => (digest ? verify(task, { ...played.trajectory, finalDigest: await digestOf(played.finalState) }, { dir }) : verify(task, played.trajectory, { dir, finalState: played.finalState }));
  report.tasks++;
  const built = await verify(task, goldTrajectory(task), { dir });
  const played = await playMutant(dir, task, { calls: task.gold, answer: goldAnswer(task) });
  const replayed = await grade(played);
  if (built.pass && replayed.pass) report.goldPass++;
  else {
    const failed = [built, replayed].find((v) => !v.pass)!;
    const reason = Object.values(failed.checks).find((c) => c.applies && !c.pass)?.reasons[0] ?? 'failed';
    report.goldFailures.push({ task: task.id, reason });
  }

  const idle = await playMutant(dir, task, { calls: [], answer: 'Sorry, I could not do that.' });
  if (!(await grade(idle)).pass) report.doNothingFail++;

  const state = await openEnvironment({ dir, snapshot: (await goldState(given, dir)).snapshot });
  let made: Mutant[];
  try {
    made = mutants(task, contract, faker, state.db);
  } finally {
    state.close();
  }
  for (const mutant of made) {
    const counts = report.byKind[mutant.kind];
    counts.made++;
    const result = await playMutant(dir, task, mutant);
    if (!(await changesOutcome(given, result, dir))) continue;
    counts.changing++;
    const verdict = await grade(result);
    if (!verdict.pass) counts.killed++;
    else report.survivors.push({ task: task.id, kind: mutant.kind, description: mutant.description });
  }
}
