// The per-domain progress of a stage that works domain by domain (synth, tasks): one whole line per
// finished domain, appended after the domain's files are in place, under the key of the stage's
// inputs and options. An interrupted stage rerun with the same key skips what the journal lists; with
// another key it starts over. A finished stage removes its journal.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ARTIFACTS } from '../../formats/workspace.js';

/** The journal of one stage in one workspace. */
export class StageJournal<E> {
  private constructor(
    private readonly path: string,
    /** What earlier runs under the same key finished, by domain slug. */
    readonly done: Map<string, E>,
  ) {}

  /** Open the journal of `stage` for `key`: its finished domains if it was written under that key, else a fresh one. */
  static open<E>(ws: string, stage: string, key: string): StageJournal<E> {
    const dir = join(ws, ARTIFACTS.journals);
    const path = join(dir, `${stage}.jsonl`);
    const done = new Map<string, E>();
    if (existsSync(path)) {
      const lines = readFileSync(path, 'utf8').split('\n');
      const head = parse<{ key: string }>(lines[0] ?? '');
      if (head?.key === key) {
        for (const line of lines.slice(1)) {
          // A line cut short by a kill is not a finished domain.
          const entry = parse<{ slug: string; entry: E }>(line);
          if (entry && typeof entry.slug === 'string') done.set(entry.slug, entry.entry);
        }
      }
    }
    if (done.size === 0) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, `${JSON.stringify({ key })}\n`);
    }
    return new StageJournal<E>(path, done);
  }

  /** Whether an earlier run of this key is being continued. */
  get resumed(): boolean {
    return this.done.size > 0;
  }

  /** Record a finished domain (its files are already in place). */
  record(slug: string, entry: E): void {
    this.done.set(slug, entry);
    appendFileSync(this.path, `${JSON.stringify({ slug, entry })}\n`);
  }

  /** The stage finished: its summary holds everything the journal did. */
  remove(): void {
    rmSync(this.path, { force: true });
    // No empty folder left behind: a resumed build leaves the same files as an uninterrupted one.
    if (existsSync(dirname(this.path)) && readdirSync(dirname(this.path)).length === 0) rmSync(dirname(this.path), { recursive: true });
  }
}

function parse<T>(line: string): T | null {
  if (line.trim() === '') return null;
  try {
    return JSON.parse(line) as T;
  } catch {
    return null;
  }
}
