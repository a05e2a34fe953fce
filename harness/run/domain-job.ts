// The per-domain work of a rollout: one domain folder and its (task, trial) pairs in, episodes out
// one by one, each graded. It needs nothing from the caller but plain data, so it runs in the
// parent for small runs and as a pool worker's job for thousands of domains; the caller writes.
import { join } from 'node:path';
import type { RunOptions } from '../../formats/run.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import { agentFactory, type DomainTools } from '../agents/index.js';
import type { Host } from '../hosts/host.js';
import { inprocHost } from '../hosts/inproc.js';
import { spawnHost } from '../hosts/spawn.js';
import { userFactory } from '../users/index.js';
import { contractTools } from '../verify/package.js';
import type { Gate } from './gate.js';
import { infraLine, playEpisode, playersOf } from './episode-run.js';
import { listTools } from './tools-list.js';
import { readTasks } from './tasks.js';

/** One (task, trial) pair. */
export interface Pair {
  task: string;
  trial: number;
}

/** Everything the per-domain work needs: plain data only. */
export interface DomainJob {
  /** The domain's package folder. */
  dir: string;
  pairs: Pair[];
  options: RunOptions;
  /** The system prompt text from --system-prompt, or null for the default. */
  systemPrompt: string | null;
  /** Episodes of this domain at once. */
  concurrency: number;
}

/** A file of the run folder an episode line points at. */
export interface Sidecar {
  /** Relative to the run folder. */
  path: string;
  data: Uint8Array | string;
}

/** One recorded episode, as the job emits it: its line and the files to write first. */
export interface EpisodeRecord {
  line: TrajectoryV2;
  sidecars: Sidecar[];
}



async function openHost(kind: RunOptions['host'], dir: string): Promise<Host> {
  return kind === 'spawn' ? spawnHost(dir) : inprocHost(dir);
}

/** Play every pair of the job, emitting each episode as it is graded. */
export async function runDomain(job: DomainJob, emit: (record: EpisodeRecord) => void, signal: AbortSignal = new AbortController().signal, gate?: Gate): Promise<{ episodes: number }> {
  const { dir, options } = job;
  const tasks = readTasks(dir);
  const host = await openHost(options.host, dir);
  try {
    const first = tasks.get(job.pairs[0]?.task ?? '');
    const needsTools = options.agent !== 'oracle' && first !== undefined;
    let listed: Awaited<ReturnType<typeof listTools>> | null = null;
    let unlisted: string | null = null;
    try {
      listed = needsTools ? await listTools(host, first) : null;
    } catch (error) {
      unlisted = `cannot list the tools of ${dir}: ${error instanceof Error ? error.message : String(error)}`;
    }
    const domainTools: DomainTools = { dir, listed };
    const agents = agentFactory(options, domainTools);
    const users = userFactory(options);
    if (unlisted) {
      // No episode of this domain can be played; each is recorded as the infrastructure failure it is.
      const context = { job, host, agents, users, names: [], tools: null, signal };
      for (const pair of job.pairs) {
        const task = tasks.get(pair.task);
        if (task) emit({ line: infraLine(task, pair.trial, playersOf(context), unlisted, 0), sidecars: [] });
      }
      return { episodes: job.pairs.length };
    }
    const sent = agents.tools;
    const names = sent?.record.names ?? contractTools(dir);
    const sidecarTools = sent ? [{ path: sent.record.file, data: sent.text }] : [];
    let episodes = 0;
    let queue = 0;
    const worker = async () => {
      while (queue < job.pairs.length && !signal.aborted) {
        const pair = job.pairs[queue++]!;
        const task = tasks.get(pair.task);
        if (!task) throw new Error(`task ${pair.task} is not in ${join(dir, 'tasks.jsonl')}`);
        await gate?.acquire();
        let record: EpisodeRecord | null;
        try {
          record = await playEpisode(task, pair.trial, { job, host, agents, users, names, tools: sent?.record ?? null, signal });
        } finally {
          gate?.release();
        }
        if (!record) continue;
        // The tool definitions go with the domain's first line; the writer keeps one copy.
        if (episodes === 0) record.sidecars.unshift(...sidecarTools);
        episodes++;
        emit(record);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(job.concurrency, job.pairs.length)) }, worker));
    return { episodes };
  } finally {
    await host.close();
  }
}
