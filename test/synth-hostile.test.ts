// A catalog is untrusted input: names built to break SQL, JavaScript, paths or length limits must
// still give a server that starts, lists clean names, and whose tools work over real stdio.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

const EVIL_TEXT = 'Widget */ process.exit(1); /* `${process.exit(2)}` \u2028 </script>';
const id = { type: 'integer', description: EVIL_TEXT };
const fields = {
  '"; DROP TABLE widgets; --': { type: 'string', description: EVIL_TEXT },
  __proto__: { type: 'string' },
  constructor: { type: 'string' },
  'naïve näme 名前': { type: 'string' },
  ['x'.repeat(300)]: { type: 'string' },
};

/** Widget tools whose names and parameters are hostile; they share words so they form domains. */
const HOSTILE_FUNCTIONS = [
  { name: '__proto__', description: 'Get a widget by its id.', parameters: { type: 'object', properties: { widget_id: id }, required: ['widget_id'] } },
  { name: 'get_widget"; DROP TABLE widgets; --', description: 'Get one widget.', parameters: { type: 'object', properties: { widget_id: id }, required: ['widget_id'] } },
  { name: '../../escape_widget', description: 'Archive a widget.', parameters: { type: 'object', properties: { widget_id: id }, required: ['widget_id'] } },
  { name: `create_widget_${'w'.repeat(300)}`, description: EVIL_TEXT, parameters: { type: 'object', properties: fields, required: ['"; DROP TABLE widgets; --'] } },
  { name: '获取小部件列表 list widgets', description: 'List widgets.', parameters: { type: 'object', properties: { limit: { type: 'integer' } }, required: [] } },
  { name: 'update_widget', description: EVIL_TEXT, parameters: { type: 'object', properties: { widget_id: id, ...fields }, required: ['widget_id'] } },
  { name: 'delete_widget', description: 'Delete a widget.', parameters: { type: 'object', properties: { widget_id: id }, required: ['widget_id'] } },
  { name: 'constructor', description: 'Count widgets.', parameters: { type: 'object', properties: { widget_id: id }, required: ['widget_id'] } },
];

let built: SynthWorkspace;

beforeAll(async () => {
  const dir = tempDir('hostile-catalog');
  const file = join(dir, 'hostile.json');
  // JSON.stringify drops a literal __proto__ key; write the catalog text by hand where it matters.
  writeFileSync(file, JSON.stringify(HOSTILE_FUNCTIONS).replace('"constructor":{"type":"string"}', '"__proto__":{"type":"string"},"constructor":{"type":"string"}'));
  built = await synthWorkspace([`functions:${file}`], 'hostile');
}, 120_000);

describe('hostile catalog [SYN-HOSTILE]', () => {
  it('emits only safe folder and file names inside the workspace', () => {
    expect(built.slugs.length).toBeGreaterThan(0);
    expect(readdirSync(built.ws).sort()).toEqual(expect.arrayContaining(['servers', 'synth.json']));
    for (const slug of built.slugs) {
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(readdirSync(built.dir(slug)).sort()).toEqual(['README.md', 'domain.json', 'index.js', 'package.json', 'runtime', 'seed.sqlite', 'server.json', 'tools.js']);
    }
  });

  it('names every tool, table, column and argument safely, and keeps catalog text out of code', () => {
    for (const slug of built.slugs) {
      const contract = JSON.parse(readFileSync(join(built.dir(slug), 'domain.json'), 'utf8')) as DomainContract;
      for (const tool of contract.tools) {
        expect(tool.name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_-]{0,47}$/);
        for (const arg of Object.keys(tool.input.properties)) expect(arg).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/);
      }
      for (const table of contract.tables) {
        expect(table.name).toMatch(/^[a-z_][a-z0-9_]{0,47}$/);
        for (const column of table.columns) expect(column.name).toMatch(/^[a-z_][a-z0-9_]{0,47}$/);
      }
      // Catalog text reaches tools.js only inside comments, where it cannot close the comment.
      const code = readFileSync(join(built.dir(slug), 'tools.js'), 'utf8');
      expect(code).not.toContain('*/ process.exit');
      expect(code).not.toContain('\u2028');
      for (const line of code.split('\n').filter((l) => l.includes('process.exit') || l.includes('DROP TABLE'))) expect(line.trimStart()).toMatch(/^(\/\/|\/\*\*)/);
    }
  });

  it('serves every tool over stdio: listed, callable with state-drawn arguments, never an internal error', async () => {
    for (const slug of built.slugs) {
      const dir = built.dir(slug);
      const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
      const client = new Client({ name: 'hostile-test', version: '1.0.0' });
      const transport = new StdioClientTransport({ command: process.execPath, args: [join(dir, 'index.js'), '--db', join(tempDir('hostile-db'), 'state.sqlite')], env: { ...process.env } as Record<string, string>, stderr: 'pipe' });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name).sort()).toEqual(contract.tools.map((t) => t.name).sort());
        // Arguments drawn from the same seed the server starts from.
        const { openEnvironment } = (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as typeof import('../templates/runtime/environment.js');
        const env = await openEnvironment({ dir });
        const faker = fakerFor(3, slug, 'hostile');
        for (const tool of contract.tools) {
          const args = probeArguments(env.db, contract, tool, faker) ?? {};
          const result = await client.callTool({ name: tool.name, arguments: args });
          const text = (result.content as { text: string }[])[0]!.text;
          expect(text, `${tool.name} ${JSON.stringify(args)}`).not.toMatch(/internal error/);
          if (!result.isError) expect(result.structuredContent).toEqual(JSON.parse(text));
        }
        env.close();
      } finally {
        await client.close();
      }
    }
  }, 60_000);
});
