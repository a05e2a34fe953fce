// `agentscaler rollout --ws WS --agent oracle|openai|command:"CMD" … --out RUN`: flags only; the
// work is harness/run/rollout.ts.
import { Command, InvalidArgumentError, Option } from 'commander';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../generator/errors.js';
import type { RunOptions } from '../formats/run.js';
import { RunInputError } from '../harness/run/input-error.js';
import { rollout } from '../harness/run/rollout.js';
import { numberOption, printSummary, progress } from './terminal.js';

interface RolloutFlags {
  ws: string;
  agent: string;
  model?: string;
  baseUrl?: string;
  user: 'scripted' | 'llm' | 'none';
  userModel?: string;
  userBaseUrl?: string;
  tasks?: string;
  limit?: number;
  k: number;
  concurrency: number;
  workers?: number;
  host: 'inproc' | 'spawn';
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  apiKeyEnv: string;
  systemPrompt?: string;
  maxTurns: number;
  maxErrors: number;
  timeout: number;
  requestTimeout: number;
  resultCap: number;
  toolNameLimit: number;
  mcpConfig: 'http' | 'stdio';
  seed: number;
  shard?: { index: number; count: number };
  resume?: boolean;
  out: string;
  json?: boolean;
}

/** `I/N` with 0 ≤ I < N. */
function shardOption(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) throw new InvalidArgumentError('It must be I/N with 0 ≤ I < N (I zero-based, as a Kubernetes completion index), e.g. 0/4.');
  return { index, count };
}

/** The run options of these flags (no secrets: only the key's variable name). */
export function runOptions(flags: RolloutFlags): { options: RunOptions; systemPrompt: string | null } {
  const [kind, ...rest] = flags.agent.split(':');
  const command = rest.join(':').trim();
  if (kind !== 'oracle' && kind !== 'openai' && kind !== 'command') throw new UserError(`--agent ${JSON.stringify(flags.agent)} is not an agent: use oracle, openai or command:"CMD"`);
  if (kind === 'command' && command === '') throw new UserError('--agent command: needs the command to run, e.g. --agent command:"node my-agent.js"');
  if (kind === 'openai' && !flags.model) throw new UserError('--agent openai needs --model (the model name the endpoint serves)');
  if (flags.user === 'llm' && !flags.userModel && !flags.model) throw new UserError('--user llm needs --user-model (or --model, which it then shares with the agent)');
  let systemPrompt: string | null = null;
  if (flags.systemPrompt) {
    if (!existsSync(flags.systemPrompt)) throw new UserError(`--system-prompt ${flags.systemPrompt} not found: give a text file with the agent's system prompt`);
    systemPrompt = readFileSync(flags.systemPrompt, 'utf8');
  }
  const options: RunOptions = {
    ws: resolve(flags.ws),
    agent: kind,
    ...(kind === 'command' ? { command } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
    user: flags.user,
    ...(flags.userModel ? { userModel: flags.userModel } : {}),
    ...(flags.userBaseUrl ? { userBaseUrl: flags.userBaseUrl } : {}),
    apiKeyEnv: flags.apiKeyEnv,
    tasks: flags.tasks ?? null,
    limit: flags.limit ?? null,
    k: flags.k,
    host: flags.host,
    temperature: flags.temperature ?? null,
    topP: flags.topP ?? null,
    maxTokens: flags.maxTokens ?? null,
    systemPrompt: flags.systemPrompt && systemPrompt !== null ? { file: resolve(flags.systemPrompt), sha256: createHash('sha256').update(systemPrompt).digest('hex') } : null,
    maxTurns: flags.maxTurns,
    maxErrors: flags.maxErrors,
    timeout: flags.timeout,
    requestTimeout: flags.requestTimeout,
    resultCap: flags.resultCap,
    toolNameLimit: flags.toolNameLimit,
    mcpConfig: flags.mcpConfig,
    seed: flags.seed,
    shard: flags.shard ?? null,
  };
  return { options, systemPrompt };
}

export function rolloutCommand(): Command {
  const int = (min: number, max = Infinity) => numberOption({ integer: true, min, max });
  return new Command('rollout')
    .description('run an agent through the tasks of a workspace with a simulated user; record and grade every episode')
    .requiredOption('--ws <WS>', 'workspace whose servers hold the tasks')
    .requiredOption('--agent <AGENT>', 'oracle | openai | command:"CMD"')
    .option('--model <M>', 'model of the openai agent')
    .option('--base-url <URL>', 'OpenAI-compatible endpoint (…/v1) of the agent (default https://api.openai.com/v1)')
    .addOption(new Option('--user <USER>', 'simulated user').choices(['scripted', 'llm', 'none']).default('scripted'))
    .option('--user-model <M>', 'model of the llm user (default --model)')
    .option('--user-base-url <URL>', 'endpoint of the llm user (default --base-url)')
    .option('--tasks <GLOB>', 'task ids to run (* matches any characters), e.g. "ticket-*"')
    .option('--limit <N>', 'at most N tasks', int(1))
    .option('--k <K>', 'trials per task (pass^k for k = 1..K)', int(1, 1000), 1)
    .option('--concurrency <C>', 'episodes at once', int(1, 10_000), 8)
    .option('--workers <N>', 'worker threads for domains (0: this process; default: none for ≤ 8 domains or --concurrency 1, else the cores)', int(0, 256))
    .addOption(new Option('--host <HOST>', 'where episode servers run').choices(['inproc', 'spawn']).default('inproc'))
    .option('--temperature <T>', 'sampling temperature', numberOption({ min: 0, max: 2 }))
    .option('--top-p <P>', 'nucleus sampling', numberOption({ min: 0, max: 1 }))
    .option('--max-tokens <N>', 'tokens per model reply', int(1))
    .option('--api-key-env <VAR>', 'environment variable holding the API key', 'OPENAI_API_KEY')
    .option('--system-prompt <FILE>', "the agent's system prompt (default: a short one naming the domain)")
    .option('--max-turns <N>', 'agent turns per episode', int(1), 30)
    .option('--max-errors <N>', 'failed tool calls that end an episode', int(1), 10)
    .option('--timeout <S>', 'seconds per episode', numberOption({ min: 0.1 }), 300)
    .option('--request-timeout <S>', 'seconds per model request', numberOption({ min: 0.1 }), 120)
    .option('--result-cap <N>', 'characters of a tool result sent to a model', int(100), 20_000)
    .option('--tool-name-limit <N>', 'longest tool name the endpoint accepts (longer ones get short aliases)', int(8, 256), 64)
    .addOption(new Option('--mcp-config <KIND>', 'what a command agent is pointed at').choices(['http', 'stdio']).default('http'))
    .option('--seed <S>', 'seed of the model calls', int(0), 1)
    .option('--shard <I/N>', 'run the I-th of N equal parts of the pairs (I zero-based)', shardOption)
    .option('--resume', 'continue the run in --out (same options), replaying infra_error episodes')
    .requiredOption('--out <RUN>', 'run folder')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: RolloutFlags) => {
      const { options, systemPrompt } = runOptions(flags);
      const stop = new AbortController();
      // First Ctrl-C: stop starting episodes, keep what is recorded; a second one quits at once.
      const onSigint = () => {
        if (stop.signal.aborted) process.exit(130);
        process.stderr.write('\nagentscaler: stopping — episodes in flight are dropped; --resume continues the run\n');
        stop.abort();
      };
      process.on('SIGINT', onSigint);
      const bar = progress('rollout');
      try {
        const result = await rollout(
          { options, out: resolve(flags.out), resume: flags.resume === true, concurrency: flags.concurrency, workers: flags.workers ?? null, systemPrompt, commandLine: process.argv.slice(2) },
          { signal: stop.signal, onEpisode: (p) => bar.update(p.done, p.total, `passed ${p.passed} failed ${p.failed}`) },
        );
        bar.stop();
        const s = result.summary;
        const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`);
        printSummary(
          `rollout → ${s.passed} of ${s.graded} graded episodes pass${result.stopped ? ' (stopped: --resume continues)' : ''}`,
          [
            ['episodes', s.episodes],
            ['skipped (recorded before)', result.skipped],
            ['pass@1', `${pct(s.pass1)}${s.pass1Interval ? ` (95 % ${pct(s.pass1Interval[0])}–${pct(s.pass1Interval[1])})` : ''}`],
            ['pass^k', Object.entries(s.passHatK).map(([k, v]) => `k=${k} ${pct(v)}`).join(', ')],
            ['end reasons', Object.entries(s.endReasons).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'],
            ['tokens', `agent ${s.tokens.agent.prompt}+${s.tokens.agent.completion}, user ${s.tokens.user.prompt}+${s.tokens.user.completion}`],
            ['run folder', resolve(flags.out)],
          ],
          flags.json ? { ...s, skipped: result.skipped, stopped: result.stopped, seconds: s.time.runSeconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) } : null,
        );
        if (result.stopped) process.exitCode = 130;
      } catch (error) {
        bar.stop();
        if (error instanceof RunInputError) throw new UserError(error.message);
        throw error;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
