// Temporary folders for tests: each test gets its own, removed after the file's tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder under the system temp dir. */
export function tempDir(label = 'ws'): string {
  const dir = mkdtempSync(join(tmpdir(), `agentscaler-${label}-`));
  made.push(dir);
  return dir;
}

/** The repository root, the bundled BFCL catalogs and the test fixtures. */
export const REPO = join(import.meta.dirname, '..', '..');
export const BFCL = join(REPO, 'catalogs', 'bfcl');
export const FIXTURES = join(REPO, 'test', 'fixtures');
