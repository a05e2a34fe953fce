// `agentscaler tasks --ws WS [--per-domain N] [--max-steps L] [--style goal|steps] [--seed S] [--domains a,b | --limit N]`
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { TASK_DEFAULTS, tasks, TasksError, type TasksSummary } from '../generator/tasks/index.js';
import type { InstructionStyle } from '../generator/tasks/instruction.js';
import { ARTIFACTS } from '../generator/workspace.js';
import { peakRssMb, round } from './ingest.js';
import { stopSignal } from './interrupt.js';
import { numberOption, printSummary, ProblemLog, progress, UsageError } from './terminal.js';

/** Tasks flags, shared by `tasks` and `build`. */
export interface TasksFlags {
  perDomain?: number;
  maxSteps?: number;
  seed?: number;
  domains?: string;
  limit?: number;
  style?: InstructionStyle;
  paraphrase?: boolean;
  model?: string;
  baseUrl?: string;
}

/** Run the tasks stage with a progress bar; returns its summary and seconds. */
export async function runTasks(ws: string, flags: TasksFlags): Promise<{ summary: TasksSummary; seconds: number }> {
  if (flags.domains && flags.limit !== undefined) throw new TasksError('give --domains or --limit, not both');
  if (flags.paraphrase && (!flags.model || !flags.baseUrl)) throw new UsageError('--paraphrase needs --model M and --base-url URL (an OpenAI-compatible API, e.g. http://localhost:8000/v1)');
  if (!flags.paraphrase && (flags.model || flags.baseUrl)) throw new UsageError('--model and --base-url are for --paraphrase; add --paraphrase to rewrite instructions with a model');
  const started = performance.now();
  const bar = progress('tasks', 'domains');
  const problems = new ProblemLog();
  try {
    const summary = await tasks({
      ws,
      ...(flags.perDomain !== undefined ? { perDomain: flags.perDomain } : {}),
      ...(flags.maxSteps !== undefined ? { maxSteps: flags.maxSteps } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.domains ? { domains: flags.domains.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
      ...(flags.style ? { style: flags.style } : {}),
      ...(flags.paraphrase ? { paraphrase: { model: flags.model!, baseUrl: flags.baseUrl! } } : {}),
      onProgress: (done, total, slug) => bar.update(done, total, slug),
      onProblem: (line) => problems.add(line),
      signal: stopSignal(),
    });
    return { summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    bar.stop();
    problems.flush(10, join(ws, ARTIFACTS.tasks));
  }
}

/** The human rows of a tasks summary. */
export function tasksRows(s: TasksSummary, seconds: number): [string, string | number][] {
  const t = s.totals;
  const lengths = Object.entries(t.lengths).sort((a, b) => Number(a[0]) - Number(b[0]));
  return [
    ['domains', t.domains],
    ['chains sampled', t.sampled],
    ['tasks kept', t.kept],
    ['rejected', Object.entries(t.rejected).map(([why, n]) => `${why} ${n}`).join(', ') || 'none'],
    ['calls per task', lengths.map(([n, count]) => `${n}: ${count}`).join(', ')],
    ['read-only / state-changing', `${t.readOnly} / ${t.stateChanging}`],
    ['style', s.style],
    ['filler reads dropped', t.fillerDropped],
    ...(s.paraphrase ? ([['paraphrased', `${s.paraphrase.kept} kept, ${s.paraphrase.rejected} rejected, ${s.paraphrase.cached} from cache, ${s.paraphrase.failed} failed (${s.paraphrase.model})`]] as [string, string][]) : []),
    ['argument values', Object.entries(t.values).map(([source, n]) => `${source} ${n}`).join(', ') || 'none'],
    [`domains with ${s.perDomain} tasks`, `${t.domainsFull} of ${t.domains}`],
    ['tasks per second', seconds > 0 ? (t.kept / seconds).toFixed(1) : '—'],
  ];
}

/** Task flags on a command. */
export function withTasksFlags(command: Command): Command {
  return command
    .option('--per-domain <N>', `tasks to keep per domain (default ${TASK_DEFAULTS.perDomain})`, numberOption({ integer: true, min: 1 }))
    .option('--max-steps <L>', `longest chain of calls (default ${TASK_DEFAULTS.maxSteps})`, numberOption({ integer: true, min: 1, max: 20 }))
    .option('--paraphrase', 'rewrite each instruction with a language model (kept only when every value survives; cached in WS/paraphrases.jsonl)')
    .option('--model <M>', 'model for --paraphrase')
    .option('--base-url <URL>', 'OpenAI-compatible API for --paraphrase, e.g. http://localhost:8000/v1 (token from $OPENAI_API_KEY)')
    .addOption(new Option('--style <S>', `how instructions are written: goal (outcomes the user wants) or steps (the calls one by one) (default ${TASK_DEFAULTS.style})`).choices(['goal', 'steps']));
}

export function tasksCommand(): Command {
  return withTasksFlags(
    new Command('tasks')
      .description('sample verifiable tasks for each emitted server: servers/<slug>/tasks.jsonl and WS/tasks.json')
      .requiredOption('--ws <WS>', 'workspace whose servers synth wrote'),
  )
    .option('--seed <S>', `seed of the sampling (default ${TASK_DEFAULTS.seed})`, numberOption({ integer: true }))
    .option('--domains <a,b>', 'only these domain slugs (comma-separated)')
    .option('--limit <N>', 'only the first N domains', numberOption({ integer: true, min: 1 }))
    .option('--json', 'print the summary as JSON')
    .action(async (flags: TasksFlags & { ws: string; json?: boolean }) => {
      const { summary, seconds } = await runTasks(flags.ws, flags);
      printSummary(
        `tasks → ${join(flags.ws, ARTIFACTS.servers)}/*/tasks.jsonl in ${seconds.toFixed(1)} s`,
        tasksRows(summary, seconds),
        flags.json ? { ...summary.totals, tasks: summary.totals.kept, dropped: summary.totals.sampled - summary.totals.kept, seconds: round(seconds), peakRssMb: peakRssMb() } : null,
      );
    });
}
