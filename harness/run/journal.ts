// RUN/trajectories.jsonl: append-only, one episode per line, each line written whole with one
// write, its sidecar files first; a crash loses at most the episodes in flight. A torn last line
// (a crash mid-write) is dropped when the run is read or resumed.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RUN_FILES } from '../../formats/run.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import type { EpisodeRecord } from './domain-job.js';

/** The lines of a run folder's trajectories file that parse; a torn or broken line is skipped and counted. */
export function readJournal(run: string): { lines: TrajectoryV2[]; torn: number } {
  const file = join(run, RUN_FILES.trajectories);
  if (!existsSync(file)) return { lines: [], torn: 0 };
  const lines: TrajectoryV2[] = [];
  let torn = 0;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      lines.push(JSON.parse(text) as TrajectoryV2);
    } catch {
      torn++;
    }
  }
  return { lines, torn };
}

/** Rewrite the trajectories file with only `keep` (via a temp file and a rename, so a crash leaves one or the other). */
export function rewriteJournal(run: string, keep: TrajectoryV2[]): void {
  const file = join(run, RUN_FILES.trajectories);
  const temp = `${file}.tmp`;
  writeFileSync(temp, keep.map((line) => `${JSON.stringify(line)}\n`).join(''));
  renameSync(temp, file);
}

/** The one writer of a run folder. */
export class Journal {
  private readonly fd: number;
  private readonly written = new Set<string>();

  constructor(private readonly run: string) {
    mkdirSync(run, { recursive: true });
    this.fd = openSync(join(run, RUN_FILES.trajectories), 'a');
  }

  /** Write an episode: its sidecars (once each), then its line in one write. */
  append(record: EpisodeRecord): void {
    for (const sidecar of record.sidecars) {
      if (this.written.has(sidecar.path)) continue;
      const path = join(this.run, sidecar.path);
      mkdirSync(dirname(path), { recursive: true });
      if (!sidecar.path.startsWith(`${RUN_FILES.tools}/`) || !existsSync(path)) writeFileSync(path, sidecar.data);
      this.written.add(sidecar.path);
    }
    writeSync(this.fd, `${JSON.stringify(record.line)}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
