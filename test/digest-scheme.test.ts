// Digests carry their scheme: tasks record it, and a task or a package of another scheme is refused
// with what to re-run, by the verifier, the verify command and the tasks stage [TASK-SCHEME].
import Database from 'better-sqlite3';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestSchemeOf, type Task } from '../formats/task.js';
import { tasks } from '../generator/tasks/index.js';
import { goldTrajectory, verify } from '../harness/verify/index.js';
import { DIGEST_SCHEME } from '../templates/runtime/environment.js';
import { agentscaler } from './support/cli.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

const SLUG = 'ticket-user';
let built: SynthWorkspace;
let made: Task[];

beforeAll(async () => {
  built = await synthWorkspace(undefined, 'scheme');
  await tasks({ ws: built.ws, domains: [SLUG], perDomain: 3 });
  made = readFileSync(join(built.dir(SLUG), 'tasks.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Task);
}, 120_000);

/** The task as the first scheme wrote it: bare `sha256:` digests and no digestScheme field. */
function firstScheme(task: Task): Task {
  const { digestScheme: _dropped, ...rest } = task;
  const bare = (digest: string) => digest.replace(/^v\d+:/, '');
  return { ...rest, initial: { ...task.initial, digest: bare(task.initial.digest) }, goldDigest: bare(task.goldDigest) };
}

describe('digest schemes [TASK-SCHEME]', () => {
  it('[TASK-SCHEME] tasks and digests carry the scheme the runtime computes', () => {
    expect(DIGEST_SCHEME).toBe(2);
    expect(made.length).toBeGreaterThan(0);
    for (const task of made) {
      expect(task.digestScheme).toBe(DIGEST_SCHEME);
      expect(digestSchemeOf(task.goldDigest)).toBe(DIGEST_SCHEME);
      expect(digestSchemeOf(task.initial.digest)).toBe(DIGEST_SCHEME);
    }
    expect(digestSchemeOf(firstScheme(made[0]!).goldDigest)).toBe(1);
    expect(digestSchemeOf('md5:abc')).toBeNull();
  });

  it('[TASK-SCHEME] the verifier grades a task of its scheme and refuses one of the first scheme, saying to re-run the tasks stage', async () => {
    const task = made[0]!;
    expect((await verify(task, goldTrajectory(task), { dir: built.dir(SLUG) })).pass).toBe(true);
    const old = firstScheme(task);
    // With the package: its runtime says which scheme it computes.
    await expect(verify(old, goldTrajectory(old, task.goldDigest), { dir: built.dir(SLUG) })).rejects.toThrow(
      `task ${task.id} has digests of scheme 1 (${old.goldDigest.slice(0, 16)}…), but its server computes scheme 2: re-run the tasks stage for it (agentscaler tasks --ws WS --domains ${SLUG})`,
    );
    // With only the tool names: the trajectory's digest says it.
    await expect(verify(old, goldTrajectory(old, task.goldDigest), { tools: ['get_ticket'] })).rejects.toThrow(/re-run the tasks stage/);
    // A task newer than its package (tasks re-run, synth not): re-run synth.
    const newer = { ...task, digestScheme: 3, goldDigest: task.goldDigest.replace(/^v2:/, 'v3:') };
    await expect(verify(newer, goldTrajectory(newer, task.goldDigest), { dir: built.dir(SLUG) })).rejects.toThrow(/newer than its server's scheme 2: the server package is older than its tasks; re-run synth/);
  });

  it('[TASK-SCHEME] agentscaler verify on tasks of the first scheme exits 1 with one line naming the task and the command to re-run', async () => {
    const ws = tempDir('scheme-cli');
    cpSync(built.dir(SLUG), join(ws, 'servers', SLUG), { recursive: true });
    symlinkSync(join(built.ws, 'node_modules'), join(ws, 'node_modules'));
    const old = made.map(firstScheme);
    writeFileSync(join(ws, 'servers', SLUG, 'tasks.jsonl'), old.map((t) => `${JSON.stringify(t)}\n`).join(''));
    const file = join(ws, 'trajectories.jsonl');
    writeFileSync(file, `${JSON.stringify(goldTrajectory(old[0]!))}\n`);
    const run = await agentscaler(['verify', '--ws', ws, '--trajectories', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([`agentscaler: task ${old[0]!.id} has digests of scheme 1 (${old[0]!.goldDigest.slice(0, 16)}…), but its server computes scheme 2: re-run the tasks stage for it (agentscaler tasks --ws ${ws} --domains ${SLUG})`]);
  });

  it('[TASK-SCHEME] the tasks stage refuses a package whose seed was written before the scheme, naming synth, and samples the others', async () => {
    const ws = tempDir('scheme-tasks');
    const other = built.slugs.find((s) => s !== SLUG)!;
    for (const slug of [SLUG, other]) cpSync(built.dir(slug), join(ws, 'servers', slug), { recursive: true });
    symlinkSync(join(built.ws, 'node_modules'), join(ws, 'node_modules'));
    // What an older synth wrote: a seed without the digest scheme in its _meta.
    const seed = new Database(join(ws, 'servers', SLUG, 'seed.sqlite'));
    seed.prepare(`DELETE FROM "_meta" WHERE "key" = 'digest.scheme'`).run();
    seed.close();
    const problems: string[] = [];
    const summary = await tasks({ ws, perDomain: 2, onProblem: (line) => problems.push(line) });
    const reason = `its package was emitted with digest scheme 1, and this agentscaler makes tasks of scheme 2: re-run \`agentscaler synth --ws ${ws} --domains ${SLUG}\`, then the tasks stage`;
    expect(summary.domains.find((d) => d.slug === SLUG)).toMatchObject({ kept: 0, failed: reason });
    expect(problems).toContain(`domain ${SLUG}: no tasks (${reason})`);
    expect(summary.domains.find((d) => d.slug === other)!.kept).toBeGreaterThan(0);
  });
});
