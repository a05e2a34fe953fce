// synth on the bundled BFCL catalogs: the tables it builds, how tools bind to them, the seed data,
// byte-for-byte determinism, and synth.json. Hostile catalogs are in synth-hostile.test.ts.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import { argumentsUsed } from '../generator/synth/fidelity.js';
import { synth } from '../generator/synth/index.js';
import { agentscaler } from './support/cli.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';

let built: SynthWorkspace;
const contracts = new Map<string, DomainContract>();
/** The domain holding a tool, by tool name. */
const domainOf = (tool: string) => [...contracts.values()].find((c) => c.tools.some((t) => t.name === tool))!;
const toolOf = (name: string) => domainOf(name).tools.find((t) => t.name === name)!;

beforeAll(async () => {
  built = await synthWorkspace();
  for (const slug of built.slugs) contracts.set(slug, JSON.parse(readFileSync(join(built.dir(slug), 'domain.json'), 'utf8')) as DomainContract);
}, 120_000);

describe('tables [SYN-SCHEMA]', () => {
  it('gives the ticket tools one tickets table with a status machine their actions move', () => {
    const ticketDomain = domainOf('close_ticket');
    const tickets = ticketDomain.tables.find((t) => t.name === 'tickets')!;
    expect(tickets.status).toMatchObject({ column: 'status', initial: 'open' });
    expect(tickets.status!.values).toEqual(expect.arrayContaining(['open', 'closed', 'resolved']));
    for (const name of ['get_ticket', 'create_ticket', 'edit_ticket', 'close_ticket', 'resolve_ticket']) expect(toolOf(name).binding.table).toBe('tickets');
    expect(toolOf('close_ticket').binding).toMatchObject({ operator: 'transition', key: { argument: 'ticket_id', column: 'id' }, transition: { column: 'status', to: 'closed' } });
    expect(toolOf('resolve_ticket').binding.transition).toMatchObject({ to: 'resolved' });
  });

  it('places orders into the orders table that cancel_order and get_order_details use', () => {
    expect(toolOf('place_order').binding).toMatchObject({ operator: 'insert', table: 'orders' });
    expect(toolOf('cancel_order').binding).toMatchObject({ operator: 'transition', table: 'orders' });
    expect(toolOf('get_order_details').binding).toMatchObject({ operator: 'get', table: 'orders' });
  });

  it('keeps state that belongs to no entity in one singleton row (the vehicle)', () => {
    const vehicle = domainOf('startEngine');
    const state = vehicle.tables.find((t) => t.singleton)!;
    expect(state.name).toBe('vehicle_control_state');
    for (const name of ['startEngine', 'lockDoors', 'activateParkingBrake']) expect(toolOf(name).binding.table).toBe(state.name);
    expect(toolOf('fillFuelTank').binding).toMatchObject({ operator: 'composite', adjust: { direction: 'add' } });
  });

  it('shares tables between tools: never one table per tool, and every primary key is the first column', () => {
    for (const contract of contracts.values()) {
      if (contract.tools.length >= 4) expect(contract.tables.length, contract.slug).toBeLessThan(contract.tools.length);
      for (const table of contract.tables) {
        expect(table.columns[0]!.name).toBe(table.primaryKey);
        for (const column of table.columns.filter((c) => c.references)) expect(contract.tables.map((t) => t.name)).toContain(column.references);
      }
    }
  });
});

describe('bindings [SYN-BIND]', () => {
  it('binds every tool: every advertised argument has an effect, or is required, unbound and makes its tool opaque', () => {
    for (const contract of contracts.values()) {
      for (const tool of contract.tools) {
        const b = tool.binding;
        const used = argumentsUsed(b);
        const unbound = new Set(b.unbound.map((u) => u.argument));
        for (const name of Object.keys(tool.input.properties)) expect(used.has(name) || unbound.has(name), `${tool.name}.${name}`).toBe(true);
        for (const name of unbound) expect(tool.input.required, `${tool.name}.${name}`).toContain(name);
        expect(tool.opaque !== undefined, tool.name).toBe(unbound.size > 0);
        if (tool.op === 'read') expect(['get', 'list', 'search', 'compute']).toContain(b.operator);
        else expect(['insert', 'update', 'delete', 'transition', 'composite', 'link', 'unlink']).toContain(b.operator);
      }
    }
  });

  it('writes synth.json with per-domain and total counts that add up', () => {
    const summary = JSON.parse(readFileSync(join(built.ws, 'synth.json'), 'utf8')) as typeof built.summary;
    expect(summary.totals.domains).toBe(built.slugs.length);
    expect(summary.totals.tools).toBe(128);
    expect(summary.totals.bound).toBe(128);
    // The rest are opaque: a required argument nothing stored can honour (a lookup the catalog gives no data for).
    expect(summary.totals.boundAllRequired / summary.totals.tools).toBeGreaterThanOrEqual(0.8);
    expect(summary.totals.boundAllRequired + summary.totals.fidelity.opaque.count).toBe(summary.totals.tools);
    expect(summary.totals.unaccounted).toBe(0);
    for (const key of ['tables', 'tools', 'bound', 'boundAllRequired', 'paramsUnbound', 'requiredUnbound', 'unaccounted'] as const) {
      expect(summary.domains.reduce((sum, d) => sum + d[key], 0), key).toBe(summary.totals[key]);
    }
    expect(summary.requiredUnbound).toHaveLength(summary.totals.requiredUnbound);
    for (const entry of summary.requiredUnbound) expect(entry.reason.length).toBeGreaterThan(0);
  });
});

describe('seed data [SYN-SEED]', () => {
  it('fills every table, with foreign keys that name existing rows and values that fit the columns', () => {
    for (const slug of built.slugs) {
      const db = new Database(join(built.dir(slug), 'seed.sqlite'), { readonly: true });
      try {
        expect(db.pragma('foreign_key_check')).toEqual([]);
        for (const table of contracts.get(slug)!.tables) {
          const rows = db.prepare(`SELECT * FROM "${table.name}"`).all() as Record<string, unknown>[];
          expect(rows.length, `${slug}.${table.name}`).toBeGreaterThanOrEqual(table.singleton ? 1 : 4);
          for (const column of table.columns.filter((c) => c.enum)) {
            for (const row of rows) if (row[column.name] !== null) expect(column.enum).toContain(row[column.name]);
          }
          if (table.status) expect(rows.filter((r) => r[table.status!.column] === table.status!.initial).length).toBeGreaterThan(0);
        }
      } finally {
        db.close();
      }
    }
  });

  it('looks real: card numbers have 16 digits, holders are person names, expiry dates are dates', () => {
    const travel = domainOf('register_credit_card');
    const db = new Database(join(built.dir(travel.slug), 'seed.sqlite'), { readonly: true });
    try {
      const cards = db.prepare('SELECT * FROM "cards"').all() as Record<string, unknown>[];
      for (const card of cards) {
        expect(String(card.card_number)).toMatch(/^\d{16}$/);
        expect(String(card.cardholder_name)).toMatch(/^[A-Z][\w.'-]*( [A-Z][\w.'-]*)+$/);
        expect(String(card.expiration_date)).toMatch(/^\d{4}-\d{2}-\d{2}/);
      }
    } finally {
      db.close();
    }
  });

  it('is deterministic: the same workspace and seed give byte-identical packages; another seed other data', async () => {
    const again = await synthWorkspace(undefined, 'srv-again');
    expect(again.slugs).toEqual(built.slugs);
    for (const slug of built.slugs) {
      for (const file of ['domain.json', 'tools.js', 'seed.sqlite', 'package.json', 'server.json', 'README.md']) {
        expect(readFileSync(join(again.dir(slug), file)).equals(readFileSync(join(built.dir(slug), file))), `${slug}/${file}`).toBe(true);
      }
    }
    const slug = domainOf('create_ticket').slug;
    await synth({ ws: again.ws, domains: [slug], seed: 7 });
    expect(readFileSync(join(again.dir(slug), 'seed.sqlite')).equals(readFileSync(join(built.dir(slug), 'seed.sqlite')))).toBe(false);
  }, 120_000);
});

describe('synth command [CLI-USAGE]', () => {
  it('names an unknown domain and exits 1; refuses --domains with --limit', async () => {
    const unknown = await agentscaler(['synth', '--ws', built.ws, '--domains', 'no-such-domain']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('no-such-domain');
    const both = await agentscaler(['synth', '--ws', built.ws, '--domains', built.slugs[0]!, '--limit', '2']);
    expect(both.exitCode).not.toBe(0);
    expect(both.stderr).toContain('--domains or --limit');
  });

  it('--json prints the totals with seconds [CLI-JSON]', async () => {
    const run = await agentscaler(['synth', '--ws', built.ws, '--limit', '2', '--json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ domains: 2, tools: expect.any(Number), bound: expect.any(Number), dropped: 0, seconds: expect.any(Number) });
  });
});
