// `agentscaler verify` on recorded trajectories: gold ones pass, do-nothing ones fail with the check
// and reason named, verdicts are written per line, and bad input is a user error.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tasks } from '../generator/tasks/index.js';
import type { Task } from '../formats/task.js';
import type { Trajectory } from '../formats/trajectory.js';
import { goldTrajectory } from '../harness/verify/index.js';
import { agentscaler } from './support/cli.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

let built: SynthWorkspace;
let sample: Task[];

beforeAll(async () => {
  built = await synthWorkspace(undefined, 'verify-cli');
  const slugs = built.slugs.slice(0, 3);
  await tasks({ ws: built.ws, domains: slugs, perDomain: 4 });
  sample = slugs.flatMap((slug) => readFileSync(join(built.dir(slug), 'tasks.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Task));
}, 120_000);

/** What an agent that only says hello leaves behind. */
function doNothing(task: Task): Trajectory {
  return {
    version: 1,
    task: task.id,
    messages: [
      { role: 'user', content: task.instruction },
      { role: 'assistant', content: 'Hello! How can I help?' },
    ],
    calls: [],
    finalDigest: task.initial.digest,
  };
}

describe('agentscaler verify [VER-STATE]', () => {
  it('[VERIFY-INPUT-ERRORS] passes gold trajectories, fails do-nothing ones, writes one verdict per line, and exits 1 when any fails', async () => {
    const dir = tempDir('verify-cli');
    const file = join(dir, 'trajectories.jsonl');
    const lines = [...sample.map((t) => goldTrajectory(t)), ...sample.map(doNothing)];
    writeFileSync(file, lines.map((t) => `${JSON.stringify(t)}\n`).join(''));
    const out = join(dir, 'verdicts.jsonl');
    const run = await agentscaler(['verify', '--ws', built.ws, '--trajectories', file, '--out', out, '--json']);
    // [VERIFY-INPUT-ERRORS] Some failed: exit 1; every one passing: exit 0.
    expect(run.exitCode, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ trajectories: 2 * sample.length, passed: sample.length, failed: sample.length });
    const verdicts = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { task: string; pass: boolean });
    expect(verdicts.map((v) => v.pass)).toEqual([...sample.map(() => true), ...sample.map(() => false)]);

    const goldOnly = join(dir, 'gold.jsonl');
    writeFileSync(goldOnly, sample.map((t) => `${JSON.stringify(goldTrajectory(t))}\n`).join(''));
    expect((await agentscaler(['verify', '--ws', built.ws, '--trajectories', goldOnly, '--json'])).exitCode).toBe(0);
    const human = await agentscaler(['verify', '--ws', built.ws, '--trajectories', file]);
    expect(human.stdout).toMatch(new RegExp(`pass  ${sample[0]!.id}`));
    expect(human.stdout).toMatch(new RegExp(`FAIL  ${sample[0]!.id}  (state|calls|outputs): `));
  });

  it('names a missing file, a line that is not JSON and an unknown task, exit 1', async () => {
    const dir = tempDir('verify-cli-bad');
    const missing = await agentscaler(['verify', '--ws', built.ws, '--trajectories', join(dir, 'none.jsonl')]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('none.jsonl not found');
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, `${JSON.stringify(goldTrajectory(sample[0]!))}\n{not json\n`);
    const bad = await agentscaler(['verify', '--ws', built.ws, '--trajectories', broken]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('broken.jsonl line 2 is not JSON');
    const unknown = join(dir, 'unknown.jsonl');
    writeFileSync(unknown, `${JSON.stringify({ ...goldTrajectory(sample[0]!), task: `${sample[0]!.domain}/999` })}\n`);
    const gone = await agentscaler(['verify', '--ws', built.ws, '--trajectories', unknown]);
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toContain(`task ${sample[0]!.domain}/999 is not in`);
  });
});
