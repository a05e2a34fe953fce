// Which agentscaler graded a verdict or made a run: its version, from the package.json above this
// file (in the source tree or in dist/). Recorded so a verdict can be told apart from one a later
// verifier would give, and re-graded (`agentscaler verify --run`).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** agentscaler's own version, or `unknown` when no package.json names it. */
export function agentscalerVersion(): string {
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

/** The verifier as verdicts name it: `agentscaler@<version>`. */
export const VERIFIER = `agentscaler@${agentscalerVersion()}`;
