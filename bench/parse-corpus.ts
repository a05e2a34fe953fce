// The reference workload, run as its own child process: a plain single-threaded Node script that
// reads and JSON.parses every corpus spec file and nothing else. Ingest's time is reported as a
// multiple of this, which says how much of ingest is more than the unavoidable read + parse.
// Usage: node dist/bench/parse-corpus.js [PREFIX]; prints {files, bytes, seconds, peakRssMb}.
import { readFileSync } from 'node:fs';
import { corpusFiles } from './corpus.js';

const started = performance.now();
const files = corpusFiles(process.argv[2] ?? '');
let bytes = 0;
let keys = 0;
for (const file of files) {
  const raw = readFileSync(file);
  bytes += raw.length;
  // Touch the result so the parse cannot be skipped as dead code.
  keys += Object.keys(JSON.parse(raw.toString('utf8')) as object).length;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ files: files.length, bytes, keys, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
