// The tasks stage on the emitted BFCL servers: the task format, chains that use what earlier calls
// produced, instructions that carry every value, the keep rules (checked again here through a real
// stdio server), determinism and the command line.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import { tasks, type TasksSummary } from '../generator/tasks/index.js';
import type { Task } from '../formats/task.js';
import type { Json } from '../formats/toolspec.js';
import { agentscaler } from './support/cli.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

let built: SynthWorkspace;
let summary: TasksSummary;
const byDomain = new Map<string, Task[]>();
const all = () => [...byDomain.values()].flat();
const contractOf = (slug: string) => JSON.parse(readFileSync(join(built.dir(slug), 'domain.json'), 'utf8')) as DomainContract;

beforeAll(async () => {
  built = await synthWorkspace(undefined, 'tasks');
  summary = await tasks({ ws: built.ws });
  for (const slug of built.slugs) {
    const text = readFileSync(join(built.dir(slug), 'tasks.jsonl'), 'utf8');
    byDomain.set(slug, text.trim() === '' ? [] : text.trim().split('\n').map((line) => JSON.parse(line) as Task));
  }
}, 180_000);

/** Scalars inside a JSON value. */
function scalars(value: Json): (string | number | boolean)[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap(scalars);
  if (typeof value === 'object') return Object.values(value).flatMap(scalars);
  return [value];
}

/** The value at a dotted path (`items.0.price`). */
function at(value: Json, path: string): Json | undefined {
  return path.split('.').reduce<Json | undefined>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, Json>)[key] : undefined), value);
}

describe('task format [TASK-FORMAT]', () => {
  it('writes versioned tasks with unique ids and every field, and counts that add up', () => {
    const ids = all().map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const task of all()) {
      expect(task).toMatchObject({ version: 2, instructionStyle: 'goal', digestScheme: 2, domain: expect.any(String), persona: { name: expect.any(String), role: expect.any(String), style: expect.any(String) } });
      expect(task.instruction.startsWith(`You are ${task.persona.name}, `)).toBe(true);
      expect(task.initial).toMatchObject({ seed: 'seed.sqlite', digest: expect.stringMatching(/^v2:sha256:[0-9a-f]{64}$/) });
      expect(task.goldDigest).toMatch(/^v2:sha256:[0-9a-f]{64}$/);
      expect(task.basis).toContain(task.readOnly ? 'calls' : 'state');
      expect(task.basis.includes('outputs')).toBe(task.requiredOutputs.length > 0);
    }
    expect(summary.totals.kept).toBe(all().length);
    expect(Object.values(summary.totals.lengths).reduce((a, b) => a + b, 0)).toBe(summary.totals.kept);
    expect(summary.totals.sampled).toBe(summary.totals.kept + Object.values(summary.totals.rejected).reduce((a, b) => a + b, 0));
  });

  it('never names a tool in an instruction', () => {
    for (const [slug, list] of byDomain) {
      const names = contractOf(slug).tools.map((t) => t.name).filter((n) => n.includes('_'));
      for (const task of list) for (const name of names) expect(task.instruction, task.id).not.toContain(name);
    }
  });

  it('asks for answers the gold results hold, not ones the instruction already gives', () => {
    for (const task of all()) {
      for (const output of task.requiredOutputs) {
        expect(at(task.gold[output.call]!.result, output.path), task.id).toEqual(output.value);
        expect(task.instruction).toContain(output.asked);
      }
    }
  });
});

describe('chains [TASK-CHAINS]', () => {
  it('puts every value the agent needs in the instruction, unless an earlier call produced it', () => {
    for (const task of all()) {
      task.gold.forEach((call, i) => {
        const produced = new Set(task.gold.slice(0, i).flatMap((g) => scalars(g.result)).map(String));
        for (const value of scalars(call.arguments)) {
          const said = task.instruction.includes(typeof value === 'string' ? `"${value}"` : String(value)) || (typeof value === 'boolean' && /\b(yes|no)\b/.test(task.instruction));
          expect(said || produced.has(String(value)), `${task.id} call ${i} ${call.tool} ${JSON.stringify(value)}`).toBe(true);
        }
      });
    }
  });

  it('has chains where a later call uses a key an earlier call returned, and a spread of lengths and kinds', () => {
    const linked = all().filter((task) =>
      task.gold.some((call, i) => i > 0 && scalars(call.arguments).some((v) => task.gold.slice(0, i).some((g) => g.result.id === v || (g.result.items as { id: Json }[] | undefined)?.some((item) => item.id === v)))),
    );
    expect(linked.length).toBeGreaterThan(10);
    const lengths = Object.keys(summary.totals.lengths).map(Number);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(4);
    // ≥ 30 % of the tasks of domains that can change something have ≥ 3 calls; a domain of pure
    // computations (BFCL's math) gives one-call questions only, and every call must have a purpose.
    const writable = all().filter((t) => contractOf(t.domain).tools.some((tool) => !tool.annotations.readOnlyHint));
    expect(writable.filter((t) => t.gold.length >= 3).length / writable.length).toBeGreaterThanOrEqual(0.3);
    expect(all().filter((t) => t.gold.length >= 3).length / all().length).toBeGreaterThanOrEqual(0.25);
    expect(summary.totals.readOnly).toBeGreaterThan(0);
    expect(summary.totals.stateChanging).toBeGreaterThan(0);
    // ≥ 5 tasks in every domain that can give five purposeful ones. Those that cannot: domains of
    // reads only (BFCL's math functions, which the simulation does not compute, so nothing is worth
    // asking) and of three or four tools (login status only: at most three distinct tasks).
    const short = summary.domains.filter((d) => d.kept < 5).map((d) => contractOf(d.slug));
    expect(short.length / summary.domains.length).toBeLessThanOrEqual(0.25);
    for (const contract of short) expect(contract.tools.length <= 4 || contract.tools.every((t) => t.annotations.readOnlyHint), contract.slug).toBe(true);
  });
});

describe('keep rules [TASK-KEEP]', () => {
  it('every kept task changes state or asks for an answer, so doing nothing fails it', () => {
    for (const task of all()) expect(task.goldDigest !== task.initial.digest || task.requiredOutputs.length > 0, task.id).toBe(true);
    for (const task of all().filter((t) => t.readOnly)) expect(task.goldDigest).toBe(task.initial.digest);
  });

  it('replays to the gold digest in process and over stdio against the emitted server', async () => {
    const slug = built.slugs.find((s) => byDomain.get(s)!.some((t) => !t.readOnly && t.gold.length >= 2))!;
    const dir = built.dir(slug);
    const { openEnvironment } = (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as typeof import('../templates/runtime/environment.js');
    for (const task of byDomain.get(slug)!) {
      const env = await openEnvironment({ dir });
      expect(env.digest()).toBe(task.initial.digest);
      for (const call of task.gold) {
        const result = env.call(call.tool, call.arguments);
        expect(result.isError, `${task.id} ${call.tool}`).toBeFalsy();
        expect(result.structuredContent).toEqual(call.result);
      }
      expect(env.digest()).toBe(task.goldDigest);
      env.close();
    }
    // One task over a real process: the same digest on a fresh state file.
    const task = byDomain.get(slug)!.find((t) => !t.readOnly && t.gold.length >= 2)!;
    const db = join(tempDir('tasks-db'), 'state.sqlite');
    const client = new Client({ name: 'tasks-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(dir, 'index.js'), '--db', db], env: { ...process.env } as Record<string, string>, stderr: 'pipe' }));
    try {
      for (const call of task.gold) expect((await client.callTool({ name: call.tool, arguments: call.arguments })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
    const after = await openEnvironment({ dir, db });
    expect(after.digest()).toBe(task.goldDigest);
    after.close();
  }, 60_000);
});

describe('the replay check [TASK-KEEP]', () => {
  it('[TASK-KEEP] a tool that keeps state outside the database cannot reproduce its digest on replay: its chains are rejected, the rest kept and reproducible over stdio', async () => {
    const ws = tempDir('tasks-replay');
    const slug = 'ticket-user';
    cpSync(built.dir(slug), join(ws, 'servers', slug), { recursive: true });
    symlinkSync(join(built.ws, 'node_modules'), join(ws, 'node_modules'));
    // A business rule a user might add: number new tickets in a module variable. Each run of the
    // same calls then writes other descriptions, so the state of a chain depends on what ran before it.
    const file = join(ws, 'servers', slug, 'tools.js');
    const source = readFileSync(file, 'utf8');
    const edited = source.replace('export function create_ticket(db, args, ctx) {\n', 'let created = 0;\nexport function create_ticket(db, args, ctx) {\n  args = { ...args, description: `${args.description ?? ""} (#${++created})` };\n');
    expect(edited).not.toBe(source);
    writeFileSync(file, edited);

    // Enough tasks wanted that chains creating tickets are sampled too.
    const result = await tasks({ ws, perDomain: 30 });
    const counts = result.domains[0]!;
    expect(counts.rejected['replay-mismatch'] ?? 0).toBeGreaterThan(0);
    const kept = readFileSync(join(ws, 'servers', slug, 'tasks.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Task);
    expect(kept.length).toBeGreaterThan(0);
    // A kept task creates a ticket only where a later call sets the description again, so the counter never shows.
    const setsDescription = (args: Record<string, Json>) => 'description' in args || Object.values(args).some((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'description' in v);
    for (const task of kept) {
      const at = task.gold.findIndex((call) => call.tool === 'create_ticket');
      if (at >= 0) expect(task.gold.slice(at + 1).some((call) => setsDescription(call.arguments)), task.id).toBe(true);
    }
    // Every kept write task, replayed by a real client on a fresh server process, reaches its gold digest.
    const { openEnvironment } = (await import(pathToFileURL(join(ws, 'servers', slug, 'runtime', 'environment.js')).href)) as typeof import('../templates/runtime/environment.js');
    for (const task of kept.filter((t) => !t.readOnly)) {
      const db = join(tempDir('tasks-replay-db'), 'state.sqlite');
      const client = new Client({ name: 'tasks-test', version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(ws, 'servers', slug, 'index.js'), '--db', db], env: { ...process.env } as Record<string, string>, stderr: 'pipe' }));
      try {
        for (const call of task.gold) expect((await client.callTool({ name: call.tool, arguments: call.arguments })).isError, `${task.id} ${call.tool}`).toBeFalsy();
      } finally {
        await client.close();
      }
      const after = await openEnvironment({ dir: join(ws, 'servers', slug), db });
      expect(after.digest(), task.id).toBe(task.goldDigest);
      after.close();
    }
  }, 120_000);
});

describe('determinism [TASK-DET]', () => {
  it('gives byte-identical tasks for the same servers and seed', async () => {
    const slugs = built.slugs.slice(0, 6);
    const before = slugs.map((slug) => readFileSync(join(built.dir(slug), 'tasks.jsonl')));
    const again = await tasks({ ws: built.ws, domains: slugs });
    slugs.forEach((slug, i) => expect(readFileSync(join(built.dir(slug), 'tasks.jsonl')).equals(before[i]!), slug).toBe(true));
    expect(again.domains).toEqual(summary.domains.filter((d) => slugs.includes(d.slug)));
  });
});

describe('a broken package [TASK-KEEP]', () => {
  it('costs only its own tasks: the others are sampled, and the reason is recorded', async () => {
    const ws = tempDir('tasks-broken');
    const [good, bad] = built.slugs;
    for (const slug of [good!, bad!]) cpSync(built.dir(slug), join(ws, 'servers', slug), { recursive: true });
    symlinkSync(join(built.ws, 'node_modules'), join(ws, 'node_modules'));
    writeFileSync(join(ws, 'servers', bad!, 'tools.js'), 'export const tools = {;\n');
    const problems: string[] = [];
    const result = await tasks({ ws, onProblem: (line) => problems.push(line) });
    expect(result.domains.find((d) => d.slug === good)!.kept).toBeGreaterThan(0);
    expect(result.domains.find((d) => d.slug === bad)).toMatchObject({ kept: 0, failed: expect.any(String) });
    expect(problems.some((line) => line.startsWith(`domain ${bad}: no tasks (`))).toBe(true);
  });
});

describe('tasks command [CLI-JSON]', () => {
  it('--json prints kept tasks and seconds; a workspace without servers is a user error', async () => {
    const run = await agentscaler(['tasks', '--ws', built.ws, '--limit', '2', '--per-domain', '3', '--json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ domains: 2, tasks: expect.any(Number), kept: expect.any(Number), seconds: expect.any(Number) });
    const empty = tempDir('tasks-empty');
    const missing = await agentscaler(['tasks', '--ws', empty]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('agentscaler synth');
  });
});
