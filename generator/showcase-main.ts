// `npm run showcase`: regenerate the showcase servers in servers/ (see generator/showcase.ts).
import { join } from 'node:path';
import { UserError } from './errors.js';
import { agentscalerRoot } from './paths.js';
import { showcase } from './showcase.js';

const started = performance.now();
const out = join(agentscalerRoot(), 'servers');
showcase(out, (step) => process.stderr.write(`showcase: ${step}\n`))
  .then((servers) => {
    for (const s of servers) console.log(`  ${s.slug.padEnd(44)} ${String(s.tools).padStart(3)} tools  ${s.tables.join(', ')}`);
    console.log(`showcase → ${out}: ${servers.length} servers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  })
  .catch((error: unknown) => {
    // A user-fixable problem is its message alone; anything else keeps its stack.
    console.error(error instanceof UserError ? error.message : error);
    process.exitCode = 1;
  });
