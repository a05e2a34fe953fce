// The package module as the harness uses it: digest, diff, snapshot/restore, serverFromSnapshot [SRV-HARNESS-API].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

type Runtime = typeof import('../templates/runtime/environment.js');
type Environment = InstanceType<Runtime['Environment']>;

let dir: string;
let runtime: Runtime;
beforeAll(async () => {
  const ws = await synthWorkspace(undefined, 'rt-harness');
  dir = ws.dir('ticket-user');
  // What `import … from 'agentscaler-ticket-user'` resolves to.
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, string> };
  runtime = (await import(pathToFileURL(join(dir, pkg.exports['.']!)).href)) as Runtime;
}, 120_000);

type Ticket = { id: number; status: string; resolution?: string; title?: string };

const ticketWhere = (env: Environment, status: string) => env.db.prepare('SELECT * FROM "tickets" WHERE "status" = ? ORDER BY "id"').get(status) as Ticket;
const clockOf = (env: Environment) => (env.db.prepare(`SELECT "value" FROM "_meta" WHERE "key" = 'clock'`).get() as { value: string }).value;

describe('harness API [SRV-HARNESS-API]', () => {
  it('[SRV-HARNESS-API] the package module exports the environment API, and openEnvironment() defaults to its own package in memory', async () => {
    expect(typeof runtime.openEnvironment).toBe('function');
    expect(typeof runtime.serverFromSnapshot).toBe('function');
    expect(runtime.PACKAGE_DIR).toBe(dir);
    const env = await runtime.openEnvironment();
    expect(env.contract.slug).toBe('ticket-user');
    expect(env.file).toBeNull();
    for (const method of ['call', 'run', 'digest', 'diff', 'snapshot', 'restore', 'createServer', 'close'] as const) expect(typeof env[method]).toBe('function');
    expect(env.digest()).toMatch(/^v2:sha256:[0-9a-f]{64}$/);
    env.close();
  });

  it('[SRV-HARNESS-API] snapshot() then restore() brings back the rows, the clock and the id sequence', async () => {
    const env = await runtime.openEnvironment({ dir });
    const snap = env.snapshot();
    const before = { digest: env.digest(), clock: clockOf(env) };
    const first = env.call('create_ticket', { title: 'Before restore' }).structuredContent as Ticket;
    expect(env.call('close_ticket', { ticket_id: ticketWhere(env, 'open').id }).isError).toBeFalsy();
    expect(env.digest()).not.toBe(before.digest);

    env.restore(snap);
    expect({ digest: env.digest(), clock: clockOf(env) }).toEqual(before);
    expect(env.call('get_ticket', { ticket_id: first.id }).isError).toBe(true);
    // The restored sequence hands out the same id again: the run replays exactly.
    expect((env.call('create_ticket', { title: 'After restore' }).structuredContent as Ticket).id).toBe(first.id);
    env.close();
  });

  it('[SRV-HARNESS-API] restore() on a file-backed environment rewrites its file, and its snapshots open in memory', async () => {
    const db = join(tempDir('rt-harness'), 'state.sqlite');
    const env = await runtime.openEnvironment({ dir, db });
    expect(env.file).toBe(db);
    const snap = env.snapshot();
    const seed = env.digest();
    env.call('create_ticket', { title: 'Written to the file' });
    env.restore(snap);
    expect(env.digest()).toBe(seed);
    env.call('create_ticket', { title: 'Kept after restore' });
    const after = env.digest();
    // A state file's snapshot (marked WAL in its header) opens in memory too, as the harness does.
    const fileSnap = env.snapshot();
    const inMemory = await runtime.openEnvironment({ dir, snapshot: fileSnap });
    expect(inMemory.digest()).toBe(after);
    expect(env.diff(fileSnap)).toEqual([]);
    const { environment } = await runtime.serverFromSnapshot(fileSnap, { dir });
    expect(environment.digest()).toBe(after);
    expect(fileSnap.subarray(18, 20)).toEqual(snap.subarray(18, 20));
    inMemory.close();
    environment.close();
    env.close();

    const reopened = await runtime.openEnvironment({ dir, db });
    expect(reopened.digest()).toBe(after);
    expect(reopened.db.prepare('SELECT COUNT(*) AS n FROM "tickets" WHERE "title" = ?').get('Kept after restore')).toEqual({ n: 1 });
    reopened.close();
  });

  it('[SRV-HARNESS-API] diff() lists changed columns, rows only one side has as column *, and leaves out ignored columns', async () => {
    const expected = await runtime.openEnvironment({ dir });
    const actual = await runtime.openEnvironment({ dir });
    expect(actual.diff(expected)).toEqual([]);

    const open = ticketWhere(actual, 'open');
    const resolved = actual.call('resolve_ticket', { ticket_id: open.id, resolution: 'Replaced the toner' });
    expect(resolved.isError).toBeFalsy();
    const created = actual.call('create_ticket', { title: 'Only in actual', priority: 2 }).structuredContent as Ticket;

    const rows = actual.diff(expected);
    // Changed columns come in the table's column order.
    expect(rows).toEqual([
      { table: 'tickets', key: open.id, column: 'status', expected: 'open', actual: 'resolved' },
      { table: 'tickets', key: open.id, column: 'resolution', expected: open.resolution ?? null, actual: 'Replaced the toner' },
      { table: 'tickets', key: created.id, column: '*', expected: null, actual: created },
    ]);
    // From the other side, the new row is one the expected state has and the actual lacks.
    expect(expected.diff(actual).at(-1)).toEqual({ table: 'tickets', key: created.id, column: '*', expected: created, actual: null });
    // A snapshot compares as the environment it came from.
    expect(actual.diff(expected.snapshot())).toEqual(rows);

    expect(actual.diff(expected, { ignore: ['status'] }).map((r) => r.column)).toEqual(['resolution', '*']);
    expect(actual.diff(expected, { ignore: ['tickets.resolution', 'tickets.status'] }).map((r) => r.column)).toEqual(['*']);
    expect(actual.diff(expected, { ignore: ['other_table.status'] })).toEqual(rows);
    expected.close();
    actual.close();
  });

  it('[SRV-HARNESS-API] serverFromSnapshot() serves the snapshot\'s state over any transport, independent of the original', async () => {
    const original = await runtime.openEnvironment({ dir });
    const mine = original.call('create_ticket', { title: 'In the snapshot' }).structuredContent as Ticket;
    const snap = original.snapshot();
    const originalDigest = original.digest();

    const { server, environment } = await runtime.serverFromSnapshot(snap, { dir });
    expect(environment.digest()).toBe(originalDigest);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'runtime-harness-test', version: '0.0.0' });
    await client.connect(clientSide);
    try {
      expect((await client.listTools()).tools).toHaveLength(6);
      const seen = await client.callTool({ name: 'get_ticket', arguments: { ticket_id: mine.id } });
      expect(seen.structuredContent).toEqual(mine);

      const theirs = await client.callTool({ name: 'create_ticket', arguments: { title: 'Only on the server' } });
      expect(theirs.isError).toBeFalsy();
      expect(original.digest()).toBe(originalDigest);
      expect(environment.digest()).not.toBe(originalDigest);

      // Both continue the snapshot's sequence on their own: the same next id, different rows.
      const ours = original.call('create_ticket', { title: 'Only in the original' }).structuredContent as Ticket;
      expect(ours.id).toBe((theirs.structuredContent as Ticket).id);
      expect(environment.diff(original)).toEqual([{ table: 'tickets', key: ours.id, column: 'title', expected: 'Only in the original', actual: 'Only on the server' }]);
    } finally {
      await client.close();
      environment.close();
      original.close();
    }
  });
});

describe('compiled statements [SRV-HARNESS-API]', () => {
  it('reuses a statement per connection but hands it back in its default mode', async () => {
    const env = await runtime.openEnvironment();
    const sql = 'SELECT "id", "status" FROM "tickets" ORDER BY "id"';
    const first = env.db.prepare(sql);
    expect(env.db.prepare(sql)).toBe(first);
    const plucked = env.db.prepare(sql).pluck().get();
    expect(typeof plucked).toBe('number');
    // A caller that plucked or asked for raw rows must not change what the next caller gets.
    expect(env.db.prepare(sql).get()).toEqual({ id: plucked, status: expect.any(String) });
    env.db.prepare(sql).raw(true).all();
    expect(env.db.prepare(sql).all()[0]).toEqual({ id: plucked, status: expect.any(String) });
    // The digest reads raw rows through the same cache and leaves calls unaffected.
    const before = env.digest();
    expect(env.call('get_ticket', { ticket_id: plucked }).isError).toBeFalsy();
    expect(env.digest()).toBe(before);
    env.close();
  });
});
