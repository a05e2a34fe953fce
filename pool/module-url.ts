// Where a worker thread's code is: the compiled .js beside this file, or, when agentscaler runs from
// its TypeScript sources (the test runner), the .ts file behind a bootstrap that registers tsx first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Whether the module at `url` is a TypeScript source (agentscaler running under tsx or vitest). */
function isSource(url: string): boolean {
  return fileURLToPath(url).endsWith('.ts');
}

/**
 * The module `name` (no extension) beside the module `from` (pass `import.meta.url`), with the
 * extension `from` has: `siblingModule(import.meta.url, './synth-job')`.
 */
export function siblingModule(from: string, name: string): URL {
  const url = new URL(`${name}${isSource(from) ? '.ts' : '.js'}`, from);
  if (!existsSync(fileURLToPath(url))) throw new Error(`no module ${fileURLToPath(url)} (a worker job named from ${fileURLToPath(from)})`);
  return url;
}

/**
 * The URL to start a worker thread on for the module `entry`: itself when compiled, or a data: URL
 * that loads tsx before importing the TypeScript source (worker threads do not inherit loaders).
 */
export function workerEntry(entry: URL): URL {
  if (!isSource(entry.href)) return entry;
  const bootstrap = [
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};`,
    'register();',
    `await import(${JSON.stringify(entry.href)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}
