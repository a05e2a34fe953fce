// Timed child processes and their medians: every timed run is a fresh `node` process, so no run
// inherits another's JIT warm-up, heap or caches (only the OS page cache is shared, and warmed first).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** One finished child process. */
export interface ChildRun {
  /** Everything it printed on stdout. */
  stdout: string;
  /** Wall-clock seconds from spawn to exit, Node start-up included. */
  wallSeconds: number;
  /** User + system CPU seconds of the child and its threads (null off Linux). */
  cpuSeconds: number | null;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds of this process's reaped children so far (cutime + cstime of /proc/self/stat).
 * Node reports no child rusage; this does, and CPU time is what a busy shared machine distorts least.
 */
export function childCpuSeconds(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the parenthesized command name; cutime and cstime are fields 16 and 17 of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** Run `node script ...args` in `cwd`; rejects with the tail of its stderr when it fails. */
export function runNode(script: string, args: string[], cwd: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = childCpuSeconds();
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    // Keep only the tail: problem lines of 2,639 specs would otherwise pile up.
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallSeconds = (performance.now() - started) / 1000;
      // Runs are sequential, so the growth of the reaped-children total is this child's alone.
      const cpuAfter = childCpuSeconds();
      const cpuSeconds = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
      if (code === 0) resolve({ stdout: Buffer.concat(out).toString('utf8'), wallSeconds, cpuSeconds });
      else reject(new Error(`node ${script} ${args.join(' ')} exited with ${signal ?? code}:\n${err.trim()}`));
    });
  });
}

/** Parse a child's `--json` stdout, naming the command when it is not JSON. */
export function parseJson<T>(run: ChildRun, command: string): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`${command} printed no JSON summary; first output: ${run.stdout.slice(0, 200)}`);
  }
}

/** Run `measure` `count` times in sequence (never in parallel: runs must not compete for cores). */
export async function repeat<T>(count: number, measure: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 1; run <= count; run++) results.push(await measure(run));
  return results;
}

/** The median (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of one field over runs. */
export function medianOf<T>(runs: T[], field: (run: T) => number): number {
  return median(runs.map(field));
}
