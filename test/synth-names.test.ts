// Names the emitted code itself uses cannot be taken by a catalog: a function named `tools`,
// `undefined`, or both `delete` and `tool_delete`, and arguments named like Object.prototype
// members, give a server that loads and whose tools do what they did before [SYN-RESERVED-NAMES];
// synth loads every tools.js it wrote and fails, counted, a domain that does not [SYN-LOAD-CHECK].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import { OBJECT_PROTOTYPE_MEMBERS } from '../generator/synth/identifiers.js';
import { loadProblem } from '../generator/synth/load-check.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

const widgetId = { type: 'integer', description: "The widget's id." };
const protoArgs = Object.fromEntries(OBJECT_PROTOTYPE_MEMBERS.filter((m) => m !== '__proto__').map((m) => [m, { type: 'string', description: `Widget note ${m}.` }]));

/** A workshop whose function names are the generated code's own words. */
const FUNCTIONS = [
  { name: 'tools', description: 'List the widgets in the workshop.', parameters: { type: 'object', properties: { widget_id: { ...widgetId, description: 'Only this widget.' }, color: { type: 'string' } }, required: [] } },
  { name: 'undefined', description: 'Get a widget by its id.', parameters: { type: 'object', properties: { widget_id: widgetId }, required: ['widget_id'] } },
  { name: 'delete', description: 'Delete a widget.', parameters: { type: 'object', properties: { widget_id: widgetId }, required: ['widget_id'] } },
  { name: 'tool_delete', description: "Delete a widget's tool slot.", parameters: { type: 'object', properties: { widget_id: widgetId, slot: { type: 'string' } }, required: ['widget_id'] } },
  { name: 'updateWidget', description: "Update a widget's color or size.", parameters: { type: 'object', properties: { widget_id: widgetId, color: { type: 'string' }, size: { type: 'integer' } }, required: ['widget_id'] } },
  { name: 'create_widget', description: 'Create a widget.', parameters: { type: 'object', properties: { color: { type: 'string' }, size: { type: 'integer' }, ...protoArgs }, required: ['color'] } },
];

let built: SynthWorkspace;
let dir: string;
let contract: DomainContract;
let client: Client;

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { text: string }[] };
const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;

beforeAll(async () => {
  const file = join(tempDir('names-catalog'), 'workshop.json');
  writeFileSync(file, JSON.stringify(FUNCTIONS));
  built = await synthWorkspace([`functions:${file}`], 'names');
  if (built.slugs.length === 0) throw new Error(`synth emitted no server: ${JSON.stringify(built.summary.failed)} (totals ${JSON.stringify(built.summary.totals)})`);
  dir = built.dir(built.slugs[0]!);
  contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
  client = new Client({ name: 'names-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(dir, 'index.js'), '--db', ':memory:'], stderr: 'pipe' }));
}, 120_000);

afterAll(async () => {
  await client?.close();
});

describe('names the emitted code uses [SYN-RESERVED-NAMES]', () => {
  it('[SYN-RESERVED-NAMES] emits one domain that loads, with every catalog function under its own name', async () => {
    expect(built.summary.failed).toEqual([]);
    expect(built.slugs).toHaveLength(1);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['create_widget', 'delete', 'tool_delete', 'tools', 'undefined', 'updateWidget']);
  });

  it('[SYN-RESERVED-NAMES] `delete` and `tool_delete` are two tools that each do their own work', async () => {
    const del = contract.tools.find((t) => t.name === 'delete')!;
    const slot = contract.tools.find((t) => t.name === 'tool_delete')!;
    expect(del.binding.table).not.toBe(slot.binding.table);
    const before = await call('undefined', { widget_id: 1 });
    expect(before.isError).toBeFalsy();
    expect((await call('delete', { widget_id: 1 })).structuredContent).toEqual({ deleted: 1, ids: [1] });
    expect((await call('delete', { widget_id: 1 })).isError).toBe(true);
  });

  it('[SYN-RESERVED-NAMES] with a tool named `undefined`, an update of one field leaves the others as they were', async () => {
    const update = contract.tools.find((t) => t.name === 'updateWidget')!;
    expect(update.binding.operator).toBe('update');
    const table = update.binding.table;
    const list = contract.tools.find((t) => t.binding.operator === 'list' && t.binding.table === table);
    const row = list ? (await call(list.name, {})).structuredContent!.items as Record<string, unknown>[] : [];
    const target = row.find((r) => r.size !== undefined) ?? { id: 2 };
    const after = await call('updateWidget', { widget_id: target.id, color: 'teal' });
    expect(after.isError, after.content[0]!.text).toBeFalsy();
    expect(after.structuredContent).toMatchObject({ id: target.id, color: 'teal', ...(target.size !== undefined ? { size: target.size } : {}) });
  });

  it('[SYN-RESERVED-NAMES] arguments named like every Object.prototype member are renamed, recorded, and work given or not', async () => {
    const create = contract.tools.find((t) => t.name === 'create_widget')!;
    const listed = Object.keys(create.input.properties);
    for (const member of OBJECT_PROTOTYPE_MEMBERS) expect(listed).not.toContain(member);
    // Every renamed argument maps back to the catalog's name.
    expect(Object.values(create.renamed).sort()).toEqual(Object.keys(protoArgs).sort());
    const plain = await call('create_widget', { color: 'red' });
    expect(plain.isError, plain.content[0]!.text).toBeFalsy();
    const named = Object.fromEntries(Object.entries(create.renamed).map(([argument, original]) => [argument, `note for ${original}`]));
    const full = await call('create_widget', { color: 'blue', ...named });
    expect(full.isError, full.content[0]!.text).toBeFalsy();
    expect(full.structuredContent).toMatchObject({ color: 'blue' });
  });
});

describe('synth loads what it wrote [SYN-LOAD-CHECK]', () => {
  it('[SYN-LOAD-CHECK] a package whose tools.js declares a function twice, or lacks a tool, is refused with the reason', async () => {
    expect(await loadProblem(dir)).toBeNull();
    const broken = join(tempDir('names-broken'), 'pkg');
    cpSync(dir, broken, { recursive: true });
    const code = readFileSync(join(broken, 'tools.js'), 'utf8');
    // What the generator wrote before names were kept apart: two functions called tool_delete.
    writeFileSync(join(broken, 'tools.js'), code.replace('export function tool_delete_2(', 'export function tool_delete('));
    expect(await loadProblem(broken)).toMatch(/^tools\.js does not load \(/);
    writeFileSync(join(broken, 'tools.js'), code.replace(/\n {2}"updateWidget": updateWidget,/, '').replace('export function updateWidget(', 'function updateWidget('));
    expect(await loadProblem(broken)).toMatch(/has no function for tool updateWidget/);
  });
});
