// The command line's state: --db from the seed, persistence, --reset, --clock, and its usage errors [SRV-STATE].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

type Runtime = typeof import('../templates/runtime/environment.js');

let ws: SynthWorkspace;
let dir: string;
let runtime: Runtime;
let seedDigest: string;
beforeAll(async () => {
  ws = await synthWorkspace(undefined, 'rt-state');
  dir = ws.dir('ticket-user');
  runtime = (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as Runtime;
  const env = await runtime.openEnvironment({ dir });
  seedDigest = env.digest();
  env.close();
}, 120_000);

/** A session with the package's server over stdio, closed (and the process gone) when `work` ends. */
async function session<T>(args: string[], work: (client: Client) => Promise<T>, packageDir = dir): Promise<T> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [join(packageDir, 'index.js'), ...args], env: process.env as Record<string, string>, stderr: 'pipe' });
  const client = new Client({ name: 'runtime-state-test', version: '0.0.0' });
  await client.connect(transport);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/** One run of the server to its exit, stdin closed at once. */
function run(args: string[], packageDir = dir) {
  return execa(process.execPath, [join(packageDir, 'index.js'), ...args], { reject: false, input: '', env: process.env, timeout: 30_000 });
}

/** Digest of a state file, read by the harness API after the server has exited. */
async function digestOf(db: string): Promise<string> {
  const env = await runtime.openEnvironment({ dir, db });
  try {
    return env.digest();
  } finally {
    env.close();
  }
}

const clockIn = (db: string) => {
  const sqlite = new Database(db, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT "value" FROM "_meta" WHERE "key" = 'clock'`).get() as { value: string }).value;
  } finally {
    sqlite.close();
  }
};

describe('state file and clock [SRV-STATE]', () => {
  it('[SRV-STATE] --db is made from the seed on first use, keeps writes across restarts, and --reset starts it over', async () => {
    const db = join(tempDir('rt-state'), 'nested', 'deeper', 'state.sqlite');
    expect(existsSync(db)).toBe(false);
    await session(['--db', db], async (client) => expect((await client.listTools()).tools.length).toBe(6));
    expect(existsSync(db)).toBe(true);
    expect(await digestOf(db)).toBe(seedDigest);

    const id = await session(['--db', db], async (client) => {
      const created = await client.callTool({ name: 'create_ticket', arguments: { title: 'Survives a restart' } });
      return (created.structuredContent as { id: number }).id;
    });
    const seen = await session(['--db', db], (client) => client.callTool({ name: 'get_ticket', arguments: { ticket_id: id } }));
    expect(seen.structuredContent).toMatchObject({ id, title: 'Survives a restart', status: 'open' });

    // The file holds exactly the seed plus that one call, as the same call in process gives.
    const expected = await runtime.openEnvironment({ dir });
    expected.call('create_ticket', { title: 'Survives a restart' });
    expect(await digestOf(db)).toBe(expected.digest());
    expected.close();

    const gone = await session(['--db', db, '--reset'], (client) => client.callTool({ name: 'get_ticket', arguments: { ticket_id: id } }));
    expect(gone.isError).toBe(true);
    expect(await digestOf(db)).toBe(seedDigest);
  });

  it('[SRV-STATE] --clock sets the virtual clock; writes move it a minute, reads do not, and it persists in the file', async () => {
    const db = join(tempDir('rt-state'), 'state.sqlite');
    const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as { clock: string };
    await session(['--db', db], async () => undefined);
    expect(clockIn(db)).toBe(new Date(contract.clock).toISOString());

    await session(['--db', db, '--clock', '2030-01-01T00:00:00Z'], async (client) => {
      expect((await client.callTool({ name: 'get_user_tickets', arguments: {} })).isError).toBeFalsy();
      expect((await client.callTool({ name: 'create_ticket', arguments: { title: 'In the future' } })).isError).toBeFalsy();
      expect((await client.callTool({ name: 'get_ticket', arguments: { ticket_id: 999_999 } })).isError).toBe(true);
    });
    expect(clockIn(db)).toBe('2030-01-01T00:01:00.000Z');

    await session(['--db', db], (client) => client.callTool({ name: 'create_ticket', arguments: { title: 'Later still' } }));
    expect(clockIn(db)).toBe('2030-01-01T00:02:00.000Z');

    // Any ISO 8601 form is kept as UTC.
    await session(['--db', db, '--clock', '2030-06-01T12:00:00+02:00'], async () => undefined);
    expect(clockIn(db)).toBe('2030-06-01T10:00:00.000Z');
  });

  it('[SRV-STATE] a bad flag or --port value exits 2 with the usage on stderr', async () => {
    const bogus = await run(['--bogus', '--db', ':memory:']);
    expect(bogus.exitCode).toBe(2);
    expect(bogus.stderr).toContain("agentscaler-ticket-user: Unknown option '--bogus'");
    expect(bogus.stderr).toContain('Usage: agentscaler-ticket-user [options]');

    const port = await run(['--http', '--port', 'abc', '--db', ':memory:']);
    expect(port.exitCode).toBe(2);
    expect(port.stderr).toContain('--port must be a whole number from 0 to 65535, not "abc"');
    expect(port.stderr).toContain('Usage:');

    const stray = await run(['--port', '3000', '--db', ':memory:']);
    expect(stray.exitCode).toBe(2);
    expect(stray.stderr).toContain('--port, --host, --allowed-hosts, --max-sessions, --session-idle only apply with --http');

    const help = await run(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--clock ISO');
    const version = await run(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version);
  });

  it('[SRV-STATE] --clock that is not a date exits 1 naming the clock, before any state file is made or reset', async () => {
    const db = join(tempDir('rt-state'), 'state.sqlite');
    const bad = await run(['--db', db, '--clock', 'notadate']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.trim()).toBe('agentscaler-ticket-user: clock "notadate" is not an ISO 8601 date; give one like 2025-01-06T09:00:00Z');
    expect(existsSync(db)).toBe(false);

    // Nor is an existing state wiped by --reset when the clock beside it is bad.
    await session(['--db', db], (client) => client.callTool({ name: 'create_ticket', arguments: { title: 'Keep me' } }));
    const kept = await digestOf(db);
    expect(kept).not.toBe(seedDigest);
    const reset = await run(['--db', db, '--reset', '--clock', '2030-13-45']);
    expect(reset.exitCode).toBe(1);
    expect(reset.stderr).toContain('clock "2030-13-45" is not an ISO 8601 date');
    expect(await digestOf(db)).toBe(kept);
  });

  it('[SRV-STATE] a state file that is not a database says so and how to start over', async () => {
    const db = join(tempDir('rt-state'), 'state.sqlite');
    writeFileSync(db, 'this is not sqlite '.repeat(100));
    const broken = await run(['--db', db]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain(`cannot open the state database ${db}: file is not a database. Start over from the seed with --reset, or pass another --db PATH.`);
    expect(broken.stderr).not.toMatch(/\n\s+at /);

    await session(['--db', db, '--reset'], async () => undefined);
    expect(await digestOf(db)).toBe(seedDigest);
  });

  it('[SRV-STATE] a folder without domain.json, or with a broken one, gets a message saying what it is not', async () => {
    const bare = join(ws.ws, 'not-a-package');
    mkdirSync(bare, { recursive: true });
    cpSync(join(dir, 'index.js'), join(bare, 'index.js'));
    cpSync(join(dir, 'runtime'), join(bare, 'runtime'), { recursive: true });
    const missing = await run(['--db', ':memory:'], bare);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr.trim()).toBe(`${join(bare, 'domain.json')} is missing: this folder is not an agentscaler server package (its contract)`);

    writeFileSync(join(bare, 'domain.json'), '{"version": 1,');
    const broken = await run(['--db', ':memory:'], bare);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain(`${join(bare, 'domain.json')} is not valid JSON`);
    expect(broken.stderr).toContain('regenerate it with agentscaler synth');
  });
});
