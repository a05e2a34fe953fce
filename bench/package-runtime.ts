// An emitted package's own runtime (servers/<slug>/runtime/environment.js), loaded as the harness
// loads it. Typed here by the part the bench calls: the runtime is plain JavaScript outside the build.
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DomainContract } from '../formats/contract.js';

/** A tools/call result as the runtime returns it. */
export interface CallResult {
  content: { type: string; text?: string }[];
  structuredContent?: unknown;
  isError?: boolean;
}

/** One open state of a domain (runtime/environment.js `Environment`). */
export interface PackageEnvironment {
  readonly db: Database.Database;
  readonly contract: DomainContract;
  /** Call a tool as an MCP client would: arguments checked, one transaction. */
  call(name: string, args?: unknown): CallResult;
  /** "v2:sha256:<hex>" of every row of every domain table (kept sums, see templates/runtime/digest.js). */
  digest(): string;
  /** The whole state as the bytes of a SQLite file. */
  snapshot(): Buffer;
  /** Replace the state with a snapshot. */
  restore(snapshot: Buffer): void;
  close(): void;
}

/** Options of `openEnvironment`. */
export interface OpenOptions {
  dir?: string;
  db?: string;
  snapshot?: Buffer;
}

/** The module a package exports (its `exports["."]`). */
export interface PackageRuntime {
  openEnvironment(options?: OpenOptions): Promise<PackageEnvironment>;
}

/** Import the runtime shipped inside the package folder `dir`. */
export function packageRuntime(dir: string): Promise<PackageRuntime> {
  return import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href) as Promise<PackageRuntime>;
}

/** The text of a result's first content block. */
export function resultText(result: CallResult): string {
  return result.content[0]?.text ?? '';
}
