// What the CLI shows a person: a progress bar on a terminal, problem lines, a closing summary,
// and errors as one line naming the input and what to do.
import cliProgress from 'cli-progress';
import { CommanderError, InvalidArgumentError } from 'commander';
import { BuildInterrupted } from '../generator/build/pipeline.js';
import { Interrupted, UserError } from '../generator/errors.js';

/** A progress reporter for one long phase. Draws only when stderr is a terminal. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

/** Items per second as a bar shows it. */
function rateText(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '—';
  return perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(1);
}

/**
 * Start a progress bar for `phase`: done/total, rate and time left (a no-op off a terminal, so logs
 * stay clean). The rate counts only what this run did, not what an interrupted run had finished.
 */
export function progress(phase: string, unit = 'items', enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${phase.padEnd(8)} {bar} {percentage}% | {value}/{total} ${unit} | {rate}/s | {eta_formatted} left | {label}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let first = { done: 0, at: 0 };
  return {
    update(done, total, label = '') {
      const shown = label.length > 40 ? `…${label.slice(-39)}` : label;
      if (!started) {
        first = { done, at: performance.now() };
        bar.start(total, done, { label: shown, rate: '—' });
        started = true;
      } else {
        const rate = rateText(((done - first.done) * 1000) / (performance.now() - first.at));
        bar.setTotal(total);
        bar.update(done, { label: shown, rate });
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

/** Report a failed command and set the exit code: 1 for user errors, 2 for usage, 130 for Ctrl-C, 70 for bugs. */
export function reportFailure(error: unknown): void {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  if (error instanceof Interrupted) {
    process.stderr.write(`agentscaler: ${interruptedMessage(error)}\n`);
    process.exitCode = 130;
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

/** What a stopped command kept and how to go on. */
function interruptedMessage(error: Interrupted): string {
  const kept: string[] = error instanceof BuildInterrupted ? [...error.finished] : [];
  if (error.progress && error.progress.done > 0) {
    kept.push(`${error.stage} for ${error.progress.done.toLocaleString('en-US')} of ${error.progress.total.toLocaleString('en-US')} domains`);
  }
  const what = kept.length > 0 ? `kept ${kept.join(', ')}` : 'nothing half-written was kept';
  return `stopped during ${error.stage} (${what}). Run the same command again to continue where it stopped; add --force to start over.`;
}
