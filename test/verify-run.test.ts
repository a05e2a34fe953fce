// `agentscaler verify` on inputs a person gets wrong (a line missing a field, a file mixing format
// versions) and `verify --run RUN`, which re-grades a run folder with the current verifier.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../harness/metrics/summary.js';
import { rollout } from '../harness/run/rollout.js';
import { goldTrajectory, VERIFIER } from '../harness/verify/index.js';
import { agentscaler } from './support/cli.js';
import { allTasks, runLines, runOptions, taskWorkspace } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

let built: SynthWorkspace;
let run: string;

beforeAll(async () => {
  built = await taskWorkspace('verify-run');
  run = join(tempDir('verify-run'), 'run');
  await rollout({ options: runOptions(built.ws, { tasks: 'ticket-user/*' }), out: run, resume: false, concurrency: 1, systemPrompt: null, commandLine: [] });
}, 180_000);

const write = (name: string, lines: unknown[]) => {
  const file = join(tempDir('verify-input'), name);
  writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return file;
};

describe('verify input errors', () => {
  it('[VERIFY-INPUT-ERRORS] a line missing version, calls, messages or task is named by file, line and field, exit 1, no stack trace', async () => {
    const task = allTasks(built).find((t) => t.domain === 'ticket-user')!;
    const gold = goldTrajectory(task);
    for (const field of ['version', 'calls', 'messages', 'task', 'finalDigest'] as const) {
      const { [field]: _dropped, ...rest } = gold;
      const file = write(`no-${field}.jsonl`, [gold, rest]);
      const result = await agentscaler(['verify', '--ws', built.ws, '--trajectories', file]);
      expect(result.exitCode, result.stderr).toBe(1);
      expect(result.stderr).toContain(`${file} line 2`);
      expect(result.stderr).toContain(`"${field}" is missing`);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    const wrongType = write('calls-object.jsonl', [{ ...gold, calls: {} }]);
    const typed = await agentscaler(['verify', '--ws', built.ws, '--trajectories', wrongType]);
    expect(typed.exitCode).toBe(1);
    expect(typed.stderr).toContain(`${wrongType} line 1: the field "calls" is an object, not an array`);
  });

  it('[VERIFY-INPUT-ERRORS] a file mixing format versions is refused at the line where the version changes; each version alone is read', async () => {
    const line = runLines(run)[0]!;
    const task = allTasks(built).find((t) => t.id === line.task)!;
    const mixed = write('mixed.jsonl', [goldTrajectory(task), goldTrajectory(task), line]);
    const result = await agentscaler(['verify', '--ws', built.ws, '--trajectories', mixed]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${mixed} line 3 is trajectory version 2, but the lines before it (from line 1) are version 1`);
    for (const lines of [[goldTrajectory(task)], [line]]) {
      const alone = await agentscaler(['verify', '--ws', built.ws, '--trajectories', write(`v${lines[0]!.version}.jsonl`, lines), '--json']);
      expect(alone.exitCode, alone.stderr).toBe(0);
    }
  });
});

describe('verify --run', () => {
  it('[VERIFY-REGRADE] re-grades every line of a run with the current verifier, rewrites the verdicts and summary.json atomically, and prints counts', async () => {
    const before = runLines(run);
    expect(before.length).toBeGreaterThan(1);
    expect(before.every((l) => l.verdict?.verifier === VERIFIER && l.verdict.funnel?.kept === true)).toBe(true);
    // Verdicts as an older verifier left them: no verifier, no funnel, and one reward that is wrong.
    const stale = before.map((l, i) => ({ ...l, verdict: i === 0 ? { pass: false, failed: { state: ['stale reason'] } } : { pass: l.verdict!.pass, failed: l.verdict!.failed } }));
    writeFileSync(join(run, 'trajectories.jsonl'), stale.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const summaryFile = join(run, 'summary.json');
    writeFileSync(summaryFile, JSON.stringify({ ...(JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary), passed: 0 }));

    const result = await agentscaler(['verify', '--run', run, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ lines: before.length, graded: before.length, passed: before.length, failed: 0, kept: before.length, changed: 1 });
    const after = runLines(run);
    expect(after.map((l) => l.verdict)).toEqual(before.map((l) => l.verdict));
    expect((JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary).passed).toBe(before.length);
    expect(readdirSync(run).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const human = await agentscaler(['verify', '--run', run]);
    expect(human.stdout).toMatch(/kept by the funnel\s+\d+/);
    expect(human.stdout).toMatch(/reward changed\s+0/);
  });

  it('[VERIFY-REGRADE] a folder that is not a run is named, exit 1; --run with --trajectories is a usage error, exit 2', async () => {
    const empty = tempDir('verify-no-run');
    const result = await agentscaler(['verify', '--run', empty]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('run.json not found');
    const both = await agentscaler(['verify', '--run', run, '--trajectories', join(run, 'trajectories.jsonl')]);
    expect(both.exitCode).toBe(2);
    expect(existsSync(join(run, 'trajectories.jsonl'))).toBe(true);
  });
});
