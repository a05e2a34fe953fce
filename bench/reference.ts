// Section "reference": ingest's time as a multiple of merely reading and parsing the same files,
// measured in the same bench, so the number means the same on a faster or slower machine.
import { availableParallelism } from 'node:os';
import type { Section } from './context.js';
import { corpusRuns, type ReferenceRun } from './full-corpus.js';
import { type Cell, fixed, table } from './markdown.js';
import { median, medianOf } from './measure.js';
import { corpusName } from './plan.js';

function row(label: string, r: ReferenceRun): Cell[] {
  return [label, r.files, fixed(r.bytes / 1e6, 0), fixed(r.seconds, 2), fixed(r.wallSeconds, 2), fixed(r.cpuSeconds, 2), Math.round(r.peakRssMb)];
}

/** The read + JSON.parse reference, and ingest's time against it. */
export const referenceSection: Section = {
  id: 'reference',
  title: () => 'reference: read + JSON.parse of every spec',
  async render(context) {
    const { builds, references } = await corpusRuns(context);
    const m: ReferenceRun = {
      files: medianOf(references, (r) => r.files),
      bytes: medianOf(references, (r) => r.bytes),
      seconds: medianOf(references, (r) => r.seconds),
      wallSeconds: medianOf(references, (r) => r.wallSeconds),
      cpuSeconds: medianOf(references, (r) => r.cpuSeconds),
      peakRssMb: medianOf(references, (r) => r.peakRssMb),
    };
    const ingest = medianOf(builds, (b) => b.ingestSeconds);
    // Each build is paired with the reference run just before it; the ratio per pair shows the spread.
    const ratios = builds.map((b, i) => b.ingestSeconds / references[i]!.seconds);
    return [
      `A plain single-threaded Node script (\`bench/parse-corpus.ts\`) that \`readFileSync\`s and \`JSON.parse\`s every spec file of ${corpusName(context.plan)}, ` +
        'run as its own child process just before each build run (after one untimed run that warms the page cache).',
      '',
      table(['run', 'files', 'MB', 'read + parse s', 'wall s', 'CPU s', 'peak RSS MB'], [...references.map((r, i) => row(`${i + 1}`, r)), row('**median**', m)]),
      '',
      `**ingest / reference = ${fixed(ingest, 1)} s / ${fixed(m.seconds, 2)} s = ${fixed(ingest / m.seconds, 2)}×** ` +
        `(per run: ${ratios.map((r) => `${fixed(r, 2)}×`).join(', ')}; median ${fixed(median(ratios), 2)}×). ` +
        `Ingest parses on ${Math.min(availableParallelism(), 4)} worker threads (its default here: the cores, up to 4) and on top of the parse resolves $refs, flattens parameters, classifies operations and writes tools.jsonl.`,
    ].join('\n');
  },
};
