// Peak memory of one stage of a build. The process's own maximum (getrusage) only ever grows, so a
// later stage would inherit an earlier one's peak; this samples the resident set while the stage
// runs (worker threads included: they are the same process) and keeps the highest value.

/** Peak resident memory of this process so far (worker threads included), in MB. */
export function processPeakMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Watches the resident set from `start` until `stop`. */
export class StagePeak {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly maxAtStart = process.resourceUsage().maxRSS;

  constructor(intervalMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    // Never the reason the process stays alive.
    this.timer.unref();
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  /** Stop watching; the peak in MB. A new process maximum reached during the stage counts even between samples. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    const max = process.resourceUsage().maxRSS;
    const peak = max > this.maxAtStart ? Math.max(this.peak, max * 1024) : this.peak;
    return Math.round(peak / (1024 * 1024));
  }
}
