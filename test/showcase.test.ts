// The showcase servers kept in servers/: exactly what `npm run showcase` generates today [SHOW-DRIFT],
// and each one starts in place from the checkout and serves the tools of its domain.json.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../generator/ingest/index.js';
import { showcase, SHOWCASE_PICKS } from '../generator/showcase.js';
import type { DomainContract } from '../formats/contract.js';
import type { ToolSpec } from '../formats/toolspec.js';
import { readTools } from '../generator/workspace.js';
import { REPO, tempDir } from './support/workspace.js';

const SERVERS = join(REPO, 'servers');

/** What `npm install` adds to a package folder: not the generator's, so not compared. */
const INSTALLED = new Set(['node_modules', 'package-lock.json']);

/** Every file under `dir`, as sorted paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((path) => !path.split('/').some((part) => INSTALLED.has(part)))
    .sort();
}

/** The showcase packages in servers/ (folders holding a domain.json). */
function showcaseSlugs(): string[] {
  return readdirSync(SERVERS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

describe('showcase servers', () => {
  it('[SHOW-DRIFT] servers/ holds byte for byte what npm run showcase generates today', async () => {
    const fresh = tempDir('showcase');
    const servers = await showcase(fresh);
    const generated = filesUnder(fresh);
    const committed = filesUnder(SERVERS);
    const drifted = [...new Set([...generated, ...committed])].sort().filter((path) => {
      if (!generated.includes(path)) return true;
      if (!committed.includes(path)) return true;
      return !readFileSync(join(fresh, path)).equals(readFileSync(join(SERVERS, path)));
    });
    const label = (path: string) =>
      `  ${path}${!generated.includes(path) ? ' (no longer generated)' : !committed.includes(path) ? ' (missing from servers/)' : ''}`;
    expect(drifted, `servers/ differs from the generator in ${drifted.length} files:\n${drifted.map(label).join('\n')}\nrun npm run showcase and commit servers/`).toEqual([]);

    // Every pick is a domain worth showing: it reads and it writes.
    expect(servers.map((s) => s.pick)).toEqual(SHOWCASE_PICKS);
    for (const s of servers) {
      expect(s.read, `${s.slug} reads`).toBeGreaterThan(0);
      expect(s.write, `${s.slug} writes`).toBeGreaterThan(0);
    }
  });

  it('ingest takes relative catalog paths and source labels from `base`, not the current directory (what keeps the showcase the same in any checkout)', async () => {
    const ws = tempDir('showcase-base');
    await ingest({ catalogs: ['functions:bfcl/ticket_api.jsonl'], out: ws, base: join(REPO, 'catalogs'), workers: 0 });
    const files = new Set(readTools(ws).map((t: ToolSpec) => t.source.file));
    expect([...files]).toEqual(['bfcl/ticket_api.jsonl']);
  });

  it('each showcase server starts in place from the checkout and lists the tools of its domain.json', async () => {
    const slugs = showcaseSlugs();
    expect(slugs.length).toBeGreaterThanOrEqual(4);
    expect(slugs.length).toBeLessThanOrEqual(6);
    for (const slug of slugs) {
      const dir = join(SERVERS, slug);
      const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [join(dir, 'index.js'), '--db', join(tempDir('showcase-db'), 'state.sqlite')],
        env: process.env as Record<string, string>,
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
      const client = new Client({ name: 'showcase-test', version: '0.0.0' });
      try {
        await client.connect(transport);
        expect(client.getServerVersion()?.name, stderr).toBe(contract.package);
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name), slug).toEqual(contract.tools.map((t) => t.name));
      } finally {
        await client.close();
      }
    }
  });
});
