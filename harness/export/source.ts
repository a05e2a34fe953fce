// The run folders an export reads: each one's manifest and its trajectories, streamed line by line
// (a run of any size is read in flat memory). A line that is not a recorded trajectory is refused
// with its file and line number, before anything is written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { forEachLine } from '../../formats/jsonl.js';
import { RUN_FILES, type RunManifest } from '../../formats/run.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import { RunInputError } from '../run/input-error.js';
import { readManifest } from '../run/manifest.js';

/** A run folder to export from. */
export interface SourceRun {
  /** The folder (absolute). */
  dir: string;
  manifest: RunManifest;
  /** RUN/trajectories.jsonl. */
  file: string;
}

/** Open a run folder, or explain why it is not one. */
export function sourceRun(dir: string): SourceRun {
  const manifest = readManifest(dir);
  const file = join(dir, RUN_FILES.trajectories);
  if (!existsSync(file)) throw new RunInputError(`${file} not found: ${dir} has no trajectories yet (run agentscaler rollout --out ${dir})`);
  return { dir, manifest, file };
}

/** The first field a recorded line lacks or has the wrong type of, or null. */
function missingField(value: Record<string, unknown>): string | null {
  if (value.version !== 2) return `version (${JSON.stringify(value.version ?? null)}; export reads lines agentscaler rollout recorded, version 2)`;
  for (const field of ['task', 'domain'] as const) if (typeof value[field] !== 'string') return field;
  for (const field of ['messages', 'calls', 'errors'] as const) if (!Array.isArray(value[field])) return field;
  if (typeof value.trial !== 'number') return 'trial';
  if (typeof value.end !== 'object' || value.end === null) return 'end';
  if (!('verdict' in value)) return 'verdict';
  return null;
}

/** Call `onLine` for every line of the run's trajectories, each parsed and checked. */
export function forEachTrajectory(run: SourceRun, onLine: (line: TrajectoryV2, lineNumber: number) => void): void {
  forEachLine(run.file, (text, lineNumber) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new RunInputError(`${run.file} line ${lineNumber} is not JSON (${error instanceof Error ? error.message : String(error)}): the line is corrupt; remove it (or re-run that episode with agentscaler rollout --resume) and export again`);
    }
    const missing = typeof value === 'object' && value !== null && !Array.isArray(value) ? missingField(value as Record<string, unknown>) : 'the whole line (it is not a JSON object)';
    if (missing) throw new RunInputError(`${run.file} line ${lineNumber} is not a recorded trajectory: bad or missing ${missing}; remove the line and export again`);
    onLine(value as TrajectoryV2, lineNumber);
  });
}
