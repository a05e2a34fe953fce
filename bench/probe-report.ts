// What probe-servers.ts reports for a batch of packages, and how batches add up.

/** Why a probe did not succeed: no arguments could be drawn, or the kind of isError result. */
export type FailureKind = 'no row to work on' | 'input schema' | 'row not found' | 'refused by the tool' | 'internal error';

/** Calls of one side (read tools or write tools). */
export interface ProbeCounts {
  /** Tools probed. */
  tools: number;
  /** Calls that returned a non-error result. */
  ok: number;
  /** Failed calls (isError) after which the state digest was unchanged (writes only). */
  failedUnchanged: number;
  /** Failures by kind; a tool with no row to work on is counted here without a call. */
  byKind: Partial<Record<FailureKind, number>>;
}

/** One failed probe, quoted in the report. */
export interface ProbeSample {
  slug: string;
  tool: string;
  read: boolean;
  kind: FailureKind;
  args: unknown;
  text: string;
}

/** The result of probing a batch of packages. */
export interface ProbeReport {
  /** Packages given. */
  domains: number;
  /** Packages whose openEnvironment succeeded. */
  opened: number;
  openFailures: { slug: string; error: string }[];
  reads: ProbeCounts;
  writes: ProbeCounts;
  /** Domains whose digest changed over their read calls (none should). */
  readsChangedState: string[];
  /** `slug/tool` of failed writes that changed the digest (none should). */
  failedWritesChangedState: string[];
  /** A few failures of each kind. */
  samples: ProbeSample[];
  /** Seconds of probing (summed over batches when merged). */
  seconds: number;
  peakRssMb: number;
}

const emptyCounts = (): ProbeCounts => ({ tools: 0, ok: 0, failedUnchanged: 0, byKind: {} });

/** A report of nothing yet. */
export function emptyProbeReport(): ProbeReport {
  return { domains: 0, opened: 0, openFailures: [], reads: emptyCounts(), writes: emptyCounts(), readsChangedState: [], failedWritesChangedState: [], samples: [], seconds: 0, peakRssMb: 0 };
}

function addCounts(into: ProbeCounts, from: ProbeCounts): void {
  into.tools += from.tools;
  into.ok += from.ok;
  into.failedUnchanged += from.failedUnchanged;
  for (const [kind, n] of Object.entries(from.byKind) as [FailureKind, number][]) into.byKind[kind] = (into.byKind[kind] ?? 0) + n;
}

/** Batches added up: counts summed, samples kept up to `samplesPerKind` per kind and side, seconds summed, peak RSS the largest. */
export function mergeProbeReports(reports: ProbeReport[], samplesPerKind = 4): ProbeReport {
  const out = emptyProbeReport();
  for (const r of reports) {
    out.domains += r.domains;
    out.opened += r.opened;
    out.openFailures.push(...r.openFailures);
    addCounts(out.reads, r.reads);
    addCounts(out.writes, r.writes);
    out.readsChangedState.push(...r.readsChangedState);
    out.failedWritesChangedState.push(...r.failedWritesChangedState);
    for (const s of r.samples) {
      if (out.samples.filter((x) => x.kind === s.kind && x.read === s.read).length < samplesPerKind) out.samples.push(s);
    }
    out.seconds += r.seconds;
    out.peakRssMb = Math.max(out.peakRssMb, r.peakRssMb);
  }
  return out;
}
