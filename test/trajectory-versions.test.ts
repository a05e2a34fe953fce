// The trajectory format by version: one fixture per version (v1 as the verifier first read it, v2
// as rollout records it), each graded by the verifier; `agentscaler verify` reads a run folder's
// v2 lines with their sidecar final states and gives the row-level diff.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import type { Trajectory, TrajectoryV2 } from '../formats/trajectory.js';
import { rollout } from '../harness/run/rollout.js';
import { verify } from '../harness/verify/index.js';
import { agentscaler } from './support/cli.js';
import { type ChatServer, startChatServer } from './support/chat-server.js';
import { allTasks, runLines, runOptions, taskWorkspace } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { FIXTURES, tempDir } from './support/workspace.js';

const fixture = (version: number) => JSON.parse(readFileSync(join(FIXTURES, `trajectory-v${version}.json`), 'utf8')) as { task: Task; trajectory: Trajectory };

/** Every field a recorded (v2) trajectory has: a change of the format shows up here and in the fixture. */
const V2_FIELDS = ['version', 'task', 'trial', 'domain', 'goldCalls', 'seed', 'agent', 'user', 'host', 'tools', 'end', 'resultCap', 'truncated', 'modelTurns', 'usage', 'errors', 'messages', 'calls', 'finalDigest', 'diff', 'verdict', 'timing'];

describe('trajectory versions', () => {
  it('[FMT-TRAJECTORY] the fixture of each version grades as passing against its task, v2 by the tool names it records; an unknown version is refused', async () => {
    const v1 = fixture(1);
    const v2 = fixture(2);
    expect(v1.trajectory.version).toBe(1);
    expect(v2.trajectory.version).toBe(2);
    const recorded = v2.trajectory as TrajectoryV2;
    expect(Object.keys(recorded)).toEqual(V2_FIELDS);
    expect(recorded.tools?.names.length).toBeGreaterThan(3);
    expect((await verify(v2.task, v2.trajectory)).pass).toBe(true);
    expect((await verify(v1.task, v1.trajectory, { tools: recorded.tools!.names })).pass).toBe(true);
    // Version 2 grading reads its own fields: a call to a tool it was not sent is invalid.
    const narrowed = { ...recorded, tools: { ...recorded.tools!, names: recorded.tools!.names.filter((n) => n !== recorded.calls[0]!.tool) } };
    expect((await verify(v2.task, narrowed)).checks.validity.pass).toBe(false);
    const future = { ...v1.trajectory, version: 3 } as unknown as Trajectory;
    await expect(verify(v1.task, future, { tools: recorded.tools!.names })).rejects.toThrow(/trajectory versions 1 and 2 \(got 1 and 3\)/);
  });
});

describe('verify on a run folder', () => {
  let built: SynthWorkspace;
  let server: ChatServer;
  beforeAll(async () => {
    built = await taskWorkspace('traj-versions');
  }, 120_000);
  afterAll(async () => server?.close());

  it('[FMT-TRAJECTORY] agentscaler verify grades RUN/trajectories.jsonl, reading each off-gold final state from its sidecar file for the row-level diff', async () => {
    // A task whose first call writes a free-text argument that no later call sets again, so a wrong
    // value stays in the final state.
    const { task, argument } = taskWritingFreeText(built);
    // An agent that makes that first write with another value.
    server = await startChatServer((request) => {
      const done = request.messages.filter((m) => m.role === 'tool').length;
      const call = task.gold[done];
      if (!call) return { content: 'Done.' };
      const args = done === 0 ? { ...call.arguments, [argument]: 'Not what you asked for' } : call.arguments;
      return { toolCalls: [{ name: call.tool, arguments: args }] };
    }, { models: ['m'] });
    const out = join(tempDir('verify-run'), 'run');
    await rollout({ options: runOptions(built.ws, { agent: 'openai', model: 'm', baseUrl: server.url, tasks: task.id }), out, resume: false, concurrency: 1, systemPrompt: null, commandLine: [] });
    const line = runLines(out)[0]!;
    expect(line.finalStateFile).toBe(`states/${task.id.replace('/', '--')}.t0.sqlite`);
    expect(line.diff.some((d) => d.actual === 'Not what you asked for')).toBe(true);
    expect(line.verdict?.failed.state?.[0]).toMatch(/differs from the gold state/);
    const run = await agentscaler(['verify', '--ws', built.ws, '--trajectories', join(out, 'trajectories.jsonl'), '--json', '--out', join(out, 'verdicts.jsonl')]);
    // A failed trajectory: exit 1 (README "Verifying").
    expect(run.exitCode, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ trajectories: 1, passed: 0, failedBy: { state: 1 } });
    const verdict = JSON.parse(readFileSync(join(out, 'verdicts.jsonl'), 'utf8')) as { diff: { column: string; actual: unknown }[] };
    expect(verdict.diff).toEqual(line.diff);
  });
});

/** The first task (in slug order) whose first gold call writes a plain string argument that no later call repeats. */
function taskWritingFreeText(built: SynthWorkspace): { task: Task; argument: string } {
  for (const task of allTasks(built)) {
    const first = task.gold[0];
    if (!first || first.read) continue;
    const domain = JSON.parse(readFileSync(join(built.dir(task.domain), 'domain.json'), 'utf8')) as { tools: { name: string; input: { properties?: Record<string, { type?: string; enum?: unknown; format?: string; pattern?: string }> } }[] };
    const properties = domain.tools.find((t) => t.name === first.tool)?.input.properties ?? {};
    const argument = Object.keys(first.arguments).find((name) => {
      const schema = properties[name];
      return typeof first.arguments[name] === 'string' && schema?.type === 'string' && !schema.enum && !schema.format && !schema.pattern
        && !task.gold.slice(1).some((c) => name in c.arguments);
    });
    if (argument) return { task, argument };
  }
  throw new Error('no task writes a free-text argument first');
}
