// The header facts that make a number comparable: which machine, which Node, which commit, when.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';

/** Where and on what the bench ran. */
export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  /** ISO date and time of the start of the run. */
  date: string;
  /** Short commit hash, with a note when the working tree had uncommitted changes. */
  commit: string;
  /** Load average when the bench started: other work on the machine skews wall times. */
  load: string;
}

/** The 1, 5 and 15 minute load averages, e.g. "0.12 / 0.30 / 0.41". */
export function loadAverage(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' / ');
}

function cpuModel(): string {
  const model = cpus()[0]?.model.trim();
  if (model) return model;
  // Some virtual machines leave os.cpus() models empty; /proc/cpuinfo still names the CPU.
  const line = existsSync('/proc/cpuinfo') ? /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8')) : null;
  return line?.[1]?.trim() ?? 'unknown CPU';
}

function osName(): string {
  const pretty = existsSync('/etc/os-release') ? /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8')) : null;
  return `${pretty?.[1] ?? type()} (${type()} ${release()})`;
}

function gitCommit(root: string): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const hash = git('rev-parse', '--short', 'HEAD');
    // Tracked files only: the dist/ being measured is built from them, untracked notes do not matter.
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return dirty ? `${hash} (with uncommitted changes in the working tree)` : hash;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Describe this machine and checkout. */
export function describeMachine(root: string): Machine {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    node: process.version,
    date: new Date().toISOString(),
    commit: gitCommit(root),
    load: loadAverage(),
  };
}
