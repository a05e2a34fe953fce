// What every section is handed: the plan, a scratch folder removed at the end, the CLI to spawn,
// and a progress line on stderr (the report itself is a file).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchPlan } from './plan.js';

/** Shared by all sections of one bench invocation. */
export class BenchContext {
  /** Temp folder holding every workspace; removed by `dispose`. */
  readonly scratch: string;
  private readonly started = performance.now();

  constructor(
    /** What to measure. */
    readonly plan: BenchPlan,
    /** The repository root (holds dist/ and the output file). */
    readonly root: string,
  ) {
    this.scratch = mkdtempSync(join(tmpdir(), 'agentscaler-bench-'));
  }

  /** Path of the compiled CLI entry. */
  get cli(): string {
    return join(this.root, 'dist', 'cli', 'index.js');
  }

  /** A fresh, empty folder inside the scratch folder. */
  folder(name: string): string {
    const path = join(this.scratch, name);
    rmSync(path, { recursive: true, force: true });
    mkdirSync(path, { recursive: true });
    return path;
  }

  /** Remove a folder of the scratch area as soon as it is no longer needed (full workspaces are large). */
  discard(path: string): void {
    rmSync(path, { recursive: true, force: true });
  }

  /** One progress line on stderr, stamped with the time since the bench started. */
  say(line: string): void {
    process.stderr.write(`[bench ${this.elapsed()}] ${line}\n`);
  }

  /** Minutes and seconds since the bench started, `m:ss`. */
  elapsed(): string {
    const seconds = Math.round((performance.now() - this.started) / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }

  /** Remove the scratch folder and everything in it. */
  dispose(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** One section of the report: it measures (sharing runs through memoized measurements) and renders markdown. */
export interface Section {
  /** A short name for `--only` (`synth`, `tasks`, …). */
  id: string;
  /** The `##` heading, which may name the plan's corpus. */
  title(plan: BenchPlan): string;
  /** Measure and return the markdown body under the heading. */
  render(context: BenchContext): Promise<string>;
}
