// Mutation testing of the verifier on every kept task of the 18 BFCL servers: the oracle's trajectory
// passes, doing nothing fails, and wrong trajectories made from the gold calls — a write dropped, an
// argument changed, dependent calls swapped, a write added, a wrong value answered — are rejected
// whenever they really change the outcome. Mutants that do not (a write a later one overwrites, a
// swap of calls that commute) are equivalent and left out of the kill rate.
import { Faker, base, en } from '@faker-js/faker';
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import type { Task } from '../formats/task.js';
import { tasks } from '../generator/tasks/index.js';
import { callKey } from '../harness/verify/arguments.js';
import { goldAnswer, verify } from '../harness/verify/index.js';
import { changesOutcome, MUTATION_KINDS, mutants, playMutant, type Mutant, type MutationKind } from '../harness/verify/mutants.js';
import { killRate, mutationReport, type MutationReport } from '../harness/verify/mutation-report.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';

/** The verifier must reject at least this share of outcome-changing mutants, of every kind. */
const KILL_RATE = 0.99;
/** Outcome-changing mutants each kind must have on BFCL, so no rate is measured on (almost) nothing. */
const MIN_CHANGING: Record<MutationKind, number> = { 'drop-write': 50, 'change-argument': 50, 'swap-dependent': 5, 'extra-write': 50, 'wrong-answer': 30 };

let ws: SynthWorkspace;
let report: MutationReport;
const byDomain = new Map<string, { contract: DomainContract; tasks: Task[] }>();

beforeAll(async () => {
  ws = await synthWorkspace(undefined, 'mutants');
  await tasks({ ws: ws.ws });
  for (const slug of ws.slugs) {
    const dir = ws.dir(slug);
    const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
    const kept = readFileSync(join(dir, 'tasks.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Task);
    byDomain.set(slug, { contract, tasks: kept });
  }
  report = await mutationReport(ws.ws);
}, 300_000);

const allTasks = () => [...byDomain.entries()].flatMap(([slug, d]) => d.tasks.map((task) => ({ slug, task, contract: d.contract })));

describe('mutation testing the verifier on every kept BFCL task', () => {
  it('[VER-MUTANTS] the gold trajectory passes and a do-nothing trajectory fails on every kept task', () => {
    expect(ws.slugs).toHaveLength(18);
    const kept = allTasks().length;
    expect(kept).toBeGreaterThanOrEqual(100);
    expect(report.tasks).toBe(kept);
    expect(report.goldFailures).toEqual([]);
    expect(report.goldPass).toBe(kept);
    expect(report.doNothingFail).toBe(kept);
  });

  it('[VER-MUTANTS] the verifier rejects at least 99% of the outcome-changing mutants of each kind', () => {
    const rows = MUTATION_KINDS.map((kind) => {
      const c = report.byKind[kind];
      return { kind, made: c.made, changing: c.changing, equivalent: c.made - c.changing, killed: c.killed, 'kill rate': `${(killRate(c) * 100).toFixed(1)}%` };
    });
    console.log(`verifier mutation report: ${report.tasks} tasks of ${ws.slugs.length} BFCL servers`);
    console.table(rows);
    if (report.survivors.length > 0) console.log('survivors:', report.survivors);

    for (const kind of MUTATION_KINDS) {
      const counts = report.byKind[kind];
      expect(counts.changing, `${kind}: outcome-changing mutants`).toBeGreaterThanOrEqual(MIN_CHANGING[kind]);
      expect(killRate(counts), `${kind}: kill rate (survivors: ${JSON.stringify(report.survivors.filter((s) => s.kind === kind).slice(0, 5))})`).toBeGreaterThanOrEqual(KILL_RATE);
    }
    const overall = MUTATION_KINDS.reduce((sum, kind) => ({ made: sum.made + report.byKind[kind].made, changing: sum.changing + report.byKind[kind].changing, killed: sum.killed + report.byKind[kind].killed }), { made: 0, changing: 0, killed: 0 });
    expect(killRate(overall)).toBeGreaterThanOrEqual(KILL_RATE);
  });

  it('[VER-MUTANTS] each mutant is what its kind says: one write fewer, one argument changed, two neighbours swapped, one call more, one output misstated', () => {
    const faker = new Faker({ locale: [en, base] });
    const seen = new Set<MutationKind>();
    for (const { task, contract } of allTasks()) {
      faker.seed(7);
      const gold = task.gold.map((c) => callKey(c.tool, c.arguments));
      for (const mutant of mutants(task, contract, faker)) {
        seen.add(mutant.kind);
        const made = mutant.calls.map((c) => callKey(c.tool, c.arguments));
        expect(mutant.description).not.toBe('');
        expect(shape(mutant, made, gold, task), `${task.id}: ${mutant.kind} ${mutant.description}`).toBe(true);
      }
    }
    // Without a state no other write tool is probed, but every kind is still made somewhere.
    expect([...seen].sort()).toEqual([...MUTATION_KINDS].sort());
  });

  it('[VER-MUTANTS] the outcome oracle agrees with the task: the gold calls played change nothing, doing nothing changes it, and every mutant plays on the seed', async () => {
    for (const { slug, task } of allTasks()) {
      const dir = ws.dir(slug);
      const gold = await playMutant(dir, task, { calls: task.gold, answer: goldAnswer(task) });
      expect(gold.trajectory.finalDigest).toBe(task.goldDigest);
      expect(gold.trajectory.calls.every((c) => !c.isError)).toBe(true);
      expect(await changesOutcome(task, gold, dir), task.id).toBe(false);
      const idle = await playMutant(dir, task, { calls: [], answer: 'Sorry, I could not do that.' });
      expect(await changesOutcome(task, idle, dir), task.id).toBe(true);
    }
    // A call swapped before the one that made its row fails; the record keeps the error as an
    // agent's would be kept, validity accepts it, and a write that did not happen fails the task.
    let graded = 0;
    for (const { slug, task, contract } of allTasks()) {
      for (const mutant of mutants(task, contract, new Faker({ locale: [en, base] })).filter((m) => m.kind === 'swap-dependent')) {
        const played = await playMutant(ws.dir(slug), task, mutant);
        const errored = played.trajectory.calls.find((c) => c.isError);
        if (!errored) continue;
        expect(errored.result).toBeNull();
        expect(errored.text).not.toBe('');
        // A read swapped before the write it reads fails and changes nothing: an equivalent mutant.
        if (!(await changesOutcome(task, played, ws.dir(slug)))) continue;
        const verdict = await verify(task, played.trajectory, { dir: ws.dir(slug), finalState: played.finalState });
        expect(verdict.checks.validity.pass).toBe(true);
        expect(verdict.pass).toBe(false);
        graded++;
      }
    }
    expect(graded).toBeGreaterThan(0);
  });
});

/** Whether a mutant's calls and answer have the shape its kind promises. */
function shape(mutant: Mutant, made: string[], gold: string[], task: Task): boolean {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);
  const answer = mutant.answer === goldAnswer(task);
  switch (mutant.kind) {
    case 'drop-write':
      return answer && made.length === gold.length - 1 && gold.some((_, i) => !task.gold[i]!.read && same(made, gold.filter((__, j) => j !== i)));
    case 'change-argument': {
      const differ = made.flatMap((k, i) => (k === gold[i] ? [] : [i]));
      if (!answer || made.length !== gold.length || differ.length !== 1) return false;
      const [i] = differ as [number];
      const before = task.gold[i]!.arguments;
      const after = mutant.calls[i]!.arguments;
      const changed = Object.keys({ ...before, ...after }).filter((name) => callKey('', before[name]) !== callKey('', after[name]));
      return !task.gold[i]!.read && mutant.calls[i]!.tool === task.gold[i]!.tool && changed.length === 1;
    }
    case 'swap-dependent':
      return answer && made.length === gold.length && gold.some((_, i) => i + 1 < gold.length && gold[i] !== gold[i + 1] && same(made, [...gold.slice(0, i), gold[i + 1]!, gold[i]!, ...gold.slice(i + 2)]));
    case 'extra-write':
      return answer && made.length === gold.length + 1 && made.some((_, i) => same([...made.slice(0, i), ...made.slice(i + 1)], gold));
    case 'wrong-answer':
      return !answer && same(made, gold);
  }
}

describe('mutation test independence', () => {
  it('[MUTATION-INDEPENDENT] a digest that ignores one column, injected, is caught: the mutation test compares rows, so the mutants that change that column survive and the kill rate drops', async () => {
    const slug = 'ticket-user';
    const scheme = /^v\d+:/.exec(readFileSync(join(ws.dir(slug), 'tasks.jsonl'), 'utf8').split('\n')[0]!.match(/"goldDigest":"([^"]+)"/)![1]!)?.[0] ?? '';
    // A broken digest: every row of every table, but the tickets' priority left out.
    const blind = (db: Database.Database) => {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
      const rows = tables.map((t) => (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]).map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !(t === 'tickets' && k === 'priority')))).sort());
      return `${scheme}sha256:${createHash('sha256').update(JSON.stringify([tables, rows])).digest('hex')}`;
    };
    const honest = await mutationReport(ws.ws, { domains: [slug] });
    expect(honest.survivors).toEqual([]);
    const broken = await mutationReport(ws.ws, { domains: [slug], digest: blind });
    expect(broken.byKind['change-argument'].changing).toBe(honest.byKind['change-argument'].changing);
    expect(broken.survivors.length).toBeGreaterThan(0);
    expect(broken.survivors.every((s) => /priority/.test(s.description))).toBe(true);
    expect(killRate(broken.byKind['change-argument'])).toBeLessThan(0.99);
  });
});
