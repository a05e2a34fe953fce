// `agentscaler rollout`: plan the (task, trial) pairs, prepare or resume the run folder, check the
// endpoints, play every domain's pairs (the per-domain work is domain-job.ts) and write each graded
// episode as it lands; summary.json at the end, and when the run is stopped.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, type RunOptions } from '../../formats/run.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import { endpointFor } from '../agents/endpoint.js';
import { preflight } from '../agents/preflight.js';
import { summarize, type RunSummary } from '../metrics/summary.js';
import { agentLabel } from '../agents/index.js';
import { userFactory } from '../users/index.js';
import type { DomainJob, EpisodeRecord } from './domain-job.js';
import { dispatch, workersFor } from './dispatch.js';
import { infraLine } from './episode-run.js';
import { RunInputError } from './input-error.js';
import { Journal, readJournal, rewriteJournal } from './journal.js';
import { checkResumable, newManifest, readManifest, writeManifest } from './manifest.js';
import { planRun } from './plan.js';
import { readTasks } from './tasks.js';

/** A rollout as the CLI (or a test) asks for it. */
export interface RolloutRequest {
  options: RunOptions;
  /** The run folder. */
  out: string;
  resume: boolean;
  /** Episodes at once. */
  concurrency: number;
  /** Worker threads for domain jobs (0: this process); default: none for 8 domains or fewer, else the cores. */
  workers?: number | null;
  /** The text of --system-prompt, when given. */
  systemPrompt: string | null;
  commandLine: string[];
}

/** Progress after each recorded episode. */
export interface RolloutProgress {
  done: number;
  total: number;
  passed: number;
  failed: number;
  line: TrajectoryV2;
}

/** What a finished (or stopped) rollout reports. */
export interface RolloutResult {
  summary: RunSummary;
  /** Pairs skipped because a previous run of the folder recorded them. */
  skipped: number;
  /** Whether the run was stopped before every pair was played. */
  stopped: boolean;
}

const key = (task: string, trial: number) => `${task}\0${trial}`;


/** Run a rollout to the end, or until `signal` stops it. */
export async function rollout(request: RolloutRequest, hooks: { signal?: AbortSignal; onEpisode?: (progress: RolloutProgress) => void } = {}): Promise<RolloutResult> {
  const { options, out } = request;
  const signal = hooks.signal ?? new AbortController().signal;
  const started = performance.now();
  const plan = planRun(options);
  const exists = existsSync(out) && readdirSync(out).length > 0;
  if (exists && !request.resume) throw new RunInputError(`${out} already holds a run: pass --resume to continue it, or another --out`);
  let kept: TrajectoryV2[] = [];
  if (exists) {
    checkResumable(out, readManifest(out), options, plan.tasksDigest);
    // Infrastructure failures say nothing about the agent: they are played again.
    const { lines, torn } = readJournal(out);
    kept = lines.filter((l) => l.end.reason !== 'infra_error');
    if (torn > 0 || kept.length !== lines.length) rewriteJournal(out, kept);
  }
  await checkEndpoints(options);
  const journal = new Journal(out);
  if (!exists) writeManifest(out, newManifest(options, plan.pairs, plan.tasksDigest, request.commandLine));

  const done = new Set(kept.map((l) => key(l.task, l.trial)));
  const lines = [...kept];
  let passed = kept.filter((l) => l.verdict?.pass).length;
  const todo = plan.domains.map((d) => ({ ...d, pairs: d.pairs.filter((p) => !done.has(key(p.task, p.trial))) })).filter((d) => d.pairs.length > 0);
  const accept = (record: EpisodeRecord) => {
    journal.append(record);
    done.add(key(record.line.task, record.line.trial));
    lines.push(record.line);
    if (record.line.verdict?.pass) passed++;
    hooks.onEpisode?.({ done: lines.length, total: plan.pairs, passed, failed: lines.length - passed, line: record.line });
  };
  // Pairs of a job that died with its worker are infra_error: --resume plays them again.
  const lost = (job: DomainJob, reason: string) => {
    if (signal.aborted) return;
    const tasks = readTasks(job.dir);
    const players = { options, agent: agentLabel(options), user: userFactory(options).label, tools: null };
    for (const pair of job.pairs) {
      const task = tasks.get(pair.task);
      if (task && !done.has(key(pair.task, pair.trial))) accept({ line: infraLine(task, pair.trial, players, reason, 0), sidecars: [] });
    }
  };
  const jobs = todo.map((d): DomainJob => ({ dir: d.dir, pairs: d.pairs, options, systemPrompt: request.systemPrompt, concurrency: request.concurrency }));
  try {
    await dispatch(jobs, workersFor(request.workers ?? null, jobs.length, request.concurrency), request.concurrency, accept, lost, signal);
  } finally {
    journal.close();
  }
  const summary = summarize(lines, plan.pairs, options.k, (performance.now() - started) / 1000);
  writeFileSync(join(out, RUN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
  return { summary, skipped: kept.length, stopped: signal.aborted };
}

/** The agent's and the llm user's endpoints answer, and serve their models. */
async function checkEndpoints(options: RunOptions): Promise<void> {
  const key = `the variable ${options.apiKeyEnv}`;
  if (options.agent === 'openai') await preflight(endpointFor(options, 'agent'), { url: '--base-url', model: '--model', key });
  if (options.user === 'llm') {
    const user = endpointFor(options, 'user');
    const agent = options.agent === 'openai' ? endpointFor(options, 'agent') : null;
    if (!agent || agent.baseUrl !== user.baseUrl || agent.model !== user.model) await preflight(user, { url: options.userBaseUrl ? '--user-base-url' : '--base-url', model: options.userModel ? '--user-model' : '--model', key });
  }
}
