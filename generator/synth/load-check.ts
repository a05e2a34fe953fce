// Does a package that synth wrote load the way its server will load it? tools.js is generated
// text: a name the generator failed to keep apart (a tool called `tools`, or both `delete` and
// `tool_delete`) makes it a module that does not parse. This check imports the package's tools.js,
// finds every tool's function and builds what the server lists, with the runtime the package ships
// (templates/runtime, copied into it). It is a function of the package folder alone, so it runs in
// whichever thread or process emitted the package.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DomainContract } from '../../formats/contract.js';
import { agentscalerRoot } from '../paths.js';

/** The parts of templates/runtime the check uses. */
interface RuntimeModules {
  domain: { toolFunctions(module: Record<string, unknown>, contract: DomainContract, file: string): Map<string, unknown> };
  zod: { inputSchema(schema: unknown): unknown; outputSchema(schema: unknown): unknown };
}

let runtime: Promise<RuntimeModules> | undefined;

function runtimeModules(): Promise<RuntimeModules> {
  const at = (file: string) => pathToFileURL(join(agentscalerRoot(), 'templates', 'runtime', file)).href;
  runtime ??= Promise.all([import(at('domain.js')), import(at('zod.js'))]).then(([domain, zod]) => ({ domain, zod }) as RuntimeModules);
  return runtime;
}

/** The first line of an error, which for a SyntaxError names what clashed. */
function reasonOf(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0]!;
}

/**
 * Null when the package in `dir` loads (tools.js imports, every tool of domain.json has its
 * function, its schemas build), else why not, in one line.
 */
export async function loadProblem(dir: string): Promise<string | null> {
  const { domain, zod } = await runtimeModules();
  const file = join(dir, 'tools.js');
  const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
  let module: Record<string, unknown>;
  try {
    // The content hash in the URL: Node caches modules by URL, and a re-run of synth in the same
    // process rewrites the same path with new code.
    const version = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
    module = (await import(`${pathToFileURL(file).href}?content=${version}`)) as Record<string, unknown>;
  } catch (error) {
    return `tools.js does not load (${reasonOf(error)})`;
  }
  try {
    domain.toolFunctions(module, contract, file);
    for (const tool of contract.tools) {
      zod.inputSchema(tool.input);
      zod.outputSchema(tool.output);
    }
  } catch (error) {
    return reasonOf(error);
  }
  return null;
}
