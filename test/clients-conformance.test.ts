// The official MCP conformance suite (@modelcontextprotocol/conformance 0.1.12) against an emitted
// server over Streamable HTTP: the scenarios any tools server must pass, each with its checks read
// from the suite's own checks.json [SRV-CLIENTS].
import { execa } from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import { synthWorkspace } from './support/servers.js';
import { REPO, tempDir } from './support/workspace.js';

const CONFORMANCE = join(REPO, 'node_modules', '.bin', 'conformance');

/** Server scenarios that need no fixture tools of the reference "everything" server. */
const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'logging-set-level', 'dns-rebinding-protection'];

/** One check as the suite writes it to checks.json. */
interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO';
  errorMessage?: string;
  details?: Record<string, unknown>;
}

let server: ChildProcess | undefined;
let url: string;

/** Start `index.js --http --port 0`; resolves with the URL the server prints on stderr. */
function startHttp(dir: string, db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(dir, 'index.js'), '--http', '--port', '0', '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const listening = /: \d+ tools at (http:\/\/127\.0\.0\.1:\d+\/mcp) /.exec(stderr);
      if (listening) resolve({ child, url: listening[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
}

beforeAll(async () => {
  const ws = await synthWorkspace(undefined, 'conformance');
  // Any domain with both read and write tools: the suite is about the protocol, not the tools.
  const slug = ws.slugs.find((s) => {
    const ops = new Set((JSON.parse(readFileSync(join(ws.dir(s), 'domain.json'), 'utf8')) as DomainContract).tools.map((t) => t.op));
    return ops.has('read') && ops.has('write');
  });
  if (!slug) throw new Error(`no domain with read and write tools among ${ws.slugs.join(', ')}`);
  ({ child: server, url } = await startHttp(ws.dir(slug), join(tempDir('conformance-db'), 'state.sqlite')));
}, 120_000);

afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((done) => server!.once('exit', done));
  server.kill('SIGTERM');
  await exited;
});

/** Run one scenario in a fresh folder; its exit code and the checks it saved there. */
async function runScenario(scenario: string): Promise<{ exitCode: number; output: string; checks: Check[] }> {
  const cwd = tempDir('conformance-run');
  const run = await execa(CONFORMANCE, ['server', '--url', url, '--scenario', scenario, '--output-dir', 'results'], { cwd, timeout: 60_000, reject: false, env: { NO_COLOR: '1' } });
  const output = `${run.stdout}\n${run.stderr}`;
  // The suite saves results/server-<scenario>-<timestamp>/checks.json.
  const saved = readdirSync(join(cwd, 'results')).filter((d) => d.startsWith(`server-${scenario}-`));
  expect(saved, output).toHaveLength(1);
  const checks = JSON.parse(readFileSync(join(cwd, 'results', saved[0]!, 'checks.json'), 'utf8')) as Check[];
  return { exitCode: run.exitCode ?? -1, output, checks };
}

describe('official conformance suite over Streamable HTTP [SRV-CLIENTS]', () => {
  it.each(SCENARIOS)('[SRV-CLIENTS] scenario %s passes every check', async (scenario) => {
    const { exitCode, output, checks } = await runScenario(scenario);
    const verdicts = checks.filter((c) => c.status !== 'INFO');
    expect(verdicts.length, output).toBeGreaterThan(0);
    expect(verdicts.filter((c) => c.status !== 'SUCCESS'), output).toEqual([]);
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(new RegExp(`Passed: ${verdicts.length}/${verdicts.length}, 0 failed, 0 warnings`));
  });

  it('[SRV-CLIENTS] dns-rebinding-protection: a foreign Host/Origin is refused with 403, localhost is served', async () => {
    const { checks } = await runScenario('dns-rebinding-protection');
    const byId = new Map(checks.map((c) => [c.id, c]));
    expect(byId.get('localhost-host-rebinding-rejected')?.details).toMatchObject({ hostHeader: 'evil.example.com', statusCode: 403 });
    expect(byId.get('localhost-host-valid-accepted')?.details).toMatchObject({ statusCode: 200 });
  });
});
