// What each stage consumed and produced, recorded in WS/stages.json: a rerun skips a stage whose
// inputs, options and code are what they were and whose outputs are still there unchanged, and redoes
// the rest. Deterministic (no times, no absolute paths), like every other artifact.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS } from '../../formats/workspace.js';
import { agentscalerPackage, agentscalerRoot } from '../paths.js';
import { writeJson } from '../workspace.js';

/** The stages of a build, in order. */
export const STAGES = ['ingest', 'graph', 'synth', 'tasks'] as const;
export type StageName = (typeof STAGES)[number];

/** What one finished stage consumed and produced. */
export interface StageStamp {
  /** Hash of everything below but `outputs`: equal keys mean the stage would do the same work. */
  key: string;
  /** agentscaler's version. */
  agentscaler: string;
  /** Hash of templates/runtime (the code every emitted server runs). */
  runtime: string;
  /** Hash of the generator's own code. */
  code: string;
  /** Hashes of the input artifacts (or catalog files) by name. */
  inputs: Record<string, string>;
  /** The options that shape the stage's output. */
  options: Record<string, unknown>;
  /** Hashes of the output artifacts by name. */
  outputs: Record<string, string>;
}

/** WS/stages.json. */
export interface Stamps {
  version: 1;
  stages: Partial<Record<StageName, StageStamp>>;
}

/** `sha256:<hex>` of some text. */
export function textHash(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** `sha256:<hex>` of a file's bytes, read in chunks (tools.jsonl can be larger than a string). */
export function fileHash(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(1 << 22);
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Hash of every file under `dirs` (relative to `root`), names and bytes, in a fixed order. */
function treeHash(root: string, dirs: string[], keep: (file: string) => boolean): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (keep(entry.name)) hash.update(`${relative(root, path)}\0`).update(readFileSync(path)).update('\0');
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  return `sha256:${hash.digest('hex')}`;
}

let fingerprint: Pick<StageStamp, 'agentscaler' | 'runtime' | 'code'> | undefined;

/** agentscaler's version and the hashes of the runtime and of the generator code that is running. */
export function codeFingerprint(): Pick<StageStamp, 'agentscaler' | 'runtime' | 'code'> {
  if (fingerprint) return fingerprint;
  const root = agentscalerRoot();
  // The code that runs: dist/ when compiled, the TypeScript sources under the test runner.
  const compiled = !fileURLToPath(import.meta.url).endsWith('.ts');
  const codeRoot = compiled ? join(root, 'dist') : root;
  fingerprint = {
    agentscaler: agentscalerPackage().version,
    runtime: treeHash(root, ['templates/runtime'], (name) => name.endsWith('.js')),
    code: treeHash(codeRoot, ['formats', 'generator', 'pool', 'templates'], (name) => /\.(js|ts|json)$/.test(name) && !name.endsWith('.map')),
  };
  return fingerprint;
}

/** The stamp a stage would write for these inputs and options (outputs still empty). */
export function plannedStamp(stage: StageName, inputs: Record<string, string>, options: Record<string, unknown>): StageStamp {
  const code = codeFingerprint();
  const key = textHash(JSON.stringify({ stage, ...code, inputs, options }));
  return { key, ...code, inputs, options, outputs: {} };
}

/** WS/stages.json, or none yet. */
export function readStamps(ws: string): Stamps {
  const path = join(ws, ARTIFACTS.stages);
  if (!existsSync(path)) return { version: 1, stages: {} };
  try {
    const stamps = JSON.parse(readFileSync(path, 'utf8')) as Stamps;
    return stamps.version === 1 && stamps.stages ? stamps : { version: 1, stages: {} };
  } catch {
    // A damaged record only costs a rebuild.
    return { version: 1, stages: {} };
  }
}

/** Record a finished stage; the stages after it are forgotten (they consumed what it replaced). */
export function writeStamp(ws: string, stage: StageName, stamp: StageStamp): void {
  const stamps = readStamps(ws);
  const next: Stamps = { version: 1, stages: {} };
  for (const name of STAGES) {
    if (name === stage) next.stages[name] = stamp;
    else if (STAGES.indexOf(name) < STAGES.indexOf(stage) && stamps.stages[name]) next.stages[name] = stamps.stages[name];
  }
  writeJson(join(ws, ARTIFACTS.stages), next);
}

/** Forget a stage and every stage after it (it is being redone). */
export function clearStamp(ws: string, stage: StageName): void {
  const stamps = readStamps(ws);
  const next: Stamps = { version: 1, stages: {} };
  for (const name of STAGES.slice(0, STAGES.indexOf(stage))) if (stamps.stages[name]) next.stages[name] = stamps.stages[name];
  if (Object.keys(stamps.stages).length !== Object.keys(next.stages).length) writeJson(join(ws, ARTIFACTS.stages), next);
}

/** Hashes of output artifacts that exist (a missing one is left out, so a stamp never matches it). */
export function outputHashes(ws: string, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const path = join(ws, name);
    if (existsSync(path) && statSync(path).isFile()) out[name] = fileHash(path);
  }
  return out;
}

/**
 * The recorded stamp of `stage` when it matches `planned` and its outputs are unchanged, else null:
 * then the stage must run.
 */
export function freshStamp(ws: string, stage: StageName, planned: StageStamp): StageStamp | null {
  const stamp = readStamps(ws).stages[stage];
  if (!stamp || stamp.key !== planned.key) return null;
  const now = outputHashes(ws, Object.keys(stamp.outputs));
  return Object.entries(stamp.outputs).every(([name, hash]) => now[name] === hash) ? stamp : null;
}
