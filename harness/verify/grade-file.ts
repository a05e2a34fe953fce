// `agentscaler verify --trajectories FILE`: every line of a trajectory file graded against its task
// in the workspace, each line checked first (fields, one format version), final states read from
// the line or its run folder's sidecars.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RunInputError } from '../run/input-error.js';
import { finalStateOf } from './final-state.js';
import { verify } from './index.js';
import { taskSource } from './task-source.js';
import { oneVersion, parseTrajectoryLine } from './trajectory-lines.js';
import type { Verdict, VerifyOptions } from './verdict.js';

/** How a file is graded: the verifier's options that a command line sets. */
export type GradeOptions = Pick<VerifyOptions, 'exactMatch' | 'strictCalls' | 'ignore'>;

/** One graded line. */
export interface GradedLine {
  /** 1-based line number in the file. */
  line: number;
  task: string;
  verdict: Verdict;
}

/** Grade every trajectory of `file` against the tasks of workspace `ws`; `onGraded` sees each as it is done. */
export async function gradeFile(ws: string, file: string, options: GradeOptions, onGraded?: (graded: GradedLine) => void): Promise<GradedLine[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new RunInputError(`${file} not found — record trajectories first, or check the path`);
  }
  const folder = dirname(resolve(file));
  const load = taskSource(ws);
  const versions = oneVersion(file);
  const out: GradedLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const trajectory = parseTrajectoryLine(lines[i]!, file, i + 1);
    versions(trajectory, i + 1);
    const { task, dir } = await load(trajectory.task);
    const finalState = finalStateOf(trajectory, folder);
    const verdict = await verify(task, trajectory, { dir, ...options, ...(finalState ? { finalState } : {}) });
    const graded = { line: i + 1, task: task.id, verdict };
    out.push(graded);
    onGraded?.(graded);
  }
  return out;
}
