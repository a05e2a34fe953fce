// A child process measured as a whole: wall time, CPU, and the peak resident memory of it and every
// process it starts (summed from /proc every 200 ms), optionally killed when a condition turns true.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** One finished (or killed) child. */
export interface TreeRun {
  stdout: string;
  /** The tail of stderr. */
  stderr: string;
  exitCode: number | null;
  /** Whether `killWhen` fired. */
  killed: boolean;
  wallSeconds: number;
  /** Peak of the summed RSS of the child and its descendants, MB. */
  peakTreeMb: number;
}

/** Options of a tracked run. */
export interface TreeOptions {
  /** Checked every 200 ms; when it returns true the child gets SIGKILL (a crash, not a polite stop). */
  killWhen?: () => boolean;
}

const PAGE_KB = 4;

/** pid → parent pid and RSS (kB) of every process, from /proc. */
function processTable(): Map<number, { ppid: number; rssKb: number }> {
  const table = new Map<number, { ppid: number; rssKb: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command name: state, ppid, … rss is field 24 of the line (index 21 here), in pages.
      table.set(Number(name), { ppid: Number(fields[1]), rssKb: Number(fields[21]) * PAGE_KB });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return table;
}

/** Summed RSS of `root` and its descendants, kB. */
function treeRssKb(root: number): number {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += table.get(pid)?.rssKb ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Run `node script ...args` in `cwd`, tracking its process tree. */
export function runTracked(script: string, args: string[], cwd: string, options: TreeOptions = {}): Promise<TreeRun> {
  const tracked = existsSync('/proc/self/stat');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let peakKb = 0;
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4000)));
    const timer = setInterval(() => {
      if (tracked && child.pid) peakKb = Math.max(peakKb, treeRssKb(child.pid));
      if (!killed && options.killWhen?.()) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 200);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: err,
        exitCode: code,
        killed,
        wallSeconds: (performance.now() - started) / 1000,
        peakTreeMb: Math.round(peakKb / 1024),
      });
    });
  });
}
