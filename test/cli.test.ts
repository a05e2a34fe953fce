import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentscaler } from './support/cli.js';
import { BFCL, tempDir } from './support/workspace.js';

describe('command line [CLI-JSON]', () => {
  it('build --json prints tools, dropped, domains and seconds, and writes every artifact', async () => {
    const ws = tempDir();
    const run = await agentscaler(['build', '--catalog', `functions:${BFCL}`, '--out', ws, '--json']);
    expect(run.exitCode).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ tools: 128, dropped: 0, domains: expect.any(Number), seconds: expect.any(Number) });
    expect(summary.domains as number).toBeGreaterThanOrEqual(8);
    expect(summary.graph).toMatchObject({ tools: 128, toolsInDomains: expect.any(Number) });
    // build goes on to synth: one server package per domain.
    expect(summary.servers).toBe(summary.domains);
    expect(readdirSync(join(ws, 'servers'))).toHaveLength(summary.domains as number);
    expect(existsSync(join(ws, 'synth.json'))).toBe(true);
    // … and samples tasks for every server.
    expect(summary.kept).toBeGreaterThan(5 * (summary.domains as number) * 0.8);
    expect(existsSync(join(ws, 'tasks.json'))).toBe(true);

    const graph = await agentscaler(['graph', '--ws', ws, '--threshold', '0.6', '--json']);
    expect(graph.exitCode).toBe(0);
    expect(JSON.parse(graph.stdout)).toMatchObject({ tools: 128, dropped: expect.any(Number), domains: expect.any(Number), seconds: expect.any(Number) });

    // --stop-after graph: the domains only, no servers.
    const early = tempDir();
    const graphOnly = await agentscaler(['build', '--catalog', `functions:${BFCL}`, '--out', early, '--stop-after', 'graph', '--json']);
    expect(JSON.parse(graphOnly.stdout)).toMatchObject({ tools: 128, domains: summary.domains, seconds: expect.any(Number) });
    expect(existsSync(join(early, 'domains.json'))).toBe(true);
    expect(existsSync(join(early, 'servers'))).toBe(false);

    const ingest = await agentscaler(['ingest', '--catalog', `functions:${join(BFCL, 'ticket_api.jsonl')}`, '--out', ws, '--json']);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ tools: 9, dropped: 0, seconds: expect.any(Number), split: { read: 3, write: 6 } });
  });

  it('prints a readable summary without --json', async () => {
    const ws = tempDir();
    const run = await agentscaler(['build', '--catalog', `functions:${BFCL}`, '--out', ws]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/tools kept\s+128/);
    expect(run.stdout).toMatch(/domains\s+\d+/);
    expect(run.stdout).toMatch(/domain size\s+min \d+, median \d+, max \d+/);
    expect(run.stdout).toMatch(/every required param used\s+\d+ \(\d+\.\d %\)/);
  });
});

describe('command-line errors [CLI-USAGE]', () => {
  it('names a bad flag value and exits 2', async () => {
    const run = await agentscaler(['graph', '--ws', tempDir(), '--threshold', '1.5']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("option '--threshold <T>' argument '1.5' is invalid. It must be a number between 0.01 and 1.");
  });

  it('exits 2 on a missing required flag or unknown command', async () => {
    expect((await agentscaler(['graph'])).exitCode).toBe(2);
    expect((await agentscaler(['ingest', '--out', tempDir()])).stderr).toContain("required option '--catalog <SRC...>' not specified");
    expect((await agentscaler(['frobnicate'])).exitCode).toBe(2);
  });

  it('tells which command to run first when the workspace lacks an artifact, exit 1, no stack trace', async () => {
    const ws = tempDir();
    const run = await agentscaler(['graph', '--ws', ws]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toBe(`agentscaler: ${join(ws, 'tools.jsonl')} not found — run \`agentscaler ingest --catalog SRC --out WS\` first`);
  });
});
