// Faults the issue lists, each made for real: a server process killed mid-episode, SIGINT to the
// CLI in the middle of a run and --resume after it, 500 concurrent in-process episodes on one
// domain, and every bad input as one line and exit 1.
import { execa } from 'execa';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import { rollout } from '../harness/run/rollout.js';
import { goldAnswer } from '../harness/verify/gold.js';
import { agentscaler } from './support/cli.js';
import { type ChatServer, goldScript, startChatServer } from './support/chat-server.js';
import { runLines, runOptions, taskWorkspace, tasksOf } from './support/rollout.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { REPO, tempDir } from './support/workspace.js';

type Runtime = typeof import('../templates/runtime/environment.js');

let built: SynthWorkspace;
let tickets: Task[];
let total: number;
let byInstruction: Parameters<typeof goldScript>[0];
beforeAll(async () => {
  built = await taskWorkspace('rollout-faults');
  tickets = tasksOf(built.dir('ticket-user'));
  total = built.slugs.reduce((n, slug) => n + tasksOf(built.dir(slug)).length, 0);
  byInstruction = new Map(built.slugs.flatMap((slug) => tasksOf(built.dir(slug))).map((t) => [t.instruction, { gold: t.gold, answer: goldAnswer(t) }]));
}, 120_000);

let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Episode server processes (spawn host) that are children of this process. */
function episodeServers(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('agentscaler-episodes-');
      } catch {
        return false;
      }
    })
    .map(Number);
}

const keys = (lines: { task: string; trial: number }[]) => lines.map((l) => `${l.task}#${l.trial}`);

describe('faults', () => {
  it('[FAULT-SERVER-DIES] a server process killed mid-episode makes that episode infra_error and the run goes on; --resume plays it again', async () => {
    const script = goldScript(byInstruction);
    let killed = 0;
    server = await startChatServer((request, index) => {
      // The third request belongs to an episode whose server is up: kill it before answering.
      if (index === 2) {
        for (const pid of episodeServers()) process.kill(pid, 'SIGKILL');
        killed++;
      }
      return script(request);
    }, { models: ['m'] });
    const out = join(tempDir('faults'), 'run');
    const options = runOptions(built.ws, { agent: 'openai', model: 'm', baseUrl: server.url, host: 'spawn', tasks: 'ticket-user/*' });
    const first = await rollout({ options, out, resume: false, concurrency: 1, systemPrompt: null, commandLine: [] });
    expect(killed).toBe(1);
    const lines = runLines(out);
    expect(lines).toHaveLength(tickets.length);
    const infra = lines.filter((l) => l.end.reason === 'infra_error');
    expect(infra).toHaveLength(1);
    expect(infra[0]!.end.detail).toMatch(/server process killed by SIGKILL/);
    expect(infra[0]!.verdict).toBeNull();
    expect(lines.filter((l) => l.verdict?.pass)).toHaveLength(tickets.length - 1);
    expect(first.summary.endReasons.infra_error).toBe(1);
    const again = await rollout({ options, out, resume: true, concurrency: 1, systemPrompt: null, commandLine: [] });
    expect(again.skipped).toBe(tickets.length - 1);
    const after = runLines(out);
    expect(new Set(keys(after)).size).toBe(tickets.length);
    expect(after).toHaveLength(tickets.length);
    expect(after.every((l) => l.verdict?.pass)).toBe(true);
    expect(again.summary.pass1).toBe(1);
  });

  it('[FAULT-SIGINT] SIGINT in the middle of a CLI run leaves valid JSONL of whole episodes, and --resume finishes the run with no duplicate', async () => {
    const script = goldScript(byInstruction);
    server = await startChatServer(async (request) => ({ ...script(request), delayMs: 20 }), { models: ['m'] });
    const out = join(tempDir('faults'), 'run');
    const args = ['rollout', '--ws', built.ws, '--agent', 'openai', '--model', 'm', '--base-url', server.url, '--concurrency', '4', '--out', out];
    const child = execa('node', ['--import', import.meta.resolve('tsx'), join(REPO, 'cli', 'index.ts'), ...args], { cwd: REPO, reject: false });
    const file = join(out, 'trajectories.jsonl');
    const started = Date.now();
    while (!(existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 10) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const stopped = await child;
    expect(stopped.exitCode).toBe(130);
    expect(stopped.stderr).toMatch(/stopping/);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const partial = runLines(out);
    expect(partial.length).toBeGreaterThan(9);
    expect(partial.length).toBeLessThan(total);
    const resumed = await agentscaler([...args, '--resume', '--json']);
    expect(resumed.exitCode).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { episodes: number; skipped: number; pass1: number };
    expect(summary).toMatchObject({ episodes: total, skipped: partial.length, pass1: 1 });
    const lines = runLines(out);
    expect(lines).toHaveLength(total);
    expect(new Set(keys(lines)).size).toBe(total);
  });

  it('[FAULT-CONCURRENT] 500 concurrent in-process episodes on one domain each end with their own digest; none sees another\'s writes', async () => {
    const task = tickets[0]!;
    let inFlight = 0;
    let peak = 0;
    server = await startChatServer(async (request) => {
      const tools = request.messages.filter((m) => m.role === 'tool');
      if (tools.length === 0) {
        // Hold every episode here until all are in flight.
        inFlight++;
        peak = Math.max(peak, inFlight);
        const until = Date.now() + 20_000;
        while (inFlight < 500 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        return { toolCalls: [{ name: 'create_ticket', arguments: { title: `episode ${request.seed}` } }] };
      }
      if (tools.length === 1) return { toolCalls: [{ name: 'get_ticket', arguments: { ticket_id: (JSON.parse(tools[0]!.content!) as { id: number }).id } }] };
      return { content: 'Created it.' };
    }, { models: ['m'] });
    const out = join(tempDir('faults'), 'run');
    await rollout({ options: runOptions(built.ws, { agent: 'openai', model: 'm', baseUrl: server.url, tasks: task.id, k: 500 }), out, resume: false, concurrency: 500, systemPrompt: null, commandLine: [] });
    expect(peak).toBe(500);
    const lines = runLines(out);
    expect(lines).toHaveLength(500);
    const { openEnvironment } = (await import(join(built.dir('ticket-user'), 'runtime', 'environment.js'))) as Runtime;
    const digests = new Set<string>();
    for (const line of lines) {
      const title = `episode ${line.seed}`;
      // What one create on a fresh seed gives: the episode's own state, nobody else's rows.
      const env = await openEnvironment({ dir: built.dir('ticket-user'), clock: task.initial.clock });
      const created = env.call('create_ticket', { title }).structuredContent as { id: number };
      expect(line.finalDigest).toBe(env.digest());
      env.close();
      expect(line.calls.map((c) => c.tool)).toEqual(['create_ticket', 'get_ticket']);
      expect(line.calls[1]!.result).toMatchObject({ id: created.id, title });
      digests.add(line.finalDigest);
    }
    expect(digests.size).toBe(500);
  });
});

describe('broken domains', () => {
  it('[FAULT-SERVER-DIES] a domain whose package cannot load records its episodes as infra_error, and the other domains run', async () => {
    const ws = tempDir('broken');
    cpSync(built.ws, ws, { recursive: true });
    writeFileSync(join(ws, 'servers', 'ticket-user', 'tools.js'), 'export const tools = {; // broken by the test\n');
    for (const agent of ['oracle', 'openai'] as const) {
      server = await startChatServer(goldScript(byInstruction), { models: ['m'] });
      const out = join(tempDir('broken'), 'run');
      const { summary } = await rollout({ options: runOptions(ws, { agent, model: 'm', baseUrl: server.url, tasks: 't*' }), out, resume: false, concurrency: 4, systemPrompt: null, commandLine: [] });
      await server.close();
      server = undefined;
      const lines = runLines(out);
      const broken = lines.filter((l) => l.domain === 'ticket-user');
      expect(broken).toHaveLength(tickets.length);
      for (const line of broken) expect(line).toMatchObject({ end: { reason: 'infra_error', detail: expect.stringMatching(/^cannot (start the episode's server|list the tools of)/) }, verdict: null });
      const others = lines.filter((l) => l.domain !== 'ticket-user');
      expect(others.length).toBeGreaterThan(10);
      expect(others.every((l) => l.verdict?.pass)).toBe(true);
      expect(summary.endReasons.infra_error).toBe(tickets.length);
    }
  });
});

describe('bad input', () => {
  it('[FAULT-INPUT] a workspace without tasks, an unknown glob, a refused connection, an unknown model, an existing run folder and a resume with other options: one line each, exit 1', async () => {
    const bare = await synthWorkspace(undefined, 'no-tasks');
    // A port nothing listens on: taken, then let go.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const closedPort = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const out = join(tempDir('faults'), 'run');
    const cases: [string[], RegExp][] = [
      [['rollout', '--ws', bare.ws, '--agent', 'oracle', '--out', out], /has no tasks .*run agentscaler tasks --ws/],
      [['rollout', '--ws', built.ws, '--agent', 'oracle', '--tasks', 'nothing-*', '--out', out], /--tasks "nothing-\*" matches none of the \d+ tasks/],
      [['rollout', '--ws', built.ws, '--agent', 'openai', '--model', 'm', '--base-url', `http://127.0.0.1:${closedPort}/v1`, '--out', out], new RegExp(`cannot reach the model endpoint --base-url http://127\\.0\\.0\\.1:${closedPort}/v1 \\(.*ECONNREFUSED.*\\): start the model server`)],
    ];
    server = await startChatServer(() => ({ content: 'hi' }), { models: ['known-model'] });
    cases.push([['rollout', '--ws', built.ws, '--agent', 'openai', '--model', 'unknown-model', '--base-url', server.url, '--out', out], /does not serve the model "unknown-model" \(--model\); it serves known-model/]);
    for (const [args, message] of cases) {
      const run = await agentscaler(args);
      expect(run.exitCode, args.join(' ')).toBe(1);
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    expect(existsSync(join(out, 'run.json'))).toBe(false);
    expect((await agentscaler(['rollout', '--ws', built.ws, '--agent', 'oracle', '--tasks', 'ticket-*', '--out', out])).exitCode).toBe(0);
    const again = await agentscaler(['rollout', '--ws', built.ws, '--agent', 'oracle', '--tasks', 'ticket-*', '--out', out]);
    expect([again.exitCode, again.stderr.trim()]).toEqual([1, expect.stringMatching(/already holds a run: pass --resume to continue it, or another --out$/)]);
    const other = await agentscaler(['rollout', '--ws', built.ws, '--agent', 'oracle', '--tasks', 'ticket-*', '--k', '3', '--resume', '--out', out]);
    expect([other.exitCode, other.stderr.trim()]).toEqual([1, expect.stringMatching(/cannot resume .*: --k was 1 in that run, and is 3 now; resume with the options it was made with/)]);
  });
});
