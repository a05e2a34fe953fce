// A domain's server package as the verifier uses it: its own runtime (the code that made the
// trajectory's digests) and its contract's tool names. Nothing here is shown to an agent.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DomainContract } from '../../formats/contract.js';

/** The harness API of an emitted package (templates/runtime/environment.js, as copied into it). */
export type Runtime = typeof import('../../templates/runtime/environment.js');
/** An open state of a domain. */
export type Environment = InstanceType<Runtime['Environment']>;

/** The runtime module of the package in `dir`. */
export async function runtimeOf(dir: string): Promise<Runtime> {
  const entry = join(resolve(dir), 'runtime', 'environment.js');
  try {
    return (await import(pathToFileURL(entry).href)) as Runtime;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot load ${entry} (${reason}): ${dir} must be a server package agentscaler synth emitted`, { cause: error });
  }
}

const contracts = new Map<string, DomainContract>();

/** The domain contract in `dir` (domain.json), read once per folder. */
export function contractOf(dir: string): DomainContract {
  const path = join(resolve(dir), 'domain.json');
  let contract = contracts.get(path);
  if (!contract) {
    try {
      contract = JSON.parse(readFileSync(path, 'utf8')) as DomainContract;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot read the domain contract ${path} (${reason}): pass the server package folder as dir, or the tool names as tools`, { cause: error });
    }
    contracts.set(path, contract);
  }
  return contract;
}

/** The tool names of the domain contract in `dir`. */
export function contractTools(dir: string): string[] {
  return contractOf(dir).tools.map((tool) => tool.name);
}

/** The digest scheme the runtime of the package in `dir` computes (runtimes that predate numbered schemes compute scheme 1). */
export async function packageDigestScheme(dir: string): Promise<number> {
  const runtime = (await runtimeOf(dir)) as Partial<Runtime>;
  return runtime.DIGEST_SCHEME ?? 1;
}
