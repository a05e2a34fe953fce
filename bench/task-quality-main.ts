// Measure the task quality of a workspace someone already built (any commit's output), for the
// baseline the "task quality" section compares against.
// Usage: node dist/bench/task-quality-main.js WS [SLUGS_FILE]   (SLUGS_FILE: comma-separated slugs; default every server)
// Prints a TaskQuality as JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureTaskQuality } from './task-quality-measure.js';

const [ws, slugsFile] = process.argv.slice(2);
if (!ws) throw new Error('usage: node dist/bench/task-quality-main.js WS [SLUGS_FILE]');
const slugs = slugsFile ? readFileSync(slugsFile, 'utf8').trim().split(',') : readdirSync(join(ws, 'servers')).sort();
process.stdout.write(`${JSON.stringify(measureTaskQuality(ws, slugs), null, 2)}\n`);
