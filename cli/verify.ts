// `agentscaler verify --ws WS --trajectories FILE | --run RUN [--exact-match all|read-only|off] [--strict-calls] [--ignore a,b] [--out FILE]`
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { UserError } from '../generator/errors.js';
import { RunInputError } from '../harness/run/input-error.js';
import { regradeRun } from '../harness/run/regrade.js';
import { gradeFile, type GradeOptions } from '../harness/verify/grade-file.js';
import type { ExactMatch, Verdict } from '../harness/verify/index.js';
import { round } from './ingest.js';
import { printSummary, progress, UsageError } from './terminal.js';

interface VerifyFlags {
  ws?: string;
  trajectories?: string;
  run?: string;
  exactMatch: ExactMatch;
  strictCalls?: boolean;
  ignore?: string;
  out?: string;
  json?: boolean;
}

/** The first failing check's first reason, for one summary line per trajectory. */
function firstReason(verdict: Verdict): string {
  for (const [name, check] of Object.entries(verdict.checks)) if (check.applies && !check.pass) return `${name}: ${check.reasons[0] ?? 'failed'}`;
  return '';
}

/** Input problems the harness names are the user's to fix: exit 1 with the message alone. */
async function asUserError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RunInputError) throw new UserError(error.message);
    throw error;
  }
}

/** Re-grade a run folder in place. */
async function verifyRun(run: string, options: GradeOptions, json: boolean): Promise<void> {
  const started = performance.now();
  const bar = progress('verify', 'lines');
  const result = await asUserError(() => regradeRun(run, options, (done, total) => bar.update(done, total)));
  bar.stop();
  const failed = result.graded - result.passed;
  printSummary(
    `verify --run → ${result.passed} of ${result.graded} graded episodes pass; verdicts and summary.json rewritten`,
    [
      ['lines', result.lines],
      ['graded', result.graded],
      ['passed', result.passed],
      ['failed', failed],
      ['kept by the funnel', result.kept],
      ['reward changed', result.changed],
    ],
    json ? { lines: result.lines, graded: result.graded, passed: result.passed, failed, kept: result.kept, changed: result.changed, seconds: round((performance.now() - started) / 1000) } : null,
  );
  if (failed > 0) process.exitCode = 1;
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description('grade trajectories against their tasks: the reward (state, outputs) and the funnel (validity, state, calls, outputs); exit 1 when any fails')
    .option('--ws <WS>', 'workspace whose servers hold the tasks (with --trajectories)')
    .option('--trajectories <FILE>', 'trajectories, one JSON object per line (format in formats/trajectory.ts)')
    .option('--run <RUN>', 're-grade every line of a run folder with this verifier, rewriting its verdicts and summary.json')
    .addOption(new Option('--exact-match <WHICH>', 'which tasks exact match of calls decides the reward of (a strict evaluation); the funnel always matches calls').choices(['all', 'read-only', 'off']).default('off'))
    .option('--strict-calls', 'extra read calls fail the match of calls too')
    .option('--ignore <COLUMNS>', 'columns left out of state comparison: `column` or `table.column`, comma-separated')
    .option('--out <FILE>', 'write one verdict per line here (with --trajectories)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: VerifyFlags) => {
      const ignore = flags.ignore?.split(',').map((s) => s.trim()).filter(Boolean);
      const options: GradeOptions = { exactMatch: flags.exactMatch, strictCalls: flags.strictCalls === true, ...(ignore ? { ignore } : {}) };
      if (flags.run) {
        if (flags.trajectories || flags.out) throw new UsageError('--run re-grades a run folder in place: leave out --trajectories and --out');
        return verifyRun(flags.run, options, flags.json === true);
      }
      if (!flags.trajectories || !flags.ws) throw new UsageError('verify needs --ws WS --trajectories FILE, or --run RUN');
      const ws = flags.ws;
      const started = performance.now();
      const failedBy: Record<string, number> = {};
      const graded = await asUserError(() =>
        gradeFile(ws, flags.trajectories!, options, ({ task, verdict }) => {
          for (const [name, check] of Object.entries(verdict.checks)) if (check.applies && !check.pass) failedBy[name] = (failedBy[name] ?? 0) + 1;
          if (!flags.json) process.stdout.write(`${verdict.pass ? 'pass' : 'FAIL'}  ${task}${verdict.pass ? '' : `  ${firstReason(verdict)}`}\n`);
        }),
      );
      if (flags.out) writeFileSync(flags.out, graded.map((g) => `${JSON.stringify({ task: g.task, ...g.verdict })}\n`).join(''));
      const passed = graded.filter((g) => g.verdict.pass).length;
      const kept = graded.filter((g) => g.verdict.funnel.kept).length;
      const seconds = (performance.now() - started) / 1000;
      printSummary(
        `verify → ${passed} of ${graded.length} trajectories pass`,
        [
          ['trajectories', graded.length],
          ['passed', passed],
          ['failed by check', Object.entries(failedBy).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'],
          ['kept by the funnel', kept],
          ['exact match', flags.exactMatch],
        ],
        flags.json ? { trajectories: graded.length, passed, failed: graded.length - passed, kept, failedBy, seconds: round(seconds) } : null,
      );
      // The exit code says whether every trajectory passed (README "Verifying").
      if (passed < graded.length) process.exitCode = 1;
    });
}
