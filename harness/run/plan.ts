// Which (task, trial) pairs a run plays: every task of the workspace's servers (or those a glob
// picks, up to a limit), K trials each, in a fixed order; a shard takes a contiguous 1/N of them,
// so each machine of an Indexed Job or Slurm array loads as few domains as it can.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOptions } from '../../formats/run.js';
import { ARTIFACTS } from '../../formats/workspace.js';
import type { Pair } from './domain-job.js';
import { RunInputError } from './input-error.js';
import { readTasks } from './tasks.js';

/** The pairs of one domain. */
export interface DomainPlan {
  slug: string;
  dir: string;
  pairs: Pair[];
}

/** What a run plays. */
export interface RunPlan {
  domains: DomainPlan[];
  /** Pairs in this run (or shard). */
  pairs: number;
  /** sha256 over the tasks picked (their full lines), so a resume notices re-sampled tasks. */
  tasksDigest: string;
}

/** A task-id glob as a regular expression: `*` is any run of characters, `?` one. */
export function globPattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${body}$`);
}

/** The plan of a run over the workspace in `options.ws`. */
export function planRun(options: RunOptions): RunPlan {
  const servers = join(options.ws, ARTIFACTS.servers);
  if (!existsSync(servers)) throw new RunInputError(`${servers} not found: build the workspace first (agentscaler build --catalog SRC --out ${options.ws})`);
  const pattern = options.tasks ? globPattern(options.tasks) : null;
  const picked: { slug: string; dir: string; ids: string[] }[] = [];
  const hash = createHash('sha256');
  let total = 0;
  let taken = 0;
  for (const slug of readdirSync(servers).sort()) {
    const dir = join(servers, slug);
    const tasks = readTasks(dir);
    total += tasks.size;
    const ids: string[] = [];
    for (const [id, task] of tasks) {
      if (pattern && !pattern.test(id)) continue;
      if (options.limit !== null && taken >= options.limit) break;
      ids.push(id);
      taken++;
      hash.update(JSON.stringify(task)).update('\n');
    }
    if (ids.length > 0) picked.push({ slug, dir, ids });
  }
  if (total === 0) throw new RunInputError(`${options.ws} has no tasks (no servers/*/tasks.jsonl with a task): run agentscaler tasks --ws ${options.ws} first`);
  if (taken === 0) throw new RunInputError(`--tasks ${JSON.stringify(options.tasks)} matches none of the ${total} tasks of ${options.ws}; task ids look like ${[...readTasks(join(servers, readdirSync(servers).sort()[0]!)).keys()][0] ?? 'slug/001'} (* matches any characters)`);
  const all: { domain: (typeof picked)[number]; pair: Pair }[] = [];
  for (const domain of picked) for (const id of domain.ids) for (let trial = 0; trial < options.k; trial++) all.push({ domain, pair: { task: id, trial } });
  const mine = options.shard ? all.slice(Math.floor((options.shard.index * all.length) / options.shard.count), Math.floor(((options.shard.index + 1) * all.length) / options.shard.count)) : all;
  const domains: DomainPlan[] = [];
  for (const { domain, pair } of mine) {
    const last = domains[domains.length - 1];
    if (last?.slug === domain.slug) last.pairs.push(pair);
    else domains.push({ slug: domain.slug, dir: domain.dir, pairs: [pair] });
  }
  return { domains, pairs: mine.length, tasksDigest: `sha256:${hash.digest('hex')}` };
}
