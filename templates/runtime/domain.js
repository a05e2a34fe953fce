// @ts-check
// A domain package loaded once per folder: its contract (domain.json), its tool functions
// (tools.js), the zod schemas of every tool and where its seed is. Environments share it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listTools } from './listing.js';
import { inputSchema, outputSchema } from './zod.js';

/** @typedef {import('./types.js').DomainContract} DomainContract */
/** @typedef {import('./types.js').ToolContract} ToolContract */
/** @typedef {import('./context.js').ToolContext} ToolContext */
/** @typedef {(db: import('./types.js').Database, args: Record<string, unknown>, ctx: ToolContext) => unknown} ToolFunction */

/**
 * One tool ready to run: its contract, its function and its schemas.
 * @typedef {{ contract: ToolContract, run: ToolFunction, input: import('zod').ZodObject, output: import('zod').ZodObject }} LoadedTool
 */

/**
 * @typedef {object} Domain
 * @property {string} dir the package folder
 * @property {DomainContract} contract
 * @property {string} version the package's version
 * @property {Map<string, LoadedTool>} tools by MCP name, in contract order
 * @property {string} seedPath seed.sqlite
 * @property {() => Buffer} seed the seed's bytes (read once)
 * @property {(strict: boolean) => import('./listing.js').Listing} listing what tools/list answers, portable or OpenAI-strict (computed once each)
 */

/** @type {Map<string, Promise<Domain>>} */
const domains = new Map();

/**
 * @param {string} path
 * @param {string} what
 */
function readJson(path, what) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: this folder is not an agentscaler server package (${what})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${error instanceof Error ? error.message : error}); regenerate it with agentscaler synth`, { cause: error });
  }
}

/**
 * The function of every tool of `contract` in a loaded tools.js module, or an error naming the
 * first tool without one (a hand edit that renamed or deleted it).
 * @param {Record<string, any>} module
 * @param {DomainContract} contract
 * @param {string} file the module's path, for the message
 * @returns {Map<string, ToolFunction>}
 */
export function toolFunctions(module, contract, file) {
  /** @type {Map<string, ToolFunction>} */
  const out = new Map();
  for (const tool of contract.tools) {
    // Tool names are MCP names; the `tools` map covers names that are not JavaScript identifiers.
    const run = Object.hasOwn(module.tools ?? {}, tool.name) ? module.tools[tool.name] : module[tool.name];
    if (typeof run !== 'function') throw new Error(`${file} has no function for tool ${tool.name}; add it or regenerate the file with agentscaler synth`);
    out.set(tool.name, run);
  }
  return out;
}

/**
 * @param {string} dir
 * @returns {Promise<Domain>}
 */
async function load(dir) {
  /** @type {DomainContract} */
  const contract = readJson(join(dir, 'domain.json'), 'its contract');
  if (contract.version !== 1) throw new Error(`${join(dir, 'domain.json')} has format version ${contract.version}; this runtime reads version 1`);
  const pkg = readJson(join(dir, 'package.json'), 'its package.json');
  const module = await import(pathToFileURL(join(dir, 'tools.js')).href);
  /** @type {Map<string, LoadedTool>} */
  const tools = new Map();
  const functions = toolFunctions(module, contract, join(dir, 'tools.js'));
  for (const tool of contract.tools) {
    tools.set(tool.name, { contract: tool, run: /** @type {ToolFunction} */ (functions.get(tool.name)), input: inputSchema(tool.input), output: outputSchema(tool.output) });
  }
  const seedPath = join(dir, 'seed.sqlite');
  /** @type {Buffer | undefined} */
  let seed;
  /** @type {Map<boolean, import('./listing.js').Listing>} */
  const listings = new Map();
  return {
    dir,
    contract,
    version: String(pkg.version ?? '0.0.0'),
    tools,
    seedPath,
    seed: () => (seed ??= readFileSync(seedPath)),
    listing(strict) {
      let listing = listings.get(strict);
      if (!listing) listings.set(strict, (listing = listTools(contract, { strict })));
      return listing;
    },
  };
}

/**
 * The domain in `dir`, loaded on first use.
 * @param {string} dir
 * @returns {Promise<Domain>}
 */
export function loadDomain(dir) {
  let domain = domains.get(dir);
  if (!domain) {
    domain = load(dir);
    domains.set(dir, domain);
    // A failed load is not cached: fixing the file and trying again works.
    domain.catch(() => domains.delete(dir));
  }
  return domain;
}

/**
 * Forget a loaded domain (a long run over thousands of domains frees each when done with it).
 * @param {string} dir
 */
export function forgetDomain(dir) {
  domains.delete(dir);
}
