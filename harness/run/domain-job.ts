// The per-domain work of a rollout: one domain folder and its (task, trial) pairs in, episodes out
// one by one, each graded. It needs nothing from the caller but plain data, so it runs in the
// parent for small runs and as a pool worker's job for thousands of domains; the caller writes.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RunOptions } from '../../formats/run.js';
import type { Task } from '../../formats/task.js';
import type { ToolsSent, TrajectoryV2 } from '../../formats/trajectory.js';
import { agentFactory, type DomainTools } from '../agents/index.js';
import type { EpisodeEndpoint } from '../agents/agent.js';
import { EpisodeAbandoned, runEpisode } from '../episode/loop.js';
import { RecordingTransport } from '../episode/recorder.js';
import { serveEpisode } from '../hosts/http-front.js';
import type { EpisodeServer, Host } from '../hosts/host.js';
import { inprocHost } from '../hosts/inproc.js';
import { spawnHost } from '../hosts/spawn.js';
import { userFactory } from '../users/index.js';
import { systemPrompt as defaultSystemPrompt } from '../verify/gold.js';
import { contractTools } from '../verify/package.js';
import { verify } from '../verify/index.js';
import type { Gate } from './gate.js';
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

/** The seed of one episode's model calls: derived, so it survives sharding, resume and concurrency. */
export function episodeSeed(seed: number, task: string, trial: number): number {
  return createHash('sha256').update(`${seed}/${task}/${trial}`).digest().readUInt32BE(0) >>> 1;
}

/** The sidecar path of an episode's final state. */
export function statePath(task: string, trial: number): string {
  return `states/${task.replaceAll('/', '--')}.t${trial}.sqlite`;
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
        if (task) emit({ line: infraLine(task, pair.trial, episodeSeed(options.seed, task.id, pair.trial), context, unlisted, 0), sidecars: [] });
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
          record = await episode(task, pair.trial, { job, host, agents, users, names, tools: sent?.record ?? null, signal });
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

interface EpisodeContext {
  job: DomainJob;
  host: Host;
  agents: ReturnType<typeof agentFactory>;
  users: ReturnType<typeof userFactory>;
  names: string[];
  tools: ToolsSent | null;
  signal: AbortSignal;
}

/** The line of an episode that could not be played. */
function infraLine(task: Task, trial: number, seed: number, context: EpisodeContext, detail: string, ms: number): TrajectoryV2 {
  const { options } = context.job;
  return {
    version: 2,
    task: task.id,
    trial,
    domain: task.domain,
    goldCalls: task.gold.length,
    seed,
    agent: context.agents.label,
    user: context.users.label,
    host: options.host,
    tools: context.tools,
    end: { reason: 'infra_error', detail },
    resultCap: options.resultCap,
    truncated: {},
    modelTurns: [],
    usage: { agent: { prompt: 0, completion: 0 }, user: { prompt: 0, completion: 0 } },
    errors: [{ message: 0, kind: 'infra', text: detail }],
    messages: [],
    calls: [],
    finalDigest: '',
    diff: [],
    verdict: null,
    timing: { ms, agentMs: 0, userMs: 0, toolMs: 0, hostMs: ms },
  };
}

/** One episode from open to graded line; null when the run was stopped while it played. */
async function episode(task: Task, trial: number, context: EpisodeContext): Promise<EpisodeRecord | null> {
  const { job, host, agents, users } = context;
  const { options } = job;
  const started = performance.now();
  const seed = episodeSeed(options.seed, task.id, trial);
  let hostMs = 0;
  let server: EpisodeServer | undefined;
  let front: { endpoint: EpisodeEndpoint; close(): Promise<void> } | undefined;
  try {
    const opened = performance.now();
    try {
      server = await host.open(task);
    } catch (error) {
      // A server that cannot start says nothing about the agent: infra_error, played again on resume.
      return { line: infraLine(task, trial, seed, context, `cannot start the episode's server: ${error instanceof Error ? error.message : String(error)}`, performance.now() - started), sidecars: [] };
    }
    const recorder = new RecordingTransport(server.transport);
    if (agents.external) front = await serveEpisode(recorder, task.domain, options.mcpConfig);
    hostMs += performance.now() - opened;
    const systemPrompt = job.systemPrompt ?? defaultSystemPrompt(task);
    const outcome = await runEpisode({
      systemPrompt,
      agent: agents.episode(task, seed, front?.endpoint, systemPrompt),
      user: users.episode(task, seed),
      recorder,
      died: server.died,
      limits: { maxTurns: options.maxTurns, maxErrors: options.maxErrors, timeoutMs: options.timeout * 1000, resultCap: options.resultCap },
      signal: context.signal,
    });
    const closing = performance.now();
    await front?.close();
    let final: Awaited<ReturnType<EpisodeServer['finish']>> | null = null;
    try {
      final = await server.finish();
    } catch (error) {
      if (outcome.end.reason !== 'infra_error') {
        outcome.end = { reason: 'infra_error', detail: `cannot read the final state: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    hostMs += performance.now() - closing;
    const line: TrajectoryV2 = {
      version: 2,
      task: task.id,
      trial,
      domain: task.domain,
      goldCalls: task.gold.length,
      seed,
      agent: agents.label,
      user: users.label,
      host: options.host,
      tools: context.tools,
      end: outcome.end,
      resultCap: options.resultCap,
      truncated: outcome.truncated,
      modelTurns: outcome.modelTurns,
      usage: outcome.usage,
      errors: outcome.errors,
      messages: outcome.messages,
      calls: outcome.calls,
      finalDigest: final?.digest ?? '',
      diff: [],
      verdict: null,
      timing: { ms: 0, agentMs: outcome.agentMs, userMs: outcome.userMs, toolMs: outcome.toolMs, hostMs },
    };
    const sidecars: Sidecar[] = [];
    if (final && outcome.end.reason !== 'infra_error') {
      const gold = final.digest === task.goldDigest;
      const snapshot = gold ? undefined : final.snapshot();
      if (snapshot) {
        line.finalStateFile = statePath(task.id, trial);
        sidecars.push({ path: line.finalStateFile, data: snapshot });
      }
      if (outcome.end.reason !== 'user_error') {
        const verdict = await verify(task, line, { dir: job.dir, tools: context.names, ...(snapshot ? { finalState: snapshot } : {}) });
        line.diff = (verdict.diff ?? []) as TrajectoryV2['diff'];
        const failed = Object.fromEntries(Object.entries(verdict.checks).filter(([, c]) => c.applies && !c.pass).map(([name, c]) => [name, c.reasons]));
        line.verdict = { pass: verdict.pass, failed };
      }
    }
    line.timing.ms = performance.now() - started;
    return { line, sidecars };
  } catch (error) {
    if (error instanceof EpisodeAbandoned) return null;
    throw error;
  } finally {
    await front?.close().catch(() => undefined);
    await server?.dispose().catch(() => undefined);
  }
}
