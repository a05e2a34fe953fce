// `agentscaler export` on real runs: an oracle rollout over every BFCL task, and a scripted model
// agent (a real chat-completions server) on the ticket domain with short tool names (aliases), one
// malformed call it recovers from (the funnel drops it), one failed tool call it
// corrects (kept, that turn untrained) and one turn of parallel calls. Every line written is
// checked against its format's rules as the trainers' docs state them (test/support/fine-tuning-formats.ts).
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import { exportRuns, type ExportOptions, type ExportResult } from '../harness/export/index.js';
import { rollout } from '../harness/run/rollout.js';
import { funnelOf } from '../harness/verify/funnel.js';
import { goldAnswer } from '../harness/verify/gold.js';
import { type ChatRequest, type Reply, startChatServer } from './support/chat-server.js';
import { agentscaler } from './support/cli.js';
import { datasetInfoProblems, openaiProblems, sharegptProblems, trlProblems } from './support/fine-tuning-formats.js';
import { runLines, runOptions, taskWorkspace, tasksOf } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

const NAME_LIMIT = 12;
let built: SynthWorkspace;
let oracleRun: string;
let modelRun: string;
let tickets: Task[];
let malformed: Task;
let corrected: Task;
let parallel: Task;

/** The scripted model: the gold calls under the names it was sent, with the three twists of the file's header. */
function modelScript(request: ChatRequest): Reply {
  const contract = (JSON.parse(readFileSync(join(built.dir('ticket-user'), 'domain.json'), 'utf8')) as { tools: { name: string }[] }).tools.map((t) => t.name);
  const alias = (name: string) => request.tools![contract.indexOf(name)]!.function.name;
  const task = tickets.find((t) => t.instruction === request.messages.find((m) => m.role === 'user')?.content)!;
  const done = request.messages.filter((m) => m.role === 'tool').length;
  const gold = (i: number): Reply => {
    const call = task.gold[i];
    return call ? { toolCalls: [{ name: alias(call.tool), arguments: call.arguments }] } : { content: goldAnswer(task) };
  };
  if (task === malformed) return done === 0 ? { toolCalls: [{ name: alias(task.gold[0]!.tool), arguments: '{"title": 3,,' }] } : gold(done - 1);
  if (task === corrected) return done === 0 ? { toolCalls: [{ name: alias('get_ticket'), arguments: { ticket_id: 99999 } }] } : gold(done - 1);
  if (task === parallel) return done === 0 ? { toolCalls: task.gold.map((g) => ({ name: alias(g.tool), arguments: g.arguments })) } : { content: goldAnswer(task) };
  return gold(done);
}

beforeAll(async () => {
  built = await taskWorkspace('export');
  tickets = tasksOf(built.dir('ticket-user'));
  const writes = tickets.filter((t) => !t.readOnly && t.gold.length >= 2);
  [malformed, corrected, parallel] = [writes[0]!, writes[1]!, writes.find((t, i) => i > 1 && t.gold.length === 2) ?? writes[2]!];
  oracleRun = join(tempDir('export-oracle'), 'run');
  await rollout({ options: runOptions(built.ws), out: oracleRun, resume: false, concurrency: 4, systemPrompt: null, commandLine: [] });
  const server = await startChatServer(modelScript, { models: ['scripted-model'] });
  try {
    modelRun = join(tempDir('export-model'), 'run');
    const options = runOptions(built.ws, { agent: 'openai', model: 'scripted-model', baseUrl: server.url, tasks: 'ticket-user/*', toolNameLimit: NAME_LIMIT });
    await rollout({ options, out: modelRun, resume: false, concurrency: 2, systemPrompt: null, commandLine: [] });
  } finally {
    await server.close();
  }
}, 300_000);

/** Export into a fresh folder; the lines of each file written, parsed. */
function exported(overrides: Partial<ExportOptions>): { result: ExportResult; out: string; files: Record<string, Record<string, unknown>[]> } {
  const out = tempDir('export-out');
  const result = exportRuns({ runs: [oracleRun, modelRun], format: 'openai', out, stage2: null, includeFailed: false, holdout: null, ...overrides });
  const files = Object.fromEntries(result.files.map((f) => [f.file, readFileSync(join(out, f.file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)]));
  return { result, out, files };
}

type Message = { role: string; content?: string | null; weight?: number; tool_calls?: { id: string; function: { name: string; arguments: unknown } }[] };
const messagesOf = (line: Record<string, unknown>) => line.messages as Message[];
const userText = (line: Record<string, unknown>) => messagesOf(line).find((m) => m.role === 'user')!.content;
/** The model run's line of `task` (the oracle played the same task under the server's names). */
const lineOf = (lines: Record<string, unknown>[], task: Task) => lines.find((l) => userText(l) === task.instruction && isModelLine(l));
const toolNamesOf = (line: Record<string, unknown>): string[] => {
  const tools = typeof line.tools === 'string' ? (JSON.parse(line.tools) as { name: string }[]) : (line.tools as { function: { name: string } }[]).map((t) => t.function);
  return tools.map((t) => t.name);
};
const isModelLine = (line: Record<string, unknown>) => toolNamesOf(line).every((n) => n.length <= NAME_LIMIT) && toolNamesOf(line).some((n) => /_[0-9a-f]{8}$/.test(n));

describe('the runs exported', () => {
  it('[EXPORT-FUNNEL] only what the funnel keeps is exported — a recovered malformed call keeps the trajectory out — and duplicates of (tools, messages) are dropped; --include failed exports the rest too', () => {
    const model = runLines(modelRun);
    const slip = model.find((l) => l.task === malformed.id)!;
    expect(slip.errors.map((e) => e.kind)).toEqual(['bad_arguments']);
    expect(funnelOf(slip)).toMatchObject({ kept: false, stage: 'validity' });
    const kept = [...runLines(oracleRun), ...model].filter((l) => funnelOf(l).kept).length;

    const { result, files } = exported({});
    expect(result.dropped).toEqual({ validity: 1 });
    expect(result.files[0]!.lines).toBe(kept);
    expect(lineOf(files['train.jsonl']!, malformed)).toBeUndefined();

    const twice = exported({ runs: [oracleRun, modelRun, oracleRun] });
    expect(twice.result.duplicates).toBe(runLines(oracleRun).length);
    expect(twice.result.files[0]!.lines).toBe(kept);

    const all = exported({ includeFailed: true });
    const slipLine = lineOf(all.files['train.jsonl']!, malformed)!;
    expect(messagesOf(slipLine).filter((m) => m.role === 'assistant').map((m) => m.weight)).toEqual([0, ...malformed.gold.map(() => 1), 1]);
    for (const line of all.files['train.jsonl']!) expect(openaiProblems(line)).toEqual([]);
  });

  it('[EXPORT-OPENAI] OpenAI lines: messages, tools as the agent saw them (aliases kept), parallel_tool_calls, arguments as JSON strings, weight 0 on the turn whose call failed and was corrected', () => {
    const { files } = exported({});
    const lines = files['train.jsonl']!;
    for (const line of lines) expect(openaiProblems(line)).toEqual([]);
    const sent = JSON.parse(readFileSync(join(modelRun, runLines(modelRun)[0]!.tools!.file), 'utf8')) as { function: { name: string } }[];
    const fixed = lineOf(lines, corrected)!;
    expect(fixed.tools).toEqual(sent);
    expect(fixed.parallel_tool_calls).toBe(true);
    const names = messagesOf(fixed).flatMap((m) => m.tool_calls ?? []).map((c) => c.function.name);
    expect(names.every((n) => n.length <= NAME_LIMIT && sent.some((t) => t.function.name === n))).toBe(true);
    const aliases = Object.keys(runLines(modelRun)[0]!.tools!.aliases);
    const called = lines.flatMap((l) => messagesOf(l).flatMap((m) => m.tool_calls ?? []).map((c) => c.function.name));
    expect(called.filter((n) => aliases.includes(n)).length).toBeGreaterThan(0);
    const assistants = messagesOf(fixed).filter((m) => m.role === 'assistant');
    expect(runLines(modelRun).find((l) => l.task === corrected.id)!.errors.map((e) => e.kind)).toEqual(['tool_error']);
    expect(assistants.map((m) => m.weight)).toEqual([0, ...corrected.gold.map(() => 1), 1]);
    expect(typeof assistants[0]!.tool_calls![0]!.function.arguments).toBe('string');
    // An oracle line (sent no definitions) carries the domain's tools as its server lists them.
    const math = files['train.jsonl']!.find((l) => String(userText(l)).includes('Math API'))!;
    expect((math.tools as { function: { name: string } }[]).map((t) => t.function.name)).toContain('add');
  });

  it('[EXPORT-SHAREGPT] LLaMA-Factory ShareGPT lines keep the position rules, tools as a JSON string, parallel calls as one function_call list answered by one observation; dataset_info.json declares every file', () => {
    const { files, out, result } = exported({ format: 'sharegpt', stage2: 'math*' });
    for (const [file, lines] of Object.entries(files)) for (const line of lines) expect(sharegptProblems(line), file).toEqual([]);
    const info = JSON.parse(readFileSync(join(out, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string }>;
    expect(Object.values(info).map((e) => e.file_name).sort()).toEqual(result.files.map((f) => f.file).sort());
    for (const entry of Object.values(info)) expect(datasetInfoProblems(entry)).toEqual([]);
    const both = [...files['stage1.train.jsonl']!, ...files['stage2.train.jsonl']!];
    const line = both.find((l) => (l.conversations as { value: string }[])[0]!.value === parallel.instruction && isModelLine(l))!;
    const turns = line.conversations as { from: string; value: string }[];
    expect(turns.map((t) => t.from)).toEqual(['human', 'function_call', 'observation', 'gpt']);
    expect((JSON.parse(turns[1]!.value) as unknown[]).length).toBe(parallel.gold.length);
    expect((JSON.parse(turns[2]!.value) as unknown[]).length).toBe(parallel.gold.length);
    // The malformed call cannot be written as a function_call LLaMA-Factory parses: --include failed counts it, never writes it.
    const all = exported({ format: 'sharegpt', includeFailed: true });
    expect(all.result.unfit.count).toBe(1);
    expect(all.result.unfit.example).toMatch(/trajectories\.jsonl line \d+: a call whose arguments are not a JSON object/);
  });

  it('[EXPORT-TRL] TRL lines: messages with assistant tool_calls whose arguments are objects, tool messages naming their tool, tools as JSON schemas', () => {
    const { files } = exported({ format: 'trl' });
    const lines = files['train.jsonl']!;
    for (const line of lines) expect(trlProblems(line)).toEqual([]);
    const fixed = lineOf(lines, corrected)!;
    expect(Array.isArray(fixed.tools)).toBe(true);
    expect(messagesOf(fixed)[2]!.tool_calls![0]!.function.arguments).toEqual({ ticket_id: 99999 });
  });

  it('[EXPORT-STAGES] --stage2 picks the vertical domains by slug or provider; stage 1 holds the rest; each file has a meta sidecar with its counts, domains, source runs, version and filters', () => {
    const { files, out, result } = exported({ stage2: 'math*' });
    const stage2 = result.files.find((f) => f.part === 'stage2')!;
    const stage1 = result.files.find((f) => f.part === 'stage1')!;
    expect(Object.keys(stage2.domains).sort()).toEqual(built.slugs.filter((s) => s.startsWith('math')));
    expect(Object.keys(stage1.domains).some((s) => s.startsWith('math'))).toBe(false);
    expect(files['stage2.train.jsonl']!.length).toBe(stage2.lines);
    const meta = JSON.parse(readFileSync(join(out, 'stage2.train.meta.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ file: 'stage2.train.jsonl', format: 'openai', lines: stage2.lines, agentscaler: '0.1.0', filters: { stage2: 'math*', deduplicate: 'on (tools, messages)' } });
    expect((meta.sourceRuns as { run: string }[]).map((r) => r.run)).toEqual([oracleRun, modelRun]);
    // A provider glob: every domain with a tool of the trading bot API, whatever its slug.
    const byProvider = exported({ stage2: 'trading_bot' }).result.files.find((f) => f.part === 'stage2')!;
    expect(Object.keys(byProvider.domains)).toContain('twitter-trading-ticket');
    expect(Object.keys(byProvider.domains).every((s) => /trading/.test(s))).toBe(true);
  });

  it('[EXPORT-HOLDOUT] the holdout is drawn from the seed alone: the same seed gives the same files, the held-out domains (or every domain of a held-out provider) are in no training file, and the meta file names them', () => {
    const a = exported({ holdout: { by: 'domains', ratio: 0.25, seed: 7 } });
    const b = exported({ holdout: { by: 'domains', ratio: 0.25, seed: 7 } });
    expect(a.result.heldOut).toHaveLength(Math.round(0.25 * built.slugs.length));
    expect(b.result.heldOut).toEqual(a.result.heldOut);
    for (const file of readdirSync(a.out)) expect(readFileSync(join(b.out, file), 'utf8').replaceAll(b.out, a.out)).toBe(readFileSync(join(a.out, file), 'utf8'));
    const train = a.result.files.find((f) => f.part === 'train')!;
    expect(Object.keys(train.domains).filter((d) => a.result.heldOut.includes(d))).toEqual([]);
    expect(Object.keys(a.result.files.find((f) => f.part === 'holdout')!.domains).sort()).toEqual(a.result.heldOut);
    const meta = JSON.parse(readFileSync(join(a.out, 'holdout.meta.json'), 'utf8')) as { filters: { holdout: unknown } };
    expect(meta.filters.holdout).toEqual({ by: 'domains', ratio: 0.25, seed: 7, heldOut: a.result.heldOut });
    const draws = new Set([1, 2, 3, 4].map((seed) => exported({ holdout: { by: 'domains', ratio: 0.25, seed } }).result.heldOut.join()));
    expect(draws.size).toBeGreaterThan(1);

    const p = exported({ holdout: { by: 'providers', ratio: 0.3, seed: 7 }, stage2: 'math*' });
    const providersOf = JSON.parse(readFileSync(join(p.out, 'holdout.meta.json'), 'utf8')) as { domainProviders: { byDomain: Record<string, string[]> } };
    for (const part of p.result.files.filter((f) => f.part !== 'holdout')) {
      for (const domain of Object.keys(part.domains)) expect(providersOf.domainProviders.byDomain[domain]!.some((x) => p.result.heldOut.includes(x)), domain).toBe(false);
    }
  });
});

describe('export refuses bad input', () => {
  it('[EXPORT-CORRUPT] a corrupt trajectory line (not JSON, or a line missing a field) is refused with its file and line number, exit 1, and nothing is written', async () => {
    const run = join(tempDir('export-corrupt'), 'run');
    cpSync(oracleRun, run, { recursive: true });
    const file = join(run, 'trajectories.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [...lines.slice(0, 4), lines[4]!.slice(0, 80), ...lines.slice(5)].join('\n'));
    const out = join(tempDir('export-corrupt-out'), 'sft');
    const torn = await agentscaler(['export', '--run', run, '--format', 'openai', '--out', out]);
    expect(torn.exitCode).toBe(1);
    expect(torn.stderr).toContain(`${file} line 5 is not JSON`);
    expect(torn.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);

    const { messages: _messages, ...missing } = JSON.parse(lines[2]!) as Record<string, unknown>;
    writeFileSync(file, [...lines.slice(0, 2), JSON.stringify(missing), ...lines.slice(3)].join('\n'));
    const field = await agentscaler(['export', '--run', run, '--format', 'trl', '--out', out]);
    expect(field.exitCode).toBe(1);
    expect(field.stderr).toContain(`${file} line 3 is not a recorded trajectory: bad or missing messages`);

    copyFileSync(join(oracleRun, 'trajectories.jsonl'), file);
    const usage = await agentscaler(['export', '--run', run, '--format', 'openai', '--out', out, '--holdout', 'domains', '0.2']);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain('--holdout needs --seed S');
    const ok = await agentscaler(['export', '--run', run, '--format', 'sharegpt', '--out', out, '--stage2', 'math*', '--holdout', 'providers', '0.2', '--seed', '5', '--json']);
    expect(ok.exitCode).toBe(0);
    expect((JSON.parse(ok.stdout) as ExportResult).files.map((f) => f.file)).toEqual(['stage1.train.jsonl', 'stage2.train.jsonl', 'holdout.jsonl']);
  }, 120_000);
});

