// RUN/run.json: what a run was made with, written before its first episode. A resume compares
// its options with the manifest's and refuses a difference, naming the option.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_FILES, type RunManifest, type RunOptions } from '../../formats/run.js';
import { RunInputError } from './input-error.js';

const require = createRequire(import.meta.url);

/** The installed version of a package (or `unknown`): node_modules/<name>/package.json in this file's folder or above (exports maps hide `name/package.json`). */
function versionOf(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 8; up++, dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  }
  return 'unknown';
}

/** agentscaler's own version, from the package.json above this file (source or dist). */
export function ownVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(up) as { name?: string; version: string };
      if (pkg.name === 'agentscaler') return pkg.version;
    } catch {
      // Not at this depth.
    }
  }
  return 'unknown';
}

/** The manifest of a new run. */
export function newManifest(options: RunOptions, pairs: number, tasksDigest: string, commandLine: string[]): RunManifest {
  return {
    version: 1,
    agentscaler: ownVersion(),
    packages: Object.fromEntries(['@modelcontextprotocol/sdk', 'better-sqlite3', 'zod'].map((name) => [name, versionOf(name)])),
    node: process.version,
    options,
    pairs,
    tasksDigest,
    commandLine,
  };
}

/** The flag a RunOptions key is set by. */
const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Read RUN/run.json, or explain why it cannot be. */
export function readManifest(run: string): RunManifest {
  const file = join(run, RUN_FILES.manifest);
  if (!existsSync(file)) throw new RunInputError(`${file} not found: ${run} is not a run folder (make one with agentscaler rollout --out ${run})`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
  } catch (error) {
    throw new RunInputError(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); it is not a run manifest agentscaler wrote`);
  }
}

/** The first option that differs between a run folder's manifest and this command, in words; null when none. */
export function optionDifference(recorded: RunOptions, now: RunOptions, ignore: string[] = [], where: [string, string] = ['in that run', 'now']): string | null {
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(now)])].filter((k) => !ignore.includes(k));
  for (const key of keys) {
    const a = JSON.stringify((recorded as unknown as Record<string, unknown>)[key] ?? null);
    const b = JSON.stringify((now as unknown as Record<string, unknown>)[key] ?? null);
    if (a !== b) return `${flag(key)} was ${a} ${where[0]}, and is ${b} ${where[1]}`;
  }
  return null;
}

/** Check that `now` may resume the run whose manifest is `recorded`. */
export function checkResumable(run: string, recorded: RunManifest, now: RunOptions, tasksDigest: string): void {
  const difference = optionDifference(recorded.options, now);
  if (difference) throw new RunInputError(`cannot resume ${run}: ${difference}; resume with the options it was made with, or pass another --out`);
  if (recorded.tasksDigest !== tasksDigest) throw new RunInputError(`cannot resume ${run}: the tasks of ${now.ws} changed since it started (tasks digest ${recorded.tasksDigest}, now ${tasksDigest}); start a new run with another --out`);
}

/** Write RUN/run.json. */
export function writeManifest(run: string, manifest: RunManifest): void {
  writeFileSync(join(run, RUN_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
}
