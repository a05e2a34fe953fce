// Where a trajectory keeps its final state: inline as base64 (version 1) or in a sidecar file of
// its run folder (version 2, only when the digest is not gold). The verifier's row-level diff needs it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trajectory } from '../../formats/trajectory.js';

/** The final state's bytes, or undefined when the trajectory kept none; `folder` holds the trajectories file. */
export function finalStateOf(trajectory: Trajectory, folder: string): Buffer | undefined {
  if (trajectory.version === 1) return trajectory.finalState ? Buffer.from(trajectory.finalState, 'base64') : undefined;
  if (!trajectory.finalStateFile) return undefined;
  const path = join(folder, trajectory.finalStateFile);
  // A line copied without its run folder still grades by digest; only the diff is lost.
  return existsSync(path) ? readFileSync(path) : undefined;
}
