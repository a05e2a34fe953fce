// The MCP Inspector CLI (a real third-party client) against an emitted server over stdio: it lists
// the domain's tools, reads a seed row, changes it with a write that persists in --db across
// processes, and sees a missing key as an isError result naming the argument [SRV-CLIENTS].
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract, Table, ToolContract } from '../formats/contract.js';
import { synthWorkspace } from './support/servers.js';
import { REPO, tempDir } from './support/workspace.js';

const INSPECTOR = join(REPO, 'node_modules', '.bin', 'mcp-inspector-cli');
// inspector-cli 1.0.3 checks `../package.json` against the working directory but imports it
// relative to its own module; run it from its build folder so both name its package.json.
const INSPECTOR_CWD = join(REPO, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build');

/** What a tools/call prints. */
interface CallResult {
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** A domain with a keyed read (`get`) and a keyed status transition on one table, and a seed row the transition accepts. */
interface Pick {
  dir: string;
  contract: DomainContract;
  table: Table;
  get: ToolContract;
  transition: ToolContract;
  key: unknown;
  status: string;
}

/** Only the key argument is required: the Inspector then needs one --tool-arg. */
function keyedOnly(tool: ToolContract): boolean {
  const key = tool.binding.key?.argument;
  return key !== undefined && tool.input.required.length === 1 && tool.input.required[0] === key;
}

/** The first domain (by slug) that has what this test needs, chosen by content. */
function pickDomain(slugs: string[], dirOf: (slug: string) => string): Pick {
  for (const slug of slugs) {
    const dir = dirOf(slug);
    const contract = JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
    for (const get of contract.tools.filter((t) => t.op === 'read' && t.binding.operator === 'get' && keyedOnly(t))) {
      const table = contract.tables.find((t) => t.name === get.binding.table);
      const transition = contract.tools.find((t) => t.binding.operator === 'transition' && t.binding.table === table?.name && keyedOnly(t));
      if (!table || table.singleton || !transition?.binding.transition) continue;
      const { column, from } = transition.binding.transition;
      const db = new Database(join(dir, 'seed.sqlite'), { readonly: true });
      const row = db.prepare(`SELECT "${table.primaryKey}" AS key, "${column}" AS status FROM "${table.name}" WHERE "${column}" IN (${from.map(() => '?').join(', ')}) ORDER BY 1 LIMIT 1`).get(...from) as { key: unknown; status: string } | undefined;
      db.close();
      if (row) return { dir, contract, table, get, transition, key: row.key, status: row.status };
    }
  }
  throw new Error(`no domain among ${slugs.join(', ')} has a keyed get and a keyed transition on one table`);
}

/** Run the Inspector CLI against the package's server with the state in `db`; its stdout is JSON. */
async function inspect<T>(pick: Pick, db: string, args: string[]): Promise<T> {
  const run = await execa(INSPECTOR, ['--cli', process.execPath, join(pick.dir, 'index.js'), '--db', db, ...args], { cwd: INSPECTOR_CWD, timeout: 60_000, reject: false });
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** `--method tools/call` of `tool` with its key argument set to `key`. */
function call(pick: Pick, db: string, tool: ToolContract, key: unknown): Promise<CallResult> {
  return inspect<CallResult>(pick, db, ['--method', 'tools/call', '--tool-name', tool.name, '--tool-arg', `${tool.binding.key!.argument}=${JSON.stringify(key)}`]);
}

let pick: Pick;
beforeAll(async () => {
  const ws = await synthWorkspace(undefined, 'inspector');
  pick = pickDomain(ws.slugs, ws.dir);
}, 120_000);

describe('MCP Inspector CLI [SRV-CLIENTS]', () => {
  it('[SRV-CLIENTS] tools/list lists exactly the tools of domain.json, with read-only hints that match read/write', async () => {
    const listed = await inspect<{ tools: { name: string; annotations?: { readOnlyHint?: boolean } }[] }>(pick, join(tempDir('inspector-db'), 'state.sqlite'), ['--method', 'tools/list']);
    expect(listed.tools.map((t) => t.name).sort()).toEqual(pick.contract.tools.map((t) => t.name).sort());
    for (const tool of pick.contract.tools) {
      expect(listed.tools.find((t) => t.name === tool.name)?.annotations?.readOnlyHint, tool.name).toBe(tool.op === 'read');
    }
  });

  it('[SRV-CLIENTS] tools/call reads a seed row, and a write through a second Inspector process persists in --db for a third', async () => {
    const db = join(tempDir('inspector-db'), 'state.sqlite');
    const { column, to } = pick.transition.binding.transition!;

    const before = await call(pick, db, pick.get, pick.key);
    expect(before.isError).toBeFalsy();
    expect(before.structuredContent).toMatchObject({ [pick.table.primaryKey]: pick.key, [column]: pick.status });
    expect(JSON.parse(before.content[0]!.text)).toEqual(before.structuredContent);

    const written = await call(pick, db, pick.transition, pick.key);
    expect(written.isError, written.content[0]?.text).toBeFalsy();
    expect(written.structuredContent).toMatchObject({ [column]: to });

    const after = await call(pick, db, pick.get, pick.key);
    expect(after.structuredContent).toEqual({ ...before.structuredContent, [column]: to });
  });

  it('[SRV-CLIENTS] a missing key comes back as an isError result naming the argument (the Inspector still exits 0)', async () => {
    const missing = pick.table.keyType === 'integer' ? 987_654_321 : 'no_such_key';
    const result = await call(pick, join(tempDir('inspector-db'), 'state.sqlite'), pick.get, missing);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(result.content[0]!.text).toMatch(new RegExp(`^${pick.get.binding.key!.argument}: `));
    expect(result.content[0]!.text).toContain(String(missing));
  });
});
