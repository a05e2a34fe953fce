// The workspace: a folder of plain artifacts each stage reads and writes.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { ARTIFACTS } from '../formats/workspace.js';
import { forEachLine } from '../formats/jsonl.js';
import type { ToolSpec } from '../formats/toolspec.js';

export { ARTIFACTS } from '../formats/workspace.js';
export { forEachLine } from '../formats/jsonl.js';

/** Which command writes each artifact, for "run X first" messages. */
const PRODUCER: Record<string, string> = {
  [ARTIFACTS.tools]: 'agentscaler ingest --catalog SRC --out WS',
  [ARTIFACTS.ingest]: 'agentscaler ingest --catalog SRC --out WS',
  [ARTIFACTS.graph]: 'agentscaler graph --ws WS',
  [ARTIFACTS.domains]: 'agentscaler graph --ws WS',
  [ARTIFACTS.synth]: 'agentscaler synth --ws WS',
};

/** A workspace artifact that is missing or unreadable; the message names the command that makes it. */
export class WorkspaceError extends UserError {}

/** Path of an artifact, checked to exist. */
export function artifactPath(ws: string, name: string): string {
  const path = join(ws, name);
  if (!existsSync(path)) {
    const producer = PRODUCER[name];
    throw new WorkspaceError(`${path} not found${producer ? ` — run \`${producer}\` first` : ''}`);
  }
  return path;
}

/** Create the workspace folder if needed. */
export function ensureWorkspace(ws: string): void {
  mkdirSync(ws, { recursive: true });
}

/** The name a file is written under until it is whole (never read as an artifact). */
export function partialPath(path: string): string {
  return `${path}.partial`;
}

/**
 * Write a file so that it is either absent, the old file, or whole: written beside it, then renamed
 * over it. An interrupted run never leaves a half-written artifact that a later run would trust.
 */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  writeFileSync(partialPath(path), data);
  renameSync(partialPath(path), path);
}

/** Write a JSON artifact with stable formatting (two-space indent, trailing newline). */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Write a JSON artifact whose top-level arrays are long (graph nodes, edges, domains): one element
 * per line, so the file stays diffable and greppable without the bulk of full indentation.
 */
export function writeJsonRows(path: string, value: Record<string, unknown>): void {
  const parts = Object.entries(value).map(([key, v]) => {
    const body = Array.isArray(v)
      ? v.length === 0
        ? '[]'
        : `[\n    ${v.map((row) => JSON.stringify(row)).join(',\n    ')}\n  ]`
      : JSON.stringify(v);
    return `  ${JSON.stringify(key)}: ${body}`;
  });
  writeFileAtomic(path, `{\n${parts.join(',\n')}\n}\n`);
}

/** Read a JSON artifact of the workspace. */
export function readJson<T>(ws: string, name: string): T {
  const path = artifactPath(ws, name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new WorkspaceError(`${path} is not valid JSON (${(error as Error).message}); re-run the stage that writes it`);
  }
}

/** Read every ToolSpec of `WS/tools.jsonl`, in file order. */
export function readTools(ws: string): ToolSpec[] {
  const path = artifactPath(ws, ARTIFACTS.tools);
  const tools: ToolSpec[] = [];
  forEachLine(path, (line, lineNumber) => {
    try {
      tools.push(JSON.parse(line) as ToolSpec);
    } catch {
      throw new WorkspaceError(`${path} line ${lineNumber} is not valid JSON; re-run ingest to rewrite it`);
    }
  });
  return tools;
}
