// `agentscaler verify` on inputs a person gets wrong (a line missing a field, a file mixing format
// versions) and `verify --run RUN`, which re-grades a run folder with the current verifier.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrajectoryV2 } from '../formats/trajectory.js';
import type { RunSummary } from '../harness/metrics/summary.js';
import type { FunnelReport } from '../harness/run/funnel-run.js';
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

describe('agentscaler funnel', () => {
  it('[FUNNEL-RUN] counts kept and dropped at each stage with the top reasons grouped by shape, into RUN/funnel.json and a table; kept trajectories with tool errors are counted; old lines without a recorded funnel are derived', async () => {
    const lines = runLines(run);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const copy = join(tempDir('funnel'), 'run');
    mkdirSync(copy, { recursive: true });
    copyFileSync(join(run, 'run.json'), join(copy, 'run.json'));
    const [a, b, c, d, e, ...rest] = lines.map((l) => structuredClone(l));
    const calls = (at: number): TrajectoryV2['verdict'] => ({ pass: true, failed: {}, verifier: VERIFIER, funnel: { kept: false, stage: 'calls', reasons: [`call ${at}: got get_ticket {ticket_id: ${at * 7}}, which the gold calls do not have`, 'more'] } });
    const edited: TrajectoryV2[] = [
      // Recorded before verdicts carried the funnel, with a recovered malformed call: derived, dropped at validity.
      { ...a!, verdict: { pass: true, failed: {} }, errors: [{ message: 2, kind: 'bad_arguments', text: 'not JSON' }] },
      // Not graded: dropped at validity.
      { ...b!, end: { reason: 'infra_error', detail: 'server died' }, verdict: null },
      // Two drops at the calls stage whose reasons differ only in numbers: one shape.
      { ...c!, verdict: calls(2) },
      { ...d!, verdict: calls(3) },
      // Kept, though a call failed before the agent corrected it.
      { ...e!, calls: [{ ...e!.calls[0]!, isError: true, result: null }, ...e!.calls] },
      ...rest,
    ];
    writeFileSync(join(copy, 'trajectories.jsonl'), edited.map((l) => `${JSON.stringify(l)}\n`).join(''));

    const result = await agentscaler(['funnel', '--run', copy, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as FunnelReport;
    expect(report).toEqual(JSON.parse(readFileSync(join(copy, 'funnel.json'), 'utf8')));
    expect(report).toMatchObject({ version: 1, trajectories: lines.length, kept: lines.length - 4, keptWithToolErrors: 1, rewardPassed: lines.length - 1, derived: 2 });
    expect(report.stages.map((s) => [s.stage, s.entered, s.kept, s.dropped])).toEqual([
      ['validity', lines.length, lines.length - 2, 2],
      ['state', lines.length - 2, lines.length - 2, 0],
      ['calls', lines.length - 2, lines.length - 4, 2],
      ['outputs', lines.length - 4, lines.length - 4, 0],
    ]);
    expect(report.stages[2]!.reasons).toEqual([{ shape: 'call N: got get_ticket {ticket_id: N}, which the gold calls do not have', count: 2, example: 'call 2: got get_ticket {ticket_id: 14}, which the gold calls do not have' }]);
    expect(report.stages[0]!.reasons.map((r) => r.shape).sort()).toEqual(['message N: bad arguments: not JSON', 'the episode ended in infra_error (server died) and was not graded']);

    const human = await agentscaler(['funnel', '--run', copy]);
    expect(human.stdout).toContain(`${lines.length - 4} of ${lines.length} trajectories kept (1 of them recovered from tool errors)`);
    expect(human.stdout).toMatch(/calls\s+\d+\s+\d+\s+2\s+2× call N: got get_ticket/);
    expect(human.stdout).toContain('2 lines carry no recorded funnel decision');
    const missing = await agentscaler(['funnel', '--run', tempDir('funnel-none')]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('run.json not found');
  });
});
