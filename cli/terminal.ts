// What the CLI shows a person: a progress bar on a terminal, problem lines, a closing summary,
// and errors as one line naming the input and what to do.
import cliProgress from 'cli-progress';
import { CommanderError, InvalidArgumentError } from 'commander';
import { UserError } from '../generator/errors.js';

/** A progress reporter for one long phase. Draws only when stderr is a terminal. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

/** Start a progress bar for `phase` (a no-op off a terminal, so logs stay clean). */
export function progress(phase: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${phase.padEnd(8)} {bar} {percentage}% | {value}/{total} | {eta_formatted} | {label}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      const shown = label.length > 40 ? `…${label.slice(-39)}` : label;
      if (!started) {
        bar.start(total, done, { label: shown });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label: shown });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Problems collected during a phase, printed after its bar is gone (at most `limit` lines). */
export class ProblemLog {
  private readonly lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
  }

  /** Print to stderr, with a pointer to the full record when there are more than `limit`. */
  flush(limit: number, fullRecord: string): void {
    for (const line of this.lines.slice(0, limit)) process.stderr.write(`  ! ${line}\n`);
    if (this.lines.length > limit) process.stderr.write(`  ! … and ${this.lines.length - limit} more, all listed in ${fullRecord}\n`);
    this.lines.length = 0;
  }
}

/** Print a command's result: aligned `key  value` lines for people, or JSON with `--json`. */
export function printSummary(title: string, rows: [string, string | number][], json: object | null): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${title}\n`);
  const width = Math.max(...rows.map(([key]) => key.length));
  for (const [key, value] of rows) {
    process.stdout.write(`  ${key.padEnd(width)}  ${typeof value === 'number' ? value.toLocaleString('en-US') : value}\n`);
  }
}

/** Flags that do not go together (a flag another needs is missing): exit code 2, like a bad flag value. */
export class UsageError extends UserError {}

/** Report a failed command and set the exit code: 1 for user errors, 2 for usage, 70 for bugs. */
export function reportFailure(error: unknown): void {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  if (error instanceof UserError) {
    process.stderr.write(`agentscaler: ${error.message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
    return;
  }
  process.stderr.write(`agentscaler: internal error — please report it with the command you ran\n${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 70;
}

/** Parse a number option within bounds; commander names the flag in the message. */
export function numberOption({ integer = false, min = 0, max = Infinity } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      const kind = integer ? 'an integer' : 'a number';
      const range = max === Infinity ? `≥ ${min}` : `between ${min} and ${max}`;
      throw new InvalidArgumentError(`It must be ${kind} ${range}.`);
    }
    return n;
  };
}
