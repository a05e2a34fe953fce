// The verifier on real emitted domains (the BFCL ticket and trading servers): tasks made by hand by
// running their gold calls, the oracle's trajectory, and mutants of it played against a fresh state,
// each failing the check it should, with a reason that says where.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import type { GoldCall, RequiredOutput, Task } from '../formats/task.js';
import type { Trajectory } from '../formats/trajectory.js';
import type { Json } from '../formats/toolspec.js';
import { goldAnswer, goldTrajectory, transcript, verify, type Step, type VerifyOptions } from '../harness/verify/index.js';
import { synthWorkspace } from './support/servers.js';

type Runtime = typeof import('../templates/runtime/environment.js');
type Call = [tool: string, args: Record<string, Json>];

let ticketDir: string;
let tradingDir: string;
let filesDir: string;

beforeAll(async () => {
  const ws = await synthWorkspace(undefined, 'verify');
  const withTool = (tool: string) => {
    const slug = ws.slugs.find((s) => (JSON.parse(readFileSync(join(ws.dir(s), 'domain.json'), 'utf8')) as DomainContract).tools.some((t) => t.name === tool));
    if (!slug) throw new Error(`no emitted domain has ${tool}`);
    return ws.dir(slug);
  };
  ticketDir = withTool('create_ticket');
  tradingDir = withTool('fund_account');
  filesDir = withTool('sort');
}, 120_000);

const CLOCK = '2025-01-06T09:00:00.000Z';

async function open(dir: string) {
  const { openEnvironment } = (await import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href)) as Runtime;
  return openEnvironment({ dir, clock: CLOCK });
}

/** The value at a dotted path of a result (`items.0.price`). */
const at = (value: Json, path: string): Json => path.split('.').reduce<Json>((v, key) => (v as Record<string, Json>)[key]!, value);

/**
 * A task made by hand: run `plan` on a fresh state (a step may use earlier results), keep the
 * calls, results and digests; `outputs` name the results the user asks to be told.
 */
async function makeTask(dir: string, id: string, instruction: string, plan: (Call | ((results: Record<string, Json>[]) => Call))[], outputs: Omit<RequiredOutput, 'value'>[] = []): Promise<Task> {
  const env = await open(dir);
  const initial = env.digest();
  const gold: GoldCall[] = [];
  for (const step of plan) {
    const [tool, args] = typeof step === 'function' ? step(gold.map((g) => g.result)) : step;
    const result = env.call(tool, args);
    if (result.isError) throw new Error(`gold call ${tool} failed: ${JSON.stringify(result.content)}`);
    const read = env.tools.find((t) => t.name === tool)!.annotations.readOnlyHint;
    gold.push({ tool, arguments: args, result: result.structuredContent as Record<string, Json>, read });
  }
  const task: Task = {
    version: 2,
    instructionStyle: 'goal',
    id,
    domain: env.contract.slug,
    instruction,
    persona: { name: 'Dana Lee', role: 'a support lead', style: 'brief' },
    initial: { seed: 'seed.sqlite', digest: initial, clock: CLOCK },
    gold,
    goldDigest: env.digest(),
    requiredOutputs: outputs.map((o) => ({ ...o, value: at(gold[o.call]!.result, o.path) as string | number | boolean })),
    basis: [],
    readOnly: gold.every((g) => g.read),
  };
  task.basis = ['state', ...(task.readOnly ? (['calls'] as const) : []), ...(outputs.length > 0 ? (['outputs'] as const) : [])];
  env.close();
  return task;
}

/** An agent that makes `calls` on a fresh state and then says `answer`: its trajectory and final state. */
async function play(dir: string, task: Task, calls: Call[], answer = goldAnswer(task)): Promise<{ trajectory: Trajectory; finalState: Buffer }> {
  const env = await open(dir);
  const steps: Step[] = calls.map(([tool, args]) => {
    const result = env.call(tool, args);
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    return { tool, arguments: args, isError: result.isError === true, result: result.isError ? null : (result.structuredContent as Record<string, Json>), text };
  });
  const played = { trajectory: transcript(task, steps, answer, env.digest()), finalState: env.snapshot() };
  env.close();
  return played;
}

const goldCalls = (task: Task): Call[] => task.gold.map((g) => [g.tool, g.arguments]);

/** Play `calls` and verify them with the package and the final state at hand. */
async function grade(dir: string, task: Task, calls: Call[], answer?: string, options: VerifyOptions = {}) {
  const { trajectory, finalState } = await play(dir, task, calls, answer);
  return verify(task, trajectory, { dir, finalState, ...options });
}

const ticketStatus = (dir: string, id: number) => open(dir).then((env) => {
  const status = (env.call('get_ticket', { ticket_id: id }).structuredContent as { status: string }).status;
  env.close();
  return status;
});

describe('tickets: create a ticket and close it (a write task)', () => {
  let task: Task;
  let created: number;
  beforeAll(async () => {
    task = await makeTask(ticketDir, 'ticket-user/1', 'You want a ticket "Printer jam on floor 3" (paper stuck in tray 2, priority 4) opened and then closed; tell me its id.', [
      ['create_ticket', { title: 'Printer jam on floor 3', description: 'Paper stuck in tray 2', priority: 4 }],
      (results) => ['close_ticket', { ticket_id: results[0]!.id! }],
    ], [{ call: 0, path: 'id', asked: "the new ticket's id" }]);
    created = task.gold[0]!.result.id as number;
  });
  const create = (args: Record<string, Json> = {}): Call => ['create_ticket', { title: 'Printer jam on floor 3', description: 'Paper stuck in tray 2', priority: 4, ...args }];
  const close = (id = created): Call => ['close_ticket', { ticket_id: id }];

  it('[VER-VALIDITY] [VER-STATE] [VER-CALLS] [VER-OUTPUTS] the gold trajectory passes every check, played or built from the task alone', async () => {
    expect(task.readOnly).toBe(false);
    const played = await grade(ticketDir, task, goldCalls(task));
    expect(played).toMatchObject({ pass: true, checks: { validity: { applies: true, pass: true, reasons: [] }, state: { applies: true, pass: true, reasons: [] }, outputs: { applies: true, pass: true } } });
    expect(played.checks.calls).toEqual({ applies: false, pass: true, reasons: ['not checked for the reward: state and outputs decide it (exactMatch: off); the funnel matches calls'] });
    expect(played.funnel).toEqual({ kept: true, stage: null, reasons: [] });
    expect(played.diff).toBeUndefined();

    // The oracle's trajectory, built from the task alone, is graded on its digest.
    const oracle = goldTrajectory(task);
    expect(oracle.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    expect(oracle.messages.at(-1)!.content).toContain(String(created));
    expect(await verify(task, oracle, { dir: ticketDir, exactMatch: 'all' })).toMatchObject({ pass: true });
  });

  it('[VER-STATE] a do-nothing agent fails the state: the diff lists the ticket it never made', async () => {
    const verdict = await grade(ticketDir, task, [], 'Sorry, I cannot help with that.');
    expect(verdict.pass).toBe(false);
    expect(verdict.checks.validity.pass).toBe(true);
    expect(verdict.checks.state.pass).toBe(false);
    expect(verdict.diff).toEqual([{ table: 'tickets', key: created, column: '*', expected: expect.objectContaining({ id: created, status: 'closed', priority: 4 }), actual: null }]);
    expect(verdict.checks.state.reasons).toEqual(['the final state differs from the gold state in 1 place', expect.stringMatching(new RegExp(`^missing row tickets ${created}: \\{id: ${created}, .*status: "closed"`))]);
    expect(verdict.checks.outputs.reasons).toEqual([`required output 'the new ticket's id' = ${created} not found in the agent's messages`]);
  });

  it('[VER-STATE] dropping a write fails the state: without the create the close errors and the row is missing; without the close the status differs', async () => {
    const noCreate = await grade(ticketDir, task, [close()]);
    expect(noCreate.checks.validity.pass).toBe(true);
    expect(noCreate.checks.state.pass).toBe(false);
    expect(noCreate.diff).toEqual([expect.objectContaining({ table: 'tickets', key: created, column: '*', actual: null })]);
    expect(noCreate.checks.state.reasons[1]).toMatch(`missing row tickets ${created}`);

    const noClose = await grade(ticketDir, task, [create()]);
    expect(noClose.diff).toEqual([{ table: 'tickets', key: created, column: 'status', expected: 'closed', actual: 'open' }]);
    expect(noClose.checks.state.reasons).toContain(`tickets ${created} status: expected "closed", got "open"`);
  });

  it('[VER-STATE] changing one argument of a write fails the state, and the diff names the column', async () => {
    const verdict = await grade(ticketDir, task, [create({ priority: 2 }), close()]);
    expect(verdict.pass).toBe(false);
    expect(verdict.checks.state.pass).toBe(false);
    expect(verdict.diff).toEqual([{ table: 'tickets', key: created, column: 'priority', expected: 4, actual: 2 }]);
    expect(verdict.checks.state.reasons).toEqual(['the final state differs from the gold state in 1 place', `tickets ${created} priority: expected 4, got 2`]);
  });

  it('[VER-STATE] swapping two dependent calls fails the state (the early close errors, the ticket stays open); the tool error itself is not invalid', async () => {
    const { trajectory, finalState } = await play(ticketDir, task, [close(), create()]);
    expect(trajectory.calls.map((c) => c.isError)).toEqual([true, false]);
    const verdict = await verify(task, trajectory, { dir: ticketDir, finalState });
    expect(verdict.checks.validity).toEqual({ applies: true, pass: true, reasons: [] });
    expect(verdict.checks.state.pass).toBe(false);
    expect(verdict.diff).toEqual([{ table: 'tickets', key: created, column: 'status', expected: 'closed', actual: 'open' }]);
    // Exact match, where asked for, sees the order too.
    const all = await verify(task, trajectory, { dir: ticketDir, finalState, exactMatch: 'all' });
    expect(all.checks.calls.reasons).toEqual([`gold call 2 missing: expected close_ticket {ticket_id: ${created}}, got no call`, '1 successful call against 2 gold calls (1 errored call skipped)']);
  });

  it('[VER-STATE] an extra write fails the state: the diff lists the extra row', async () => {
    const verdict = await grade(ticketDir, task, [create(), close(), ['create_ticket', { title: 'Coffee machine' }]]);
    expect(verdict.checks.state.pass).toBe(false);
    expect(verdict.diff).toEqual([{ table: 'tickets', key: created + 1, column: '*', expected: null, actual: expect.objectContaining({ title: 'Coffee machine', status: 'open' }) }]);
    // The row as stored, in its table's column order.
    expect(verdict.checks.state.reasons[1]).toMatch(`extra row tickets ${created + 1}: {id: ${created + 1}, `);
    expect(verdict.checks.state.reasons[1]).toContain('title: "Coffee machine"');
  });

  it('[VER-VALIDITY] [VER-CALLS] an errored call followed by a correct retry still passes every check, exact match included', async () => {
    const { trajectory, finalState } = await play(ticketDir, task, [create(), close(created + 100), close()]);
    expect(trajectory.calls[1]).toMatchObject({ isError: true, result: null });
    const verdict = await verify(task, trajectory, { dir: ticketDir, finalState, exactMatch: 'all' });
    expect(verdict).toEqual({ pass: true, checks: expect.anything(), funnel: { kept: true, stage: null, reasons: [] } });
    expect(Object.values(verdict.checks).every((c) => c.applies && c.pass)).toBe(true);
  });

  it('[VER-VALIDITY] [VER-REWARD] a call to an unknown tool that never ran keeps the trajectory out of the funnel, not from its reward; a listed-nowhere tool that ran fails validity', async () => {
    const recovered = await grade(ticketDir, task, [create(), ['close_tickets', { ticket_id: created }], close()]);
    expect(recovered.checks.validity).toEqual({ applies: true, pass: true, reasons: [] });
    expect(recovered.pass).toBe(true);
    expect(recovered.funnel).toEqual({ kept: false, stage: 'validity', reasons: ['message 5, tool call call_2: "close_tickets" is not a listed tool'] });
    // An explicit tool list is what the agent was given: a tool of the domain left out of it is not listed either.
    const { trajectory, finalState } = await play(ticketDir, task, goldCalls(task));
    const narrowed = await verify(task, trajectory, { dir: ticketDir, finalState, tools: ['create_ticket', 'get_ticket'] });
    expect(narrowed.checks.validity.reasons).toEqual(['message 5, tool call call_2: "close_ticket" is not a listed tool']);
    expect(narrowed.checks.state.pass).toBe(true);
  });

  it('[VER-VALIDITY] arguments that do not parse as a JSON object fail validity, quoting them', async () => {
    const { trajectory, finalState } = await play(ticketDir, task, goldCalls(task));
    trajectory.messages[2]!.tool_calls![0]!.function.arguments = '{"title": "Printer jam on floor 3", "priority": 4';
    const verdict = await verify(task, trajectory, { dir: ticketDir, finalState });
    expect(verdict.pass).toBe(false);
    expect(verdict.checks.validity.reasons).toHaveLength(1);
    expect(verdict.checks.validity.reasons[0]).toMatch(/^message 3, tool call call_1 \(create_ticket\): its arguments are not JSON \(.+\): \{"title": "Printer jam on floor 3", "priority": 4$/);
    trajectory.messages[4]!.tool_calls![0]!.function.arguments = '[3]';
    expect((await verify(task, trajectory, { dir: ticketDir, finalState })).checks.validity.reasons[1]).toBe('message 5, tool call call_2 (close_ticket): its arguments are an array, not an object');
  });

  it('[VER-STATE] an ignore list lets a difference in an ignored column pass; others still fail', async () => {
    const calls = [create({ description: 'paper stuck' }), close()];
    const strict = await grade(ticketDir, task, calls);
    expect(strict.checks.state.pass).toBe(false);
    expect(strict.diff).toEqual([{ table: 'tickets', key: created, column: 'description', expected: 'Paper stuck in tray 2', actual: 'paper stuck' }]);

    const ignored = await grade(ticketDir, task, calls, undefined, { ignore: ['tickets.description'] });
    expect(ignored.pass).toBe(true);
    expect(ignored.diff).toEqual([]);
    expect(ignored.checks.state.reasons).toEqual(['the final state differs from the gold state only in ignored columns (tickets.description)']);

    const other = await grade(ticketDir, task, calls, undefined, { ignore: ['priority'] });
    expect(other.checks.state.pass).toBe(false);
    expect(other.checks.state.reasons[0]).toBe('the final state differs from the gold state in 1 place (ignoring priority)');

    // Without the final state there is nothing to diff: the digests decide, and the reason says what to pass.
    const { trajectory } = await play(ticketDir, task, calls);
    const blind = await verify(task, trajectory, { dir: ticketDir, ignore: ['tickets.description'] });
    expect(blind.checks.state).toEqual({ applies: true, pass: false, reasons: [`the final digest ${trajectory.finalDigest} is not the gold digest ${task.goldDigest} (pass finalState for a row-level diff)`] });
  });

  it('[VER-STATE] a final state that is not the one the trajectory reports, or a task its package no longer reproduces, fails with the reason', async () => {
    const { trajectory } = await play(ticketDir, task, goldCalls(task));
    const { finalState: other } = await play(ticketDir, task, []);
    const mixed = await verify(task, trajectory, { dir: ticketDir, finalState: other });
    expect(mixed.checks.state.reasons[0]).toMatch(/^the final state given has digest v2:sha256:\w+, but the trajectory records v2:sha256:\w+; the recorder kept another state than it reported$/);

    const stale: Task = { ...task, id: 'ticket-user/stale', gold: [task.gold[0]!], goldDigest: task.goldDigest };
    const wrong = await play(ticketDir, stale, [create()]);
    const verdict = await verify(stale, wrong.trajectory, { dir: ticketDir, finalState: wrong.finalState });
    expect(verdict.checks.state.pass).toBe(false);
    expect(verdict.checks.state.reasons).toContain(`task ticket-user/stale does not match the package in ${ticketDir}; regenerate its tasks`);
  });
});

describe('tickets: look a ticket up (a read-only task)', () => {
  let task: Task;
  let status: string;
  beforeAll(async () => {
    task = await makeTask(ticketDir, 'ticket-user/2', 'You want to know the status of ticket 1.', [['get_ticket', { ticket_id: 1 }]], [{ call: 0, path: 'status', asked: "the ticket's status" }]);
    status = task.requiredOutputs[0]!.value as string;
  });

  it('[VER-CALLS] [VER-OUTPUTS] the gold trajectory passes, exact match and outputs included; the gold digest is the initial one', async () => {
    expect(task.readOnly).toBe(true);
    expect(task.goldDigest).toBe(task.initial.digest);
    expect(status).toBe(await ticketStatus(ticketDir, 1));
    const verdict = await grade(ticketDir, task, goldCalls(task), `Ticket 1 is currently ${status.toUpperCase()}.`);
    expect(verdict.pass).toBe(true);
    expect(verdict.checks.calls.applies).toBe(false);
    expect(verdict.funnel).toEqual({ kept: true, stage: null, reasons: [] });
    expect(verdict.checks.outputs).toEqual({ applies: true, pass: true, reasons: [] });
    const strict = await grade(ticketDir, task, goldCalls(task), `Ticket 1 is currently ${status}.`, { exactMatch: 'read-only' });
    expect(strict.checks.calls).toEqual({ applies: true, pass: true, reasons: [] });
  });

  it('[VER-OUTPUTS] [VER-REWARD] a do-nothing agent passes the state (nothing was to change) but fails the outputs (the reward) and the calls (the funnel)', async () => {
    const verdict = await grade(ticketDir, task, [], 'I could not look that up.');
    expect(verdict.checks.state.pass).toBe(true);
    expect(verdict.funnel).toEqual({ kept: false, stage: 'calls', reasons: ['gold call 1 missing: expected get_ticket {ticket_id: 1}, got no call', '0 successful calls against 1 gold call'] });
    expect(verdict.checks.outputs.reasons).toEqual([`required output 'the ticket's status' = ${status} not found in the agent's messages`]);
    expect(verdict.pass).toBe(false);
  });

  it('[VER-OUTPUTS] a wrong answer value fails the outputs only', async () => {
    const wrong = ['open', 'closed', 'resolved'].find((s) => s !== status)!;
    const verdict = await grade(ticketDir, task, goldCalls(task), `Ticket 1 is ${wrong}.`);
    expect(verdict.pass).toBe(false);
    expect(verdict.checks.validity.pass && verdict.checks.state.pass && verdict.checks.calls.pass).toBe(true);
    expect(verdict.checks.outputs).toEqual({ applies: true, pass: false, reasons: [`required output 'the ticket's status' = ${status} not found in the agent's messages`] });
  });

  it('[VER-STATE] a write in a read-only task fails the state', async () => {
    const verdict = await grade(ticketDir, task, [...goldCalls(task), ['create_ticket', { title: 'Unasked for' }]]);
    expect(verdict.checks.state.pass).toBe(false);
    expect(verdict.diff).toEqual([expect.objectContaining({ column: '*', expected: null, actual: expect.objectContaining({ title: 'Unasked for' }) })]);
  });

  it('[VER-VALIDITY] the same call five times in a row fails validity; three times is allowed, and the threshold is an option', async () => {
    const five = await grade(ticketDir, task, Array.from({ length: 5 }, () => goldCalls(task)[0]!));
    expect(five.funnel).toEqual({ kept: false, stage: 'validity', reasons: ['calls 1–5: get_ticket {ticket_id: 1} made 5 times in a row (at most 3 allowed)'] });
    // Repetition is unfit to train on; the task itself was done.
    expect(five.pass).toBe(true);
    const three = await grade(ticketDir, task, Array.from({ length: 3 }, () => goldCalls(task)[0]!));
    expect(three.funnel.kept).toBe(true);
    const lenient = await grade(ticketDir, task, Array.from({ length: 5 }, () => goldCalls(task)[0]!), undefined, { repetition: { maxRepeatedCalls: 5 } });
    expect(lenient.funnel.kept).toBe(true);
  });

  it('[VER-EXTRA-READS] [VER-REWARD] an extra look-up passes the reward and the funnel by default; --strict-calls makes it one extra call, which fails under exact match', async () => {
    const calls: Call[] = [['get_user_tickets', {}], ...goldCalls(task)];
    const byDefault = await grade(ticketDir, task, calls);
    expect(byDefault.pass).toBe(true);
    expect(byDefault.funnel.kept).toBe(true);
    expect((await grade(ticketDir, task, calls, undefined, { exactMatch: 'all' })).pass).toBe(true);
    const strict = await grade(ticketDir, task, calls, undefined, { exactMatch: 'read-only', strictCalls: true });
    expect(strict.pass).toBe(false);
    expect(strict.checks.calls.reasons).toEqual([
      'call 1: got get_user_tickets {}, which the gold calls do not have',
      '2 successful calls against 1 gold call',
    ]);
    expect(strict.funnel).toMatchObject({ kept: false, stage: 'calls' });
  });

  it('[VER-CALLS] a wrong argument fails exact match with both calls quoted; an errored attempt before the right call is skipped', async () => {
    const wrong = await grade(ticketDir, task, [['get_ticket', { ticket_id: 2 }]], undefined, { exactMatch: 'read-only' });
    expect(wrong.checks.calls.reasons[0]).toBe('call 1: expected get_ticket {ticket_id: 1}, got get_ticket {ticket_id: 2}');
    const retried = await grade(ticketDir, task, [['get_ticket', { ticket_id: 'one' }], ...goldCalls(task)], undefined, { exactMatch: 'read-only' });
    expect(retried.checks.calls).toEqual({ applies: true, pass: true, reasons: [] });
    expect(retried.pass).toBe(true);
  });
});

describe('trading: fund, withdraw, read the balance (a write task whose order does not matter)', () => {
  let task: Task;
  let balance: number;
  beforeAll(async () => {
    task = await makeTask(tradingDir, 'trading/1', 'You want to add 250.50 to your trading account, take 100 out, and hear the balance.', [
      ['fund_account', { amount: 250.5 }],
      ['withdraw_funds', { amount: 100 }],
      ['get_account_info', {}],
    ], [{ call: 2, path: 'account_balance', asked: 'the account balance' }]);
    balance = task.requiredOutputs[0]!.value as number;
  });

  it('[VER-OUTPUTS] the gold trajectory passes, and the balance may be written as money', async () => {
    expect(typeof balance).toBe('number');
    expect((await grade(tradingDir, task, goldCalls(task))).pass).toBe(true);
    const money = `$${balance.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const verdict = await grade(tradingDir, task, goldCalls(task), `Your balance is now ${money}.`);
    expect(verdict.checks.outputs).toEqual({ applies: true, pass: true, reasons: [] });
    const off = await grade(tradingDir, task, goldCalls(task), `Your balance is now $${(balance + 1).toFixed(2)}.`);
    expect(off.checks.outputs.reasons).toEqual([`required output 'the account balance' = ${balance} not found in the agent's messages`]);
  });

  it('[VER-CALLS] calls in another order that reach the same state pass by default and with exactMatch off, and fail with exactMatch all', async () => {
    const swapped: Call[] = [['withdraw_funds', { amount: 100 }], ['fund_account', { amount: 250.5 }], ['get_account_info', {}]];
    const byDefault = await grade(tradingDir, task, swapped);
    expect(byDefault.pass).toBe(true);
    expect(byDefault.checks.calls.applies).toBe(false);
    expect((await grade(tradingDir, task, swapped, undefined, { exactMatch: 'off' })).pass).toBe(true);
    const all = await grade(tradingDir, task, swapped, undefined, { exactMatch: 'all' });
    expect(all.pass).toBe(false);
    expect(all.checks.state.pass).toBe(true);
    expect(all.checks.calls.reasons).toEqual(['call 1: withdraw_funds {amount: 100} is out of order (gold call 2)', '3 successful calls against 3 gold calls']);
  });

  it('[VER-STATE] a wrong amount fails the state with the balance column in the diff', async () => {
    const verdict = await grade(tradingDir, task, [['fund_account', { amount: 25.05 }], ['withdraw_funds', { amount: 100 }], ['get_account_info', {}]], `Your balance is ${balance}.`);
    expect(verdict.checks.state.pass).toBe(false);
    expect(verdict.diff).toEqual([expect.objectContaining({ table: expect.stringMatching(/_state$/), key: 1, column: 'account_balance', expected: balance })]);
  });
});

describe('verify() inputs', () => {
  it('[VER-VALIDITY] refuses a trajectory of another task, and asks for the tool list when it has no package', async () => {
    const task = await makeTask(ticketDir, 'ticket-user/3', 'Look up ticket 2.', [['get_ticket', { ticket_id: 2 }]]);
    const trajectory = goldTrajectory(task);
    await expect(verify({ ...task, id: 'other/1' }, trajectory, { dir: ticketDir })).rejects.toThrow('the trajectory is of task "ticket-user/3", not of "other/1"');
    await expect(verify(task, trajectory)).rejects.toThrow(`pass options.tools, or options.dir (the package folder of domain ${task.domain})`);
    // With the tool names alone, the digests decide the state.
    expect(await verify(task, trajectory, { tools: ['get_ticket'] })).toMatchObject({ pass: true });
    expect(await verify(task, { ...trajectory, finalDigest: 'sha256:0' }, { tools: ['get_ticket'] })).toMatchObject({ pass: false, checks: { state: { reasons: [`the final digest sha256:0 is not the gold digest ${task.goldDigest} (pass dir and finalState for a row-level diff)`] } } });
  });
});

describe('files: read a file (two tools bound to the same read)', () => {
  let task: Task;
  let file: string;
  beforeAll(async () => {
    const env = await open(filesDir);
    file = (env.db.prepare('SELECT file_name FROM files ORDER BY file_name LIMIT 1').get() as { file_name: string }).file_name;
    env.close();
    task = await makeTask(filesDir, 'files/1', `You want to see what ${file} holds.`, [['cat', { file_name: file }]]);
  });

  it('[VER-EQUIVALENT] a tool bound to the same operator on the same table with the same effective arguments is the same call: sort for cat passes exact match; another file does not', async () => {
    const contract = JSON.parse(readFileSync(join(filesDir, 'domain.json'), 'utf8')) as DomainContract;
    const binding = (name: string) => contract.tools.find((t) => t.name === name)!.binding;
    expect([binding('sort').operator, binding('sort').table]).toEqual([binding('cat').operator, binding('cat').table]);
    const other = await grade(filesDir, task, [['sort', { file_name: file }]], undefined, { exactMatch: 'all' });
    expect(other.checks.calls).toEqual({ applies: true, pass: true, reasons: [] });
    expect(other.funnel.kept).toBe(true);
    const env = await open(filesDir);
    const second = (env.db.prepare('SELECT file_name FROM files WHERE file_name <> ? LIMIT 1').get(file) as { file_name: string } | undefined)?.file_name;
    env.close();
    if (second) {
      const wrong = await grade(filesDir, task, [['sort', { file_name: second }]], undefined, { exactMatch: 'all', strictCalls: true });
      expect(wrong.checks.calls.pass).toBe(false);
      expect(wrong.checks.calls.reasons[0]).toBe(`call 1: expected cat {file_name: ${JSON.stringify(file)}}, got sort {file_name: ${JSON.stringify(second)}}`);
    }
  });
});
