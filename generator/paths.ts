// Where agentscaler's own files are, whether it runs from sources (tests) or from dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The agentscaler package folder (the one holding package.json, templates/ and node_modules/). */
export function agentscalerRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'agentscaler') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the agentscaler package folder above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** agentscaler's own package.json. */
export function agentscalerPackage(): { version: string; dependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(agentscalerRoot(), 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
}
