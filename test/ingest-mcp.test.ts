import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../generator/ingest/index.js';
import { readTools } from '../generator/workspace.js';
import { REPO, tempDir } from './support/workspace.js';

// A real MCP server from npm (a devDependency), started the way a user would start it.
const MEMORY_SERVER = join(REPO, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');

describe('MCP ingest [ING-MCP]', () => {
  it('spawns a live server, lists its tools, classifies them by annotations, and shuts it down', async () => {
    const ws = tempDir();
    const summary = await ingest({ catalogs: [`mcp:node ${MEMORY_SERVER}`], out: ws });
    const tools = readTools(ws);
    expect(summary.tools).toBe(9);
    expect(tools.map((t) => t.name)).toContain('open_nodes');
    expect(new Set(tools.map((t) => t.provider))).toEqual(new Set(['memory_server']));
    // Annotations decide: open_nodes reads although "open" often creates.
    expect(tools.find((t) => t.name === 'open_nodes')).toMatchObject({ op: 'read', source: { kind: 'mcp', file: `mcp:node ${MEMORY_SERVER}` } });
    expect(tools.find((t) => t.name === 'delete_entities')).toMatchObject({ op: 'write', effect: 'delete' });
    expect(tools.find((t) => t.name === 'create_entities')).toMatchObject({ op: 'write', effect: 'create' });
    const create = tools.find((t) => t.name === 'create_entities')!;
    expect(create.input.required).toEqual(['entities']);
    expect(create.input.properties.entities?.items?.properties).toHaveProperty('entityType');
    expect(create.output?.type).toBe('object');
  });

  it('reads a saved tools/list result with the same outcome as the live server', async () => {
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(new StdioClientTransport({ command: 'node', args: [MEMORY_SERVER], stderr: 'ignore' }));
    const listed = await client.listTools();
    await client.close();
    const file = join(tempDir('mcp'), 'memory-tools.json');
    writeFileSync(file, JSON.stringify(listed, null, 2));
    const ws = tempDir();
    await ingest({ catalogs: [`mcp-tools:${file}`], out: ws });
    const tools = readTools(ws);
    expect(tools.map((t) => [t.name, t.op, t.effect])).toEqual(listed.tools.map((t) => [t.name, ...(t.annotations?.readOnlyHint ? ['read', undefined] : ['write', expect.any(String)])]));
    expect(tools[0]!.provider).toBe('memory_tools');
  });

  it('reports a server that does not start, naming the command, and ingests the other catalogs [ING-BAD-FILE]', async () => {
    const problems: string[] = [];
    const ws = tempDir();
    const summary = await ingest({
      catalogs: ['mcp:node -e "process.exit(3)"', `mcp:node ${MEMORY_SERVER}`],
      out: ws,
      onProblem: (line) => problems.push(line),
    });
    expect(summary.tools).toBe(9);
    expect(summary.skipped).toHaveLength(1);
    expect(summary.skipped[0]!.file).toBe('mcp:node -e "process.exit(3)"');
    expect(summary.skipped[0]!.reason).toMatch(/could not list the tools of MCP server 'node -e "process.exit\(3\)"'.*check that the command starts an MCP server/);
    expect(problems[0]).toMatch(/^skipped mcp:node -e/);
  });
});
