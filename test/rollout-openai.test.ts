// The openai agent against a real local HTTP server speaking chat completions with scripted
// replies: the gold calls played through it pass; tool definitions, sampling options and seeds
// reach the endpoint; parallel calls, malformed calls, 500s, finish_reason length, long tool names
// and capped results are handled as the issue says; the episode limits end episodes by name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import { rollout } from '../harness/run/rollout.js';
import { goldAnswer } from '../harness/verify/gold.js';
import { funnelOf, VERIFIER } from '../harness/verify/index.js';
import { goldScript, type Reply, startChatServer, type ChatRequest, type ChatServer } from './support/chat-server.js';
import { runLines, runOptions, taskWorkspace, tasksOf } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

let built: SynthWorkspace;
let tickets: Task[];
let byInstruction: Map<string, { gold: { tool: string; arguments: object }[]; answer: string }>;
beforeAll(async () => {
  built = await taskWorkspace('rollout-openai');
  tickets = tasksOf(built.dir('ticket-user'));
  byInstruction = new Map(tickets.map((t) => [t.instruction, { gold: t.gold, answer: goldAnswer(t) }]));
}, 120_000);

let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(script: (request: ChatRequest, index: number) => Reply | Promise<Reply>, overrides: Parameters<typeof runOptions>[1] = {}, concurrency = 4) {
  server = await startChatServer(script, { models: ['scripted-model'] });
  const out = join(tempDir('openai'), 'run');
  const result = await rollout({ options: runOptions(built.ws, { agent: 'openai', model: 'scripted-model', baseUrl: server.url, tasks: 'ticket-user/*', ...overrides }), out, resume: false, concurrency, systemPrompt: null, commandLine: [] });
  return { out, result, lines: runLines(out), requests: server.requests };
}

describe('openai agent', () => {
  it('[AGENT-OPENAI] the gold calls played by a chat endpoint pass every ticket task; the MCP tools are sent as functions, tool results come back as tool messages, seed and sampling options reach the endpoint, tokens are counted', async () => {
    const { out, lines, requests, result } = await run(goldScript(byInstruction), { temperature: 0.3, topP: 0.9, maxTokens: 256, seed: 11 });
    expect(lines).toHaveLength(tickets.length);
    for (const line of lines) expect(line).toMatchObject({ agent: 'openai:scripted-model', end: { reason: 'user_stop' }, verdict: { pass: true } });
    expect(result.summary.pass1).toBe(1);
    const contract = JSON.parse(readFileSync(join(built.dir('ticket-user'), 'domain.json'), 'utf8')) as { tools: { name: string }[] };
    const first = requests[0]!;
    expect(first.tools!.map((t) => t.function.name).sort()).toEqual(contract.tools.map((t) => t.name).sort());
    expect(first.tools!.every((t) => t.type === 'function' && (t.function.parameters as { type?: string }).type === 'object')).toBe(true);
    expect(first).toMatchObject({ model: 'scripted-model', temperature: 0.3, top_p: 0.9, max_tokens: 256 });
    // Each episode's own seed, the same on every request of the episode.
    const seeds = new Map(lines.map((l) => [l.messages[1]!.content, l.seed]));
    for (const request of requests) expect(request.seed).toBe(seeds.get(request.messages[1]!.content));
    const withResult = requests.find((r) => r.messages.some((m) => m.role === 'tool'))!;
    const toolMessage = withResult.messages.find((m) => m.role === 'tool')!;
    expect(withResult.messages.find((m) => m.tool_calls)!.tool_calls![0]!.id).toBe(toolMessage.tool_call_id);
    // The exact definitions sent are in the run folder under their hash.
    const sent = lines[0]!.tools!;
    expect(sent.variant).toBe('openai');
    expect(JSON.parse(readFileSync(join(out, sent.file), 'utf8'))).toEqual(first.tools);
    const turns = lines.reduce((n, l) => n + l.modelTurns.length, 0);
    expect(turns).toBe(requests.length);
    expect(result.summary.tokens.agent).toEqual({ prompt: 10 * turns, completion: 5 * turns });
  });

  it('[AGENT-PARALLEL] parallel tool calls in one reply are made in order and each answered by its own tool message', async () => {
    const task = tickets.find((t) => t.gold.length >= 2)!;
    const { lines } = await run(
      (request) => (request.messages.some((m) => m.role === 'tool') ? { content: goldAnswer(task) } : { toolCalls: task.gold.map((g) => ({ name: g.tool, arguments: g.arguments })) }),
      { tasks: task.id },
    );
    const line = lines[0]!;
    expect(line.messages[2]!.tool_calls).toHaveLength(task.gold.length);
    expect(line.messages.slice(3, 3 + task.gold.length).map((m) => m.role)).toEqual(task.gold.map(() => 'tool'));
    expect(line.calls.map((c) => c.tool)).toEqual(task.gold.map((g) => g.tool));
    expect(line.verdict?.pass).toBe(true);
  });

  it('[AGENT-MALFORMED] [VER-REWARD] arguments that are not JSON and an unknown tool are answered as tool errors the agent can correct; nothing reaches the server and the episode passes after the correction', async () => {
    const task = tickets.find((t) => !t.readOnly)!;
    const { lines } = await run(
      (request, index) => {
        if (index === 0) return { toolCalls: [{ name: task.gold[0]!.tool, arguments: '{"ticket_id": 3,,' }, { name: 'drop_all_tables', arguments: {} }] };
        // After the two errors, the gold calls in order.
        const call = task.gold[request.messages.filter((m) => m.role === 'tool').length - 2];
        return call ? { toolCalls: [{ name: call.tool, arguments: call.arguments }] } : { content: goldAnswer(task) };
      },
      { tasks: task.id },
    );
    const line = lines[0]!;
    expect(line.errors.map((e) => e.kind)).toEqual(['bad_arguments', 'unknown_tool']);
    const [bad, unknown] = line.messages.slice(3, 5);
    expect(bad!.content).toMatch(/not valid JSON/);
    expect(unknown!.content).toMatch(/no tool named "drop_all_tables"/);
    expect(line.calls.map((c) => c.tool)).toEqual(task.gold.map((g) => g.tool));
    expect(line.finalDigest).toBe(task.goldDigest);
    // [VER-REWARD] The agent recovered: the reward stands. The malformed calls stay in the messages, so the funnel keeps the trajectory out of training data.
    expect(line.verdict).toMatchObject({ pass: true, failed: {}, verifier: VERIFIER, funnel: { kept: false, stage: 'validity' } });
    expect(line.verdict!.funnel!.reasons.join(' ')).toMatch(/drop_all_tables/);
    expect(funnelOf(line)).toBe(line.verdict!.funnel);
  });

  it('[AGENT-RETRY] an endpoint that answers 500 twice then 200 is retried with backoff and the episode passes; the retries are recorded', async () => {
    const task = tickets[0]!;
    const script = goldScript(byInstruction);
    let failures = 0;
    const { lines } = await run((request) => (failures++ < 2 ? { status: 500 } : script(request)), { tasks: task.id });
    expect(lines[0]).toMatchObject({ end: { reason: 'user_stop' }, verdict: { pass: true } });
    expect(lines[0]!.modelTurns[0]!.retries).toBe(2);
  });

  it('[AGENT-LENGTH] finish_reason length is recorded, and a tool call cut off by it is answered as a tool error', async () => {
    const task = tickets[0]!;
    const { lines } = await run((request, index) => (index === 0 ? { toolCalls: [{ name: task.gold[0]!.tool, arguments: '{"title": "Printer' }], finishReason: 'length' } : { content: 'Sorry, I ran out of room.' }), { tasks: task.id });
    expect(lines[0]!.modelTurns.map((t) => t.finishReason)).toEqual(['length', 'stop']);
    expect(lines[0]!.errors[0]!.kind).toBe('bad_arguments');
    expect(lines[0]!.verdict?.pass).toBe(false);
  });

  it('[AGENT-NAMES] tool names longer than the endpoint allows are sent as short aliases and mapped back: the server sees its own names', async () => {
    const limit = 12;
    const long = tickets.flatMap((t) => t.gold).find((g) => g.tool.length > limit)!;
    const task = tickets.find((t) => t.gold.some((g) => g.tool === long.tool))!;
    const contract = (JSON.parse(readFileSync(join(built.dir('ticket-user'), 'domain.json'), 'utf8')) as { tools: { name: string }[] }).tools.map((t) => t.name);
    const { lines, requests } = await run(
      (request) => {
        // The functions are sent in the server's tools/list order, which is the contract's.
        const alias = (name: string) => request.tools![contract.indexOf(name)]!.function.name;
        const call = task.gold[request.messages.filter((m) => m.role === 'tool').length];
        return call ? { toolCalls: [{ name: alias(call.tool), arguments: call.arguments }] } : { content: goldAnswer(task) };
      },
      { tasks: task.id, toolNameLimit: limit },
    );
    expect(requests[0]!.tools!.every((t) => t.function.name.length <= limit)).toBe(true);
    const line = lines[0]!;
    expect(Object.values(line.tools!.aliases)).toContain(long.tool);
    expect(line.calls.map((c) => c.tool)).toEqual(task.gold.map((g) => g.tool));
    expect(line.verdict?.pass).toBe(true);
  });

  it('[AGENT-CAP] a tool result longer than --result-cap is cut with a note the agent sees, and the cut is recorded', async () => {
    const task = tickets.find((t) => t.gold.some((g) => JSON.stringify(g.result).length > 150))!;
    const { lines, requests } = await run(goldScript(byInstruction), { tasks: task.id, resultCap: 100 });
    const line = lines[0]!;
    const cut = Object.keys(line.truncated).map(Number);
    expect(cut.length).toBeGreaterThan(0);
    for (const at of cut) {
      expect(line.messages[at]!.role).toBe('tool');
      expect(line.messages[at]!.content).toMatch(/\[truncated: the result has \d+ characters and only the first 100 are shown/);
    }
    expect(line.resultCap).toBe(100);
    expect(requests.flatMap((r) => r.messages).filter((m) => m.role === 'tool').every((m) => (m.content ?? '').length < 400)).toBe(true);
  });
});

describe('episode limits', () => {
  it('[EP-LIMITS] an agent that never stops ends at max_turns, one that keeps failing at too_many_errors, one too slow at timeout', async () => {
    const read = tickets.flatMap((t) => t.gold).find((g) => g.read)!;
    const endless = await run(() => ({ toolCalls: [{ name: read.tool, arguments: read.arguments }] }), { tasks: tickets[0]!.id, maxTurns: 4 });
    expect(endless.lines[0]!.end.reason).toBe('max_turns');
    expect(endless.lines[0]!.calls).toHaveLength(4);
    await server!.close();
    const failing = await run(() => ({ toolCalls: [{ name: read.tool, arguments: '{oops' }] }), { tasks: tickets[0]!.id, maxErrors: 3 });
    expect(failing.lines[0]!.end).toMatchObject({ reason: 'too_many_errors', detail: expect.stringMatching(/3 tool calls failed/) });
    await server!.close();
    const slow = await run(() => ({ delayMs: 3000, content: 'late' }), { tasks: tickets[0]!.id, timeout: 0.5 });
    expect(slow.lines[0]!.end.reason).toBe('timeout');
    expect(slow.lines[0]!.verdict?.pass).toBe(false);
  });
});
