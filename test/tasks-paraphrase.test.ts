// Instructions rewritten by a model, against a local scripted chat-completions endpoint over real
// HTTP: a rewrite is kept only when every value survives (and no answer or tool name slips in), the
// rule-based text is recorded beside it, answers are cached by model and rule-based text, and a
// failing or unreachable endpoint costs no task.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTask, type Task } from '../formats/task.js';
import { tasks } from '../generator/tasks/index.js';
import { agentscaler } from './support/cli.js';
import { paraphraseEndpoint, type ParaphraseEndpoint } from './support/paraphrase-endpoint.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';

let built: SynthWorkspace;
let endpoint: ParaphraseEndpoint;
const DOMAINS = ['ticket-user', 'trading-bot-stock-watchlist', 'travel-booking-card-credit'];
const ruleBased = new Map<string, Task>();
const read = () => DOMAINS.flatMap((slug) => readFileSync(join(built.dir(slug), 'tasks.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => parseTask(l)));

/** The scripted models: a faithful one, one that drops quoted values, one that gives the answer away, one that fails. */
function reply(instruction: string, request: { model: string }): string | null {
  if (request.model === 'broken') return null;
  if (request.model === 'lossy') return instruction.replace(/"[^"]*"/g, 'it');
  if (request.model === 'leaky') {
    const answer = [...ruleBased.values()].find((t) => t.instruction === instruction)?.requiredOutputs[0];
    return answer ? `${instruction} You already suspect it is ${String(answer.value)}.` : instruction;
  }
  return instruction.replace(/^You are ([^,]+), /, 'You are $1 — ').replace(/You want to know/g, 'You would like to find out');
}

beforeAll(async () => {
  built = await synthWorkspace(undefined, 'para');
  endpoint = await paraphraseEndpoint(reply);
  await tasks({ ws: built.ws, domains: DOMAINS });
  for (const task of read()) ruleBased.set(task.id, task);
}, 180_000);

afterAll(async () => {
  await endpoint.close();
});

describe('paraphrase [TASK-PARAPHRASE]', () => {
  it('keeps a rewrite that keeps every value, with the model and the rule-based text beside it; the calls do not change', async () => {
    const summary = await tasks({ ws: built.ws, domains: DOMAINS, paraphrase: { model: 'faithful', baseUrl: endpoint.baseUrl } });
    const rewritten = read();
    expect(rewritten.length).toBe(ruleBased.size);
    expect(summary.paraphrase).toMatchObject({ model: 'faithful', kept: rewritten.length, rejected: 0, failed: 0 });
    for (const task of rewritten) {
      const before = ruleBased.get(task.id)!;
      expect(task.paraphrase).toEqual({ model: 'faithful', ruleBased: before.instruction });
      expect(task.instruction).not.toBe(before.instruction);
      expect(task.gold).toEqual(before.gold);
      expect(task.goldDigest).toBe(before.goldDigest);
    }
    const first = endpoint.requests[0]!;
    expect(first.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first.messages[1]!.content).toBe(ruleBased.get(rewritten[0]!.id)!.instruction);
  });

  it('answers a rerun from the cache: no request, the same files', async () => {
    const asked = endpoint.requests.length;
    const before = DOMAINS.map((slug) => readFileSync(join(built.dir(slug), 'tasks.jsonl'), 'utf8'));
    const summary = await tasks({ ws: built.ws, domains: DOMAINS, paraphrase: { model: 'faithful', baseUrl: endpoint.baseUrl } });
    expect(endpoint.requests.length).toBe(asked);
    expect(summary.paraphrase).toMatchObject({ cached: ruleBased.size, kept: ruleBased.size });
    expect(DOMAINS.map((slug) => readFileSync(join(built.dir(slug), 'tasks.jsonl'), 'utf8'))).toEqual(before);
  });

  it('keeps the rule-based text when a rewrite loses a value or gives an answer away, and caches that too', async () => {
    const lossy = await tasks({ ws: built.ws, domains: DOMAINS, paraphrase: { model: 'lossy', baseUrl: endpoint.baseUrl } });
    const withQuotes = [...ruleBased.values()].filter((t) => t.instruction.includes('"')).length;
    expect(withQuotes).toBeGreaterThan(5);
    expect(lossy.paraphrase!.rejected).toBe(withQuotes);
    for (const task of read()) if (task.paraphrase === undefined) expect(task.instruction).toBe(ruleBased.get(task.id)!.instruction);
    const leaky = await tasks({ ws: built.ws, domains: DOMAINS, paraphrase: { model: 'leaky', baseUrl: endpoint.baseUrl } });
    // A rewrite that says the answer the user is to be told would make the task test nothing.
    // (An answer the instruction already holds, a ticket number, say, gives nothing away.)
    const asking = [...ruleBased.values()].filter((t) => t.requiredOutputs.length > 0 && !t.instruction.includes(String(t.requiredOutputs[0]!.value))).length;
    expect(asking).toBeGreaterThan(3);
    expect(leaky.paraphrase!.rejected).toBe(asking);
    const asked = endpoint.requests.length;
    const again = await tasks({ ws: built.ws, domains: DOMAINS, paraphrase: { model: 'lossy', baseUrl: endpoint.baseUrl } });
    expect(endpoint.requests.length).toBe(asked);
    expect(again.paraphrase!.rejected).toBe(withQuotes);
  });

  it('keeps every task when the endpoint fails, asks again next time, and names an unreachable URL', async () => {
    const problems: string[] = [];
    const broken = await tasks({ ws: built.ws, domains: DOMAINS, paraphrase: { model: 'broken', baseUrl: endpoint.baseUrl }, onProblem: (l) => problems.push(l) });
    expect(broken.paraphrase).toMatchObject({ failed: ruleBased.size, kept: 0 });
    expect(read().map((t) => t.instruction)).toEqual([...ruleBased.values()].map((t) => t.instruction));
    expect(problems.some((p) => p.startsWith('paraphrase: the endpoint failed'))).toBe(true);
    const asked = endpoint.requests.length;
    await tasks({ ws: built.ws, domains: DOMAINS, paraphrase: { model: 'broken', baseUrl: endpoint.baseUrl } });
    expect(endpoint.requests.length).toBe(asked + ruleBased.size);

    const unreachable = await agentscaler(['tasks', '--ws', built.ws, '--domains', DOMAINS[0]!, '--paraphrase', '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1']);
    expect(unreachable.exitCode).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/v1\/chat\/completions .*check --base-url/);
    const incomplete = await agentscaler(['tasks', '--ws', built.ws, '--paraphrase', '--model', 'm']);
    expect(incomplete.exitCode).toBe(2);
    expect(incomplete.stderr).toContain('--paraphrase needs --model M and --base-url URL');
  }, 60_000);
});
