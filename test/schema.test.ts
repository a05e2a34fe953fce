import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrokenRefError, RefResolver } from '../generator/ingest/refs.js';
import { SchemaNormalizer } from '../generator/ingest/schema.js';
import { readOpenApi } from '../generator/ingest/openapi.js';
import { tempDir } from './support/workspace.js';

function normalizer(root: unknown, location = '/virtual/spec.json', limits?: ConstructorParameters<typeof SchemaNormalizer>[1]) {
  const doc = { location, root };
  return { n: new SchemaNormalizer(new RefResolver(doc), limits), doc };
}

describe('schema normalization [ING-REFS]', () => {
  it('stops a self-recursive schema at its first repeat instead of hanging', () => {
    const root = {
      components: {
        schemas: {
          TreeNode: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/TreeNode' } } } },
        },
      },
    };
    const { n, doc } = normalizer(root);
    const out = n.schema({ $ref: '#/components/schemas/TreeNode' }, doc, 'output');
    expect(out.properties?.name).toEqual({ type: 'string' });
    expect(out.properties?.children?.type).toBe('array');
    expect(out.properties?.children?.items?.['x-truncated']).toBe('recursive TreeNode');
  });

  it('handles mutual recursion and allOf cycles', () => {
    const root = {
      definitions: {
        A: { allOf: [{ $ref: '#/definitions/B' }, { properties: { a: { type: 'string' } } }] },
        B: { allOf: [{ $ref: '#/definitions/A' }], properties: { b: { $ref: '#/definitions/A' } } },
      },
    };
    const { n, doc } = normalizer(root);
    const out = n.schema({ $ref: '#/definitions/A' }, doc, 'output');
    expect(out.type).toBe('object');
    expect(Object.keys(out.properties ?? {}).sort()).toEqual(['a', 'b']);
  });

  it('merges allOf members and their required lists', () => {
    const root = {
      s: {
        Base: { type: 'object', required: ['id'], properties: { id: { type: 'integer', format: 'int64' } } },
        Pet: { allOf: [{ $ref: '#/s/Base' }, { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }] },
      },
    };
    const { n, doc } = normalizer(root);
    const out = n.schema({ $ref: '#/s/Pet' }, doc, 'output');
    expect(out).toEqual({ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id', 'name'] });
  });

  it('accepts any member of object oneOf alternatives and requires none of them', () => {
    const { n, doc } = normalizer({});
    const out = n.schema(
      { oneOf: [{ type: 'object', required: ['card'], properties: { card: { type: 'string' } } }, { type: 'object', properties: { iban: { type: 'string' } } }] },
      doc,
      'input',
    );
    expect(Object.keys(out.properties ?? {})).toEqual(['card', 'iban']);
    expect(out.required).toBeUndefined();
  });

  it('reads OpenAPI 3.1 type arrays and drops readOnly members from inputs', () => {
    const { n, doc } = normalizer({});
    const raw = { type: 'object', properties: { id: { type: 'string', readOnly: true }, note: { type: ['string', 'null'] } } };
    expect(n.schema(raw, doc, 'input')).toEqual({ type: 'object', properties: { note: { type: 'string' } } });
    expect(Object.keys(n.schema(raw, doc, 'output').properties ?? {})).toEqual(['id', 'note']);
  });

  it('keeps the shallowest fields under the node budget and marks the cut', () => {
    const wide = { type: 'object', properties: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, { type: 'object', properties: { x: { type: 'string' } } }])) };
    const { n, doc } = normalizer({}, '/v.json', { budget: 10, maxDepth: 3, maxProperties: 48 });
    const out = n.schema(wide, doc, 'output');
    expect(out['x-truncated']).toBe('size');
    expect(Object.keys(out.properties ?? {})).toHaveLength(9);
  });

  it('resolves references into another local file, and reports a missing target as broken', () => {
    const dir = tempDir('refs');
    writeFileSync(join(dir, 'common.yaml'), 'Money:\n  type: object\n  properties:\n    amount: {type: integer}\n    currency: {type: string}\n');
    const { n, doc } = normalizer({}, join(dir, 'spec.yaml'));
    expect(n.schema({ $ref: './common.yaml#/Money' }, doc, 'output').properties?.currency).toEqual({ type: 'string' });
    expect(() => n.schema({ $ref: './common.yaml#/Nope' }, doc, 'output')).toThrow(BrokenRefError);
    expect(() => n.schema({ $ref: './absent.yaml#/X' }, doc, 'output')).toThrow(/cannot read/);
    expect(() => n.schema({ $ref: 'https://example.com/s.json#/X' }, doc, 'output')).toThrow(/remote references are not fetched/);
  });

  it('maps BFCL types (dict, float, tuple, any) to JSON Schema [ING-FUNCTIONS]', () => {
    const { n, doc } = normalizer({});
    const out = n.schema(
      { type: 'dict', properties: { a: { type: 'float' }, b: { type: 'tuple', items: { type: 'integer' } }, c: { type: 'any' }, d: { type: 'dict' } } },
      doc,
      'input',
    );
    expect(out).toEqual({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'array', items: { type: 'integer' } }, c: {}, d: { type: 'object' } } });
  });

  it('drops only the operations that reach a broken $ref [ING-BAD-FILE]', () => {
    const spec = {
      openapi: '3.0.0',
      info: { title: 'Shop', version: '1' },
      components: { schemas: { Item: { type: 'object' } } },
      paths: {
        '/items': { get: { operationId: 'listItems', responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } } },
        '/items/{id}': { get: { operationId: 'getItem', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } } },
      },
    };
    const out = readOpenApi(spec, '/virtual/shop.json', { label: 'shop.json' });
    expect(out.tools.map((t) => t.name)).toEqual(['get_item']);
    expect(out.dropped).toEqual([{ reason: 'broken-ref', pointer: '#/paths/~1items/get', detail: "broken $ref '#/components/schemas/Missing': '#/components/schemas' has no 'Missing'" }]);
  });
});
