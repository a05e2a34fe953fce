import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../generator/ingest/index.js';
import { readTools } from '../generator/workspace.js';
import { BFCL, tempDir } from './support/workspace.js';

describe('function-list ingest [ING-FUNCTIONS]', () => {
  it('reads all 8 BFCL catalogs: 128 functions, BFCL types mapped, read/write classified', async () => {
    expect(readdirSync(BFCL).filter((f) => f.endsWith('.jsonl'))).toHaveLength(8);
    const ws = tempDir();
    const summary = await ingest({ catalogs: [`functions:${BFCL}`], out: ws });
    const tools = readTools(ws);
    expect(summary).toMatchObject({ specs: { read: 8, skipped: 0 }, operations: 128, tools: 128 });
    expect(new Set(tools.map((t) => t.provider))).toEqual(
      new Set(['gorilla_file_system', 'math_api', 'message_api', 'posting_api', 'ticket_api', 'trading_bot', 'travel_booking', 'vehicle_control']),
    );
    // No BFCL-only type survives anywhere in any schema.
    const types = new Set<string>();
    const collect = (s: unknown): void => {
      if (!s || typeof s !== 'object') return;
      const node = s as Record<string, unknown>;
      if (typeof node.type === 'string') types.add(node.type);
      for (const v of Object.values(node)) collect(v);
    };
    for (const t of tools) collect([t.input, t.output]);
    expect([...types].sort()).toEqual(['array', 'boolean', 'integer', 'number', 'object', 'string']);

    const ticket = tools.find((t) => t.id === 'ticket_api/get_ticket')!;
    expect(ticket).toMatchObject({ op: 'read', title: 'Get a specific ticket by its ID', source: { kind: 'functions', pointer: 'line 4', name: 'get_ticket' } });
    expect(ticket.input).toEqual({ type: 'object', properties: { ticket_id: { type: 'integer', description: 'ID of the ticket to retrieve.' } }, required: ['ticket_id'] });
    expect(tools.find((t) => t.id === 'ticket_api/close_ticket')).toMatchObject({ op: 'write', effect: 'action' });
    // BFCL "float" parameters are JSON Schema numbers; camelCase names become snake_case tool names.
    const cruise = tools.find((t) => t.source.name === 'setCruiseControl')!;
    expect(cruise.name).toBe('set_cruise_control');
    expect(cruise.input.properties.speed?.type).toBe('number');
    expect(summary.split).toEqual({ read: tools.filter((t) => t.op === 'read').length, write: tools.filter((t) => t.op === 'write').length });
  });

  it('reads the OpenAI tools format as a JSON array, a wrapped object and JSONL', async () => {
    const dir = tempDir('fn');
    const weather = { type: 'function', function: { name: 'get_weather', description: 'Get the current weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] } } };
    const book = { type: 'function', function: { name: 'book_table', description: 'Book a table.', parameters: { type: 'object', properties: { restaurant_id: { type: 'string' }, people: { type: 'integer' } }, required: ['restaurant_id', 'people'] } } };
    writeFileSync(join(dir, 'array.json'), JSON.stringify([weather, book]));
    writeFileSync(join(dir, 'wrapped.json'), JSON.stringify({ tools: [weather] }));
    writeFileSync(join(dir, 'lines.jsonl'), `${JSON.stringify(weather)}\n${JSON.stringify(book)}\n`);
    const ws = tempDir();
    const summary = await ingest({ catalogs: [`functions:${dir}`], out: ws });
    const tools = readTools(ws);
    expect(summary.tools).toBe(5);
    expect(tools.map((t) => t.id)).toEqual(['array/get_weather', 'array/book_table', 'lines/get_weather', 'lines/book_table', 'wrapped/get_weather']);
    expect(tools[0]).toMatchObject({ op: 'read', input: { required: ['city'], properties: { unit: { enum: ['c', 'f'] } } }, output: null });
    expect(tools[1]).toMatchObject({ op: 'write', effect: 'create' });
  });

  it('skips a nameless function and a bad JSONL line, keeps the rest, and says why [ING-BAD-FILE]', async () => {
    const dir = tempDir('fn');
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ name: 'get_order', description: 'Get an order.', parameters: { type: 'dict', properties: { order_id: { type: 'integer' } }, required: ['order_id'] } }),
        '{"name": "broken", ',
        JSON.stringify({ description: 'No name here.', parameters: { type: 'dict', properties: {} } }),
        JSON.stringify({ name: 'get_order', description: 'Defined twice.' }),
      ].join('\n'),
    );
    const problems: string[] = [];
    const ws = tempDir();
    const summary = await ingest({ catalogs: [`functions:${file}`], out: ws, onProblem: (line) => problems.push(line) });
    expect(summary.tools).toBe(1);
    expect(summary.dropped).toMatchObject({ invalid: 1, 'no-name': 1, duplicate: 1 });
    expect(summary.problems.map((p) => [p.pointer, p.reason])).toEqual([['line 2', 'invalid'], ['line 3', 'no-name']]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/mixed\.jsonl: dropped 2 of 4 operations \(first: line 2: not valid JSON/);
  });
});
