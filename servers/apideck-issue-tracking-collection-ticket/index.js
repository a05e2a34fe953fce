#!/usr/bin/env node
// Entry point of an agentscaler server package: `npx .` or `node index.js [--http] [--db PATH] …`.
// The runtime lives in ./runtime; the tools in ./tools.js; the contract in ./domain.json.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './runtime/cli.js';

await main(dirname(fileURLToPath(import.meta.url)), process.argv.slice(2));
