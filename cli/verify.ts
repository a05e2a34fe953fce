// `agentscaler verify --ws WS --trajectories FILE [--exact-match all|read-only|off] [--strict-calls] [--ignore a,b] [--out FILE]`
import { Command, Option } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../generator/errors.js';
import { digestSchemeProblem, type Task } from '../formats/task.js';
import type { Trajectory } from '../formats/trajectory.js';
import { ARTIFACTS, forEachLine } from '../generator/workspace.js';
import { type ExactMatch, finalStateOf, packageDigestScheme, type Verdict, verify } from '../harness/verify/index.js';
import { round } from './ingest.js';
import { printSummary } from './terminal.js';

interface VerifyFlags {
  ws: string;
  trajectories: string;
  exactMatch: ExactMatch;
  strictCalls?: boolean;
  ignore?: string;
  out?: string;
  json?: boolean;
}

/** The tasks of the domains the trajectories are about, by id, read once per domain. */
function taskLoader(ws: string): (id: string) => { task: Task; dir: string } {
  const byDomain = new Map<string, Map<string, Task>>();
  return (id) => {
    const slug = id.split('/')[0] ?? '';
    const dir = join(ws, ARTIFACTS.servers, slug);
    let tasks = byDomain.get(slug);
    if (!tasks) {
      const file = join(dir, 'tasks.jsonl');
      if (!existsSync(file)) throw new UserError(`task ${id}: ${file} not found — run \`agentscaler tasks --ws ${ws}\` first`);
      tasks = new Map(readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => [(JSON.parse(l) as Task).id, JSON.parse(l) as Task]));
      byDomain.set(slug, tasks);
    }
    const task = tasks.get(id);
    if (!task) throw new UserError(`task ${id} is not in ${join(dir, 'tasks.jsonl')}; were the tasks re-sampled after the trajectories were recorded?`);
    return { task, dir };
  };
}

/** The first failing check's first reason, for one summary line per trajectory. */
function firstReason(verdict: Verdict): string {
  for (const [name, check] of Object.entries(verdict.checks)) if (check.applies && !check.pass) return `${name}: ${check.reasons[0] ?? 'failed'}`;
  return '';
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description('grade recorded trajectories against their tasks: validity, final state, calls, required outputs')
    .requiredOption('--ws <WS>', 'workspace whose servers hold the tasks')
    .requiredOption('--trajectories <FILE>', 'trajectories, one JSON object per line (format in formats/trajectory.ts)')
    .addOption(new Option('--exact-match <WHICH>', 'which tasks exact match of calls decides the reward of (a strict evaluation); the funnel always matches calls').choices(['all', 'read-only', 'off']).default('off'))
    .option('--strict-calls', 'extra read calls fail the match of calls too')
    .option('--ignore <COLUMNS>', 'columns left out of state comparison: `column` or `table.column`, comma-separated')
    .option('--out <FILE>', 'write one verdict per line here')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: VerifyFlags) => {
      if (!existsSync(flags.trajectories)) throw new UserError(`${flags.trajectories} not found — record trajectories first, or check the path`);
      const started = performance.now();
      const load = taskLoader(flags.ws);
      const ignore = flags.ignore?.split(',').map((s) => s.trim()).filter(Boolean);
      const trajectories: Trajectory[] = [];
      let line = 0;
      forEachLine(flags.trajectories, (text) => {
        line++;
        if (text.trim() === '') return;
        try {
          trajectories.push(JSON.parse(text) as Trajectory);
        } catch {
          throw new UserError(`${flags.trajectories} line ${line} is not JSON`);
        }
      });
      const verdicts: { task: string; pass: boolean; reason: string; verdict: Verdict }[] = [];
      const failedBy: Record<string, number> = {};
      const schemes = new Map<string, number>();
      for (const trajectory of trajectories) {
        const { task, dir } = load(trajectory.task);
        if (!schemes.has(dir)) schemes.set(dir, await packageDigestScheme(dir));
        const stale = digestSchemeProblem(task, schemes.get(dir)!);
        if (stale) throw new UserError(stale.replaceAll('--ws WS', `--ws ${flags.ws}`));
        const finalState = finalStateOf(trajectory, dirname(resolve(flags.trajectories)));
        const verdict = await verify(task, trajectory, { dir, exactMatch: flags.exactMatch, strictCalls: flags.strictCalls === true, ...(ignore ? { ignore } : {}), ...(finalState ? { finalState } : {}) });
        verdicts.push({ task: task.id, pass: verdict.pass, reason: firstReason(verdict), verdict });
        for (const [name, check] of Object.entries(verdict.checks)) if (check.applies && !check.pass) failedBy[name] = (failedBy[name] ?? 0) + 1;
        if (!flags.json) process.stdout.write(`${verdict.pass ? 'pass' : 'FAIL'}  ${task.id}${verdict.pass ? '' : `  ${firstReason(verdict)}`}\n`);
      }
      if (flags.out) writeFileSync(flags.out, verdicts.map((v) => `${JSON.stringify({ task: v.task, ...v.verdict })}\n`).join(''));
      const passed = verdicts.filter((v) => v.pass).length;
      const seconds = (performance.now() - started) / 1000;
      printSummary(
        `verify → ${passed} of ${verdicts.length} trajectories pass`,
        [
          ['trajectories', verdicts.length],
          ['passed', passed],
          ['failed by check', Object.entries(failedBy).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'],
          ['exact match', flags.exactMatch],
        ],
        flags.json ? { trajectories: verdicts.length, passed, failed: verdicts.length - passed, failedBy, seconds: round(seconds) } : null,
      );
    });
}
