// One episode of a domain job, from opening its server to its graded line: the loop plays it,
// the host's final state is read, the verifier grades it, and an off-gold state becomes a sidecar.
import { createHash } from 'node:crypto';
import type { RunOptions } from '../../formats/run.js';
import type { Task } from '../../formats/task.js';
import type { ToolsSent, TrajectoryV2 } from '../../formats/trajectory.js';
import type { DomainAgents } from '../agents/index.js';
import type { EpisodeEndpoint } from '../agents/agent.js';
import { EpisodeAbandoned, runEpisode } from '../episode/loop.js';
import { RecordingTransport } from '../episode/recorder.js';
import { serveEpisode } from '../hosts/http-front.js';
import type { EpisodeServer, Host } from '../hosts/host.js';
import type { UserFactory } from '../users/user.js';
import { systemPrompt as defaultSystemPrompt } from '../verify/gold.js';
import { verify } from '../verify/index.js';
import { recordedVerdict } from '../verify/recorded.js';
import type { DomainJob, EpisodeRecord, Sidecar } from './domain-job.js';

/** The seed of one episode's model calls: derived, so it survives sharding, resume and concurrency. */
export function episodeSeed(seed: number, task: string, trial: number): number {
  return createHash('sha256').update(`${seed}/${task}/${trial}`).digest().readUInt32BE(0) >>> 1;
}

/** The sidecar path of an episode's final state. */
export function statePath(task: string, trial: number): string {
  return `states/${task.replaceAll('/', '--')}.t${trial}.sqlite`;
}

/** What every episode of a domain job shares. */
export interface EpisodeContext {
  job: DomainJob;
  host: Host;
  agents: DomainAgents;
  users: UserFactory;
  names: string[];
  tools: ToolsSent | null;
  signal: AbortSignal;
}

/** Who plays a run's episodes, as its lines name them. */
export interface Players {
  options: RunOptions;
  agent: string;
  user: string;
  tools: ToolsSent | null;
}

/** The players of an episode context. */
export const playersOf = (context: EpisodeContext): Players => ({ options: context.job.options, agent: context.agents.label, user: context.users.label, tools: context.tools });

/** The line of an episode that could not be played. */
export function infraLine(task: Task, trial: number, who: Players, detail: string, ms: number): TrajectoryV2 {
  const { options } = who;
  return {
    version: 2,
    task: task.id,
    trial,
    domain: task.domain,
    goldCalls: task.gold.length,
    seed: episodeSeed(options.seed, task.id, trial),
    agent: who.agent,
    user: who.user,
    host: options.host,
    tools: who.tools,
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
export async function playEpisode(task: Task, trial: number, context: EpisodeContext): Promise<EpisodeRecord | null> {
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
      return { line: infraLine(task, trial, playersOf(context), `cannot start the episode's server: ${error instanceof Error ? error.message : String(error)}`, performance.now() - started), sidecars: [] };
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
        line.verdict = recordedVerdict(verdict);
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
