// The same probe calls from the seed give the same results, keys, clock and digest: twice in process and once over stdio [SRV-DETERMINISM].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import type { Json } from '../formats/toolspec.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

type Runtime = typeof import('../templates/runtime/environment.js');
type Environment = InstanceType<Runtime['Environment']>;

let ws: SynthWorkspace;
beforeAll(async () => {
  ws = await synthWorkspace(undefined, 'rt-det');
}, 120_000);

function runtimeOf(dir: string): Promise<Runtime> {
  return import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href) as Promise<Runtime>;
}

const clockOf = (env: Environment) => (env.db.prepare(`SELECT "value" FROM "_meta" WHERE "key" = 'clock'`).get() as { value: string }).value;

/** One call of a run and what came of it. */
interface Step {
  tool: string;
  write: boolean;
  args: Record<string, Json>;
  isError: boolean;
  /** structuredContent, or the error text. */
  result: unknown;
  /** The virtual clock after the call. */
  clock: string;
}

const ROUNDS = 3;

/** Every tool of the domain, ROUNDS times, on probe arguments drawn from the state with one seeded faker. */
async function runInProcess(slug: string): Promise<{ steps: Step[]; digest: string; start: string; seedDigest: string }> {
  const dir = ws.dir(slug);
  const env = await (await runtimeOf(dir)).openEnvironment({ dir });
  const seedDigest = env.digest();
  const start = clockOf(env);
  const faker = fakerFor(env.contract.seed, slug, 'determinism');
  const steps: Step[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const tool of env.tools) {
      const args = probeArguments(env.db, env.contract, tool, faker);
      if (!args) continue;
      const r = env.call(tool.name, args);
      const result = r.isError ? (r.content as { text: string }[])[0]!.text : r.structuredContent;
      steps.push({ tool: tool.name, write: !tool.annotations.readOnlyHint, args, isError: r.isError === true, result, clock: clockOf(env) });
    }
  }
  const digest = env.digest();
  env.close();
  return { steps, digest, start, seedDigest };
}

/** The same calls over stdio against a fresh --db file; the file's digest and clock afterwards. */
async function runOverStdio(slug: string, steps: Step[]): Promise<{ results: { isError: boolean; result: unknown }[]; digest: string; clock: string }> {
  const dir = ws.dir(slug);
  const db = join(tempDir('rt-det-db'), 'state.sqlite');
  const transport = new StdioClientTransport({ command: process.execPath, args: [join(dir, 'index.js'), '--db', db], env: process.env as Record<string, string>, stderr: 'pipe' });
  const client = new Client({ name: 'runtime-determinism-test', version: '0.0.0' });
  await client.connect(transport);
  const results = [];
  try {
    for (const step of steps) {
      const r = await client.callTool({ name: step.tool, arguments: step.args });
      results.push({ isError: r.isError === true, result: r.isError ? (r.content as { text: string }[])[0]!.text : r.structuredContent });
    }
  } finally {
    await client.close();
  }
  const env = await (await runtimeOf(dir)).openEnvironment({ dir, db });
  const out = { results, digest: env.digest(), clock: clockOf(env) };
  env.close();
  return out;
}

describe('virtual clock and ids [SRV-DETERMINISM]', () => {
  it.each(['ticket-user', 'travel-booking-card-credit', 'trading-bot-stock-watchlist'])(
    '[SRV-DETERMINISM] %s: two in-process runs and one over stdio end in the same digest, keys and clock',
    async (slug) => {
      const first = await runInProcess(slug);
      const second = await runInProcess(slug);
      expect(second.steps).toEqual(first.steps);
      expect(second.digest).toBe(first.digest);
      expect(first.digest).not.toBe(first.seedDigest);

      // The clock moves one minute per successful write and never on a read or a refused call.
      let clock = first.start;
      for (const step of first.steps) {
        const moved = step.write && !step.isError ? 60_000 : 0;
        expect(Date.parse(step.clock) - Date.parse(clock), `${step.tool} ${step.isError ? 'refused' : 'ok'}`).toBe(moved);
        clock = step.clock;
      }
      const successfulWrites = first.steps.filter((s) => s.write && !s.isError).length;
      expect(successfulWrites).toBeGreaterThan(0);
      expect(Date.parse(clock) - Date.parse(first.start)).toBe(successfulWrites * 60_000);

      const stdio = await runOverStdio(slug, first.steps);
      expect(stdio.results).toEqual(first.steps.map((s) => ({ isError: s.isError, result: s.result })));
      expect(stdio.digest).toBe(first.digest);
      expect(stdio.clock).toBe(clock);
    },
  );

  it('[SRV-DETERMINISM] created keys continue the seed\'s sequence and are the same on every run', async () => {
    const dir = ws.dir('ticket-user');
    const { openEnvironment } = await runtimeOf(dir);
    const created: unknown[][] = [];
    for (let run = 0; run < 2; run++) {
      const env = await openEnvironment({ dir });
      const { n } = env.db.prepare('SELECT MAX("id") AS n FROM "tickets"').get() as { n: number };
      const ids = [];
      for (const title of ['one', 'two', 'three']) ids.push((env.call('create_ticket', { title }).structuredContent as { id: number }).id);
      expect(ids).toEqual([n + 1, n + 2, n + 3]);
      created.push(ids);
      env.close();
    }
    expect(created[1]).toEqual(created[0]);

    // A text-keyed table counts <prefix>_NNNN on from its largest key.
    const travel = ws.dir('travel-booking-card-credit');
    const env = await (await runtimeOf(travel)).openEnvironment({ dir: travel });
    const keys = (env.db.prepare('SELECT "id" FROM "cards" ORDER BY "id"').all() as { id: string }[]).map((r) => r.id);
    const last = Number(/_(\d+)$/.exec(keys.at(-1)!)![1]);
    const card = env.call('register_credit_card', { card_number: '4111111111111111', expiration_date: '2030-01', cardholder_name: 'A B', card_verification_number: 123 });
    expect(card.isError, JSON.stringify(card.content)).toBeFalsy();
    expect((card.structuredContent as { id: string }).id).toBe(`${keys.at(-1)!.replace(/_\d+$/, '')}_${String(last + 1).padStart(4, '0')}`);
    env.close();
  });
});
