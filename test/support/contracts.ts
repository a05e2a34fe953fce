// Finding a tool's domain in a built workspace, and opening that domain's server in process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DomainContract, ToolContract } from '../../formats/contract.js';
import { openEnvironment } from '../../templates/runtime/environment.js';
import type { SynthWorkspace } from './servers.js';

/** The domain of a built workspace that holds `tool`, with its contract and package folder. */
export function domainWith(built: SynthWorkspace, tool: string): { slug: string; dir: string; contract: DomainContract; tool: (name: string) => ToolContract } {
  for (const slug of built.slugs) {
    const dir = built.dir(slug);
    const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
    if (contract.tools.some((t) => t.name === tool)) {
      return {
        slug,
        dir,
        contract,
        tool: (name) => {
          const found = contract.tools.find((t) => t.name === name);
          if (!found) throw new Error(`domain ${slug} has no tool ${name}; it has ${contract.tools.map((t) => t.name).join(', ')}`);
          return found;
        },
      };
    }
  }
  throw new Error(`no domain of ${built.ws} has a tool ${tool}`);
}

/** The structured result of a call that must succeed. */
export function ok(env: Awaited<ReturnType<typeof openEnvironment>>, tool: string, args: Record<string, unknown>): Record<string, unknown> {
  const result = env.call(tool, args);
  if (result.isError) throw new Error(`${tool}(${JSON.stringify(args)}) failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as Record<string, unknown>;
}

/** The text of a call that must fail. */
export function refused(env: Awaited<ReturnType<typeof openEnvironment>>, tool: string, args: Record<string, unknown>): string {
  const result = env.call(tool, args);
  if (!result.isError) throw new Error(`${tool}(${JSON.stringify(args)}) succeeded: ${JSON.stringify(result.structuredContent)}`);
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

export { openEnvironment };
