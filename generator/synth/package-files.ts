// The text files of an emitted server package: package.json, server.json (MCP registry) and
// README.md (tools table, Claude Desktop snippet, how to run and reset).
import { summary } from './codegen.js';
import type { DomainContract } from '../../formats/contract.js';

/** Runtime dependencies of every emitted server, pinned to the versions agentscaler itself uses. */
export interface RuntimeDependencies {
  '@modelcontextprotocol/sdk': string;
  'better-sqlite3': string;
  zod: string;
}

/** GitHub owner used in registry names (`io.github.<owner>/<package>`). */
export const REGISTRY_OWNER = 'agentscaler';

/** Files an emitted package publishes. */
export const PACKAGE_FILES = ['index.js', 'tools.js', 'domain.json', 'seed.sqlite', 'tasks.jsonl', 'runtime/', 'README.md', 'server.json'];

/** Registry name of a domain's server. */
export function mcpName(contract: DomainContract): string {
  return `io.github.${REGISTRY_OWNER}/${contract.package}`;
}

/** One line, at most `max` characters. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function packageJson(contract: DomainContract, dependencies: RuntimeDependencies, version: string): string {
  const pkg = {
    name: contract.package,
    version,
    description: oneLine(contract.description, 200),
    type: 'module',
    bin: { [contract.package]: 'index.js' },
    exports: { '.': './runtime/environment.js', './package.json': './package.json' },
    files: PACKAGE_FILES,
    engines: { node: '>=20.19' },
    dependencies,
    mcpName: mcpName(contract),
    keywords: ['mcp', 'mcp-server', 'model-context-protocol', 'agentscaler', 'simulation', 'tool-use'],
    license: 'Apache-2.0',
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** server.json per the MCP registry schema (2025-12-11). */
export function serverJson(contract: DomainContract, version: string): string {
  const server = {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name: mcpName(contract),
    description: oneLine(`Simulated ${contract.title} MCP server with SQLite state (agentscaler).`, 100),
    version,
    packages: [
      {
        registryType: 'npm',
        identifier: contract.package,
        version,
        transport: { type: 'stdio' },
      },
    ],
  };
  return `${JSON.stringify(server, null, 2)}\n`;
}

/** Escape a table cell. */
function cell(text: string): string {
  return oneLine(text, 160).replace(/\|/g, '\\|');
}

/** The Claude Desktop config that starts this package from a folder on disk (the path is the reader's to fill in). */
export function localSnippet(contract: DomainContract): object {
  return { mcpServers: { [contract.slug]: { command: 'node', args: [`/ABSOLUTE/PATH/TO/${contract.slug}/index.js`] } } };
}

/** The Inspector's tool flags for an example call: a read that needs no argument, else the first tool with its required ones to fill in. */
function inspectorCall(contract: DomainContract): string {
  const free = contract.tools.find((t) => t.op === 'read' && t.input.required.length === 0);
  const tool = free ?? contract.tools[0];
  if (!tool) return '--tool-name TOOL';
  return [`--tool-name ${tool.name}`, ...tool.input.required.map((a) => `--tool-arg ${a}=VALUE`)].join(' ');
}

export function readme(contract: DomainContract): string {
  const reads = contract.tools.filter((t) => t.op === 'read').length;
  const published = { mcpServers: { [contract.slug]: { command: 'npx', args: ['-y', contract.package] } } };
  const index = `/ABSOLUTE/PATH/TO/${contract.slug}/index.js`;
  return [
    `# ${contract.title}`,
    '',
    contract.description,
    '',
    `A standalone [Model Context Protocol](https://modelcontextprotocol.io) server: ${contract.tools.length} tools (${reads} read, ${contract.tools.length - reads} write) ` +
      'over its own SQLite database. Every call runs in one transaction; a failed call changes nothing and says which argument was wrong and why. ' +
      'The clock and ids are virtual, so the same calls on the same state always end in the same state.',
    '',
    '## Run it',
    '',
    'From this folder (Node ≥ 20.19; the first time, `npm install` unless it sits in an agentscaler workspace, which links its dependencies):',
    '',
    '```sh',
    'node index.js                        # stdio (what MCP clients start)',
    'node index.js --http --port 3000     # Streamable HTTP at http://127.0.0.1:3000/mcp',
    '```',
    '',
    '| flag | meaning |',
    '|---|---|',
    '| `--http [--port N] [--host H]` | serve Streamable HTTP at `http://H:N/mcp` (default 127.0.0.1:3000), with DNS-rebinding protection |',
    '| `--max-sessions N`, `--session-idle S` | with `--http`: hold at most N sessions (default 100), close one after S seconds without a request (default 1800) |',
    '| `--db PATH` | the state database; created from `seed.sqlite` on first use |',
    '| `--reset` | start over from `seed.sqlite` |',
    '| `--clock ISO` | start the virtual clock of a new database at this time |',
    '| `--strict-schemas` | list OpenAI strict-mode input schemas (every argument required, an optional one nullable; null means not given) |',
    '',
    '## Claude Desktop',
    '',
    'Add to `claude_desktop_config.json`, with the absolute path of this folder:',
    '',
    '```json',
    JSON.stringify(localSnippet(contract), null, 2),
    '```',
    '',
    `Once the package is published to npm (until then \`npx\` answers 404), this form installs and starts it anywhere:`,
    '',
    '```json',
    JSON.stringify(published, null, 2),
    '```',
    '',
    '## MCP Inspector',
    '',
    'The Inspector\'s current release (2.x, needs Node ≥ 22.19) opens its web UI on this server, or, with `--cli`, lists and calls tools from the shell (the server\'s own flags go after `--`):',
    '',
    '```sh',
    `npx @modelcontextprotocol/inspector node ${index}`,
    `npx @modelcontextprotocol/inspector --cli --method tools/list -- node ${index} --db /tmp/state.sqlite`,
    `npx @modelcontextprotocol/inspector --cli --method tools/call ${inspectorCall(contract)} -- node ${index} --db /tmp/state.sqlite`,
    '```',
    '',
    '## Tools',
    '',
    '| tool | kind | what it does |',
    '|---|---|---|',
    ...contract.tools.map((t) => `| \`${t.name}\` | ${t.op}${t.effect ? ` (${t.effect})` : ''} | ${cell(t.title)}: ${cell(summary(t))}${t.opaque ? ` **Opaque:** ${cell(t.opaque)}` : ''} |`),
    '',
    'An opaque tool cannot do what its description says here (it answers, but no task relies on it). Catalog arguments a tool does not take ' +
      '(credentials, formatting flags, options nothing here honours) are listed with the reason under `omitted` in `domain.json`.',
    '',
    '## State',
    '',
    '| table | rows are | columns |',
    '|---|---|---|',
    ...contract.tables.map((t) => `| \`${t.name}\` | ${t.singleton ? 'one state row' : t.entity.replace(/_/g, ' ')} | ${t.columns.map((c) => c.name).join(', ')} |`),
    '',
    'To add a business rule, edit the tool\'s function in `tools.js`. The schema and bindings are in `domain.json`.',
    '',
    '## For harnesses',
    '',
    'The package module (`import { openEnvironment } from \'' + contract.package + '\'`) exposes what an evaluation harness needs and no agent ever sees: ' +
      '`digest()`, `diff(other)`, `snapshot()`, `restore(buffer)`, and fresh in-memory environments from a snapshot.',
    '',
    `Generated by agentscaler from ${[...new Set(contract.tools.map((t) => t.source.provider))].join(', ')}.`,
    '',
  ].join('\n');
}
