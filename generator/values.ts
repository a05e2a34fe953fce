// The generator's public surface for the harness: how it picks argument and column values, and how
// a tool names the key of a row. The verifier's mutants use these to make a wrong call look like a
// plausible one; nothing else under generator/ is imported by harness/ (eslint enforces it).
export { probeArguments, schemaValue } from './synth/probe.js';
export { valueFor } from './synth/seed.js';
export { keyArgumentFor } from './tasks/chain.js';
export { shortHash } from './naming.js';
