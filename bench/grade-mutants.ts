// Child process of the tasks section: the verifier's mutation report (gold replay, do-nothing,
// mutants per kind) over the kept tasks of some domains of one workspace. A child per batch, since
// a process keeps every package runtime it imported.
// Usage: node dist/bench/grade-mutants.js BATCH.json   (BATCH.json: {"ws": WS, "domains": [slugs]})
// Prints a MutationReport plus seconds and peakRssMb as JSON.
import { readFileSync } from 'node:fs';
import { mutationReport } from '../harness/verify/mutation-report.js';

const batch = process.argv[2];
if (!batch) throw new Error('usage: node dist/bench/grade-mutants.js BATCH.json');
const { ws, domains } = JSON.parse(readFileSync(batch, 'utf8')) as { ws: string; domains: string[] };
const started = performance.now();
const report = await mutationReport(ws, { domains });
const seconds = (performance.now() - started) / 1000;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ ...report, seconds, peakRssMb })}\n`);
