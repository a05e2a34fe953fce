// `agentscaler verify --run RUN`: every line of a run folder graded again by the current verifier —
// tasks from the workspace run.json names, final states from the sidecars — its verdict and diff
// rewritten (a new file renamed over the old, so a crash leaves one or the other), and
// RUN/summary.json recomputed. Lines that were not graded (infra_error, user_error) stay as they are.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../formats/run.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import { summarize, type RunSummary } from '../metrics/summary.js';
import { finalStateOf } from '../verify/final-state.js';
import type { GradeOptions } from '../verify/grade-file.js';
import { verify } from '../verify/index.js';
import { recordedVerdict } from '../verify/recorded.js';
import { taskSource } from '../verify/task-source.js';
import { oneVersion, parseTrajectoryLine } from '../verify/trajectory-lines.js';
import { RunInputError } from './input-error.js';
import { rewriteJournal } from './journal.js';
import { readManifest } from './manifest.js';

/** What re-grading a run found. */
export interface Regrade {
  lines: number;
  graded: number;
  passed: number;
  /** Lines the funnel keeps. */
  kept: number;
  /** Lines whose reward changed from the recorded verdict. */
  changed: number;
  summary: RunSummary;
}

/** Re-grade every line of `run` with this verifier and rewrite its verdicts and summary. */
export async function regradeRun(run: string, options: GradeOptions = {}, onProgress?: (done: number, total: number) => void): Promise<Regrade> {
  const manifest = readManifest(run);
  const file = join(run, RUN_FILES.trajectories);
  if (!existsSync(file)) throw new RunInputError(`${file} not found: the run has no trajectories to grade`);
  const ws = manifest.options.ws;
  if (!existsSync(ws)) throw new RunInputError(`the workspace ${ws} that ${join(run, RUN_FILES.manifest)} names is not here: re-grading needs its tasks and server packages`);
  const load = taskSource(ws);
  const versions = oneVersion(file);
  const texts = readFileSync(file, 'utf8').split('\n');
  const lines: TrajectoryV2[] = [];
  let changed = 0;
  for (let i = 0; i < texts.length; i++) {
    if (texts[i]!.trim() === '') continue;
    const line = parseTrajectoryLine(texts[i]!, file, i + 1);
    versions(line, i + 1);
    if (line.version !== 2) throw new RunInputError(`${file} line ${i + 1} is trajectory version ${line.version}; a run folder holds the version-2 lines rollout writes`);
    lines.push(line);
    if (line.verdict === null) continue;
    const { task, dir } = await load(line.task);
    const finalState = finalStateOf(line, run);
    const verdict = await verify(task, line, { dir, ...options, ...(finalState ? { finalState } : {}) });
    if (verdict.pass !== line.verdict.pass) changed++;
    line.verdict = recordedVerdict(verdict);
    line.diff = (verdict.diff ?? []) as TrajectoryV2['diff'];
    onProgress?.(lines.length, texts.length);
  }
  rewriteJournal(run, lines);
  const summaryFile = join(run, RUN_FILES.summary);
  const before = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as Partial<RunSummary>) : {};
  const summary = summarize(lines, manifest.pairs, manifest.options.k, before.time?.runSeconds ?? null);
  const temp = `${summaryFile}.tmp`;
  writeFileSync(temp, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(temp, summaryFile);
  const graded = lines.filter((l) => l.verdict);
  return { lines: lines.length, graded: graded.length, passed: graded.filter((l) => l.verdict!.pass).length, kept: graded.filter((l) => l.verdict!.funnel?.kept).length, changed, summary };
}
