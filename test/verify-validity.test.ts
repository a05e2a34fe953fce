// Validity on hand-written conversations: the shape of the turns, the tool calls' names and
// arguments, and degenerate repetition of calls and of text. No server needed: only the tool names.
import { describe, expect, it } from 'vitest';
import type { TaskV1 } from '../formats/task.js';
import type { CallRecord, Message, Trajectory } from '../formats/trajectory.js';
import { checkValidity } from '../harness/verify/validity.js';
import { repeatedNgramShare, words } from '../harness/verify/repetition.js';
import { goldTrajectory, verify } from '../harness/verify/index.js';

const TOOLS = ['get_ticket', 'close_ticket'];

// A version-1 task, as files written before version 2 hold them: the verifier still reads it.
const task: TaskV1 = {
  version: 1,
  id: 'tickets/1',
  domain: 'tickets',
  instruction: 'Close ticket 3 and tell me its status.',
  persona: { name: 'Dana Lee', role: 'a support lead', style: 'brief' },
  initial: { seed: 'seed.sqlite', digest: 'sha256:a', clock: '2025-01-06T09:00:00.000Z' },
  gold: [{ tool: 'close_ticket', arguments: { ticket_id: 3 }, result: { id: 3, status: 'closed' }, read: false }],
  goldDigest: 'sha256:b',
  requiredOutputs: [{ call: 0, path: 'status', value: 'closed', asked: "the ticket's status" }],
  basis: ['state', 'outputs'],
  readOnly: false,
};

const call = (id: string, name: string, args: string): NonNullable<Message['tool_calls']>[number] => ({ id, type: 'function', function: { name, arguments: args } });
const record = (tool: string, args: unknown, isError = false): CallRecord => ({ tool, arguments: args as CallRecord['arguments'], isError, result: isError ? null : {}, text: '' });
const trajectory = (messages: Message[], calls: CallRecord[] = []): Trajectory => ({ version: 1, task: task.id, messages, calls, finalDigest: 'sha256:b' });
const valid = (t: Trajectory, tools = TOOLS) => checkValidity(t, tools);

const opening: Message[] = [
  { role: 'system', content: 'You help with tickets.' },
  { role: 'user', content: task.instruction },
];

describe('turns [VER-VALIDITY]', () => {
  it('[VER-VALIDITY] accepts the oracle trajectory, with or without a system prompt, and parallel tool calls answered in any order', () => {
    const gold = goldTrajectory(task);
    expect(valid(gold)).toEqual({ applies: true, pass: true, reasons: [] });
    expect(valid({ ...gold, messages: gold.messages.slice(1) }).pass).toBe(true);
    const parallel = trajectory([
      ...opening,
      { role: 'assistant', content: null, tool_calls: [call('a', 'get_ticket', '{"ticket_id":3}'), call('b', 'get_ticket', '{"ticket_id":4}')] },
      { role: 'tool', tool_call_id: 'b', content: '{}' },
      { role: 'tool', tool_call_id: 'a', content: '{}' },
      { role: 'assistant', content: 'Both are closed.' },
      { role: 'user', content: 'Thanks.' },
      { role: 'assistant', content: 'You are welcome.' },
    ]);
    expect(valid(parallel)).toEqual({ applies: true, pass: true, reasons: [] });
  });

  it('[VER-VALIDITY] names each broken turn: wrong start, two user turns in a row, unanswered and stray tool results, no final answer', () => {
    expect(valid(trajectory([])).reasons).toEqual(['the trajectory has no messages']);
    expect(valid(trajectory([{ role: 'assistant', content: 'Hello.' }])).reasons).toEqual(['message 1 is an assistant message; an episode starts with the system prompt or the user']);
    expect(valid(trajectory([...opening, { role: 'user', content: 'Hurry.' }, { role: 'assistant', content: 'Done.' }])).reasons).toEqual(['messages 2 and 3 are two user messages in a row']);
    expect(valid(trajectory([...opening, { role: 'assistant', content: null, tool_calls: [call('a', 'close_ticket', '{"ticket_id":3}'), call('b', 'get_ticket', '{"ticket_id":3}')] }, { role: 'tool', tool_call_id: 'a', content: '{}' }, { role: 'assistant', content: 'Closed.' }])).reasons)
      .toEqual(['message 3: tool call b got no tool result']);
    expect(valid(trajectory([...opening, { role: 'assistant', content: null, tool_calls: [call('a', 'close_ticket', '{"ticket_id":3}')] }, { role: 'tool', tool_call_id: 'a', content: '{}' }, { role: 'tool', tool_call_id: 'z', content: '{}' }, { role: 'assistant', content: 'Closed.' }])).reasons)
      .toEqual(['message 5 is a tool result for z, which is no unanswered call of message 3']);
    expect(valid(trajectory([...opening, { role: 'tool', tool_call_id: 'a', content: '{}' }, { role: 'assistant', content: 'Closed.' }])).reasons).toEqual(['message 3 is a tool result (a) that answers no assistant tool call']);
    expect(valid(trajectory([...opening, { role: 'assistant', content: null, tool_calls: [call('a', 'close_ticket', '{}'), call('a', 'close_ticket', '{}')] }, { role: 'tool', tool_call_id: 'a', content: '{}' }, { role: 'assistant', content: 'Closed.' }])).reasons)
      .toEqual(['message 3: two tool calls share the id a']);
    expect(valid(trajectory(opening)).reasons).toEqual(["the episode ends with a user message, not with the agent's answer"]);
    expect(valid(trajectory([...opening, { role: 'assistant', content: null, tool_calls: [call('a', 'close_ticket', '{"ticket_id":3}')] }])).reasons)
      .toEqual(['message 3: tool call a got no tool result', "the episode ends with tool calls, not with the agent's answer"]);
  });
});

describe('tool calls [VER-VALIDITY]', () => {
  it('[VER-VALIDITY] every call names a listed tool and has an object of arguments, in the messages and in the server record', () => {
    const messages: Message[] = [
      ...opening,
      { role: 'assistant', content: null, tool_calls: [call('a', 'close_tickets', '{"ticket_id":3}'), call('b', 'close_ticket', '3'), call('c', 'get_ticket', '')] },
      { role: 'tool', tool_call_id: 'a', content: 'Tool close_tickets not found' },
      { role: 'tool', tool_call_id: 'b', content: 'Input validation error' },
      { role: 'tool', tool_call_id: 'c', content: 'Input validation error' },
      { role: 'assistant', content: 'Closed.' },
    ];
    // An empty arguments string is a call without arguments; a recorded call answering a message call is judged once.
    expect(valid(trajectory(messages, [{ ...record('close_tickets', { ticket_id: 3 }, true), id: 'a' }])).reasons).toEqual([
      'message 3, tool call a: "close_tickets" is not a listed tool',
      'message 3, tool call b (close_ticket): its arguments are a number, not an object',
    ]);
    // Calls the server recorded without a message (an MCP agent process) are checked on their own.
    expect(valid(trajectory([...opening, { role: 'assistant', content: 'Closed.' }], [record('delete_everything', {}, true), record('close_ticket', [3], true), record('get_ticket', null, true)])).reasons).toEqual([
      'call 1: "delete_everything" is not a listed tool',
      'call 2 (close_ticket): its arguments are an array, not an object',
      'call 3 (get_ticket): its arguments are missing, not an object',
    ]);
  });

  it('[VER-VALIDITY] tool errors alone are valid: an agent may recover from them', () => {
    const calls = [record('close_ticket', { ticket_id: 'three' }, true), record('close_ticket', { ticket_id: 3 })];
    expect(valid(trajectory([...opening, { role: 'assistant', content: 'Closed.' }], calls)).pass).toBe(true);
  });
});

describe('degenerate repetition [VER-VALIDITY]', () => {
  const answered = (content: string) => trajectory([...opening, { role: 'assistant', content }]);

  it('[VER-VALIDITY] the same call more than three times in a row is degenerate, whatever its key order; other runs are not', () => {
    const same = [record('get_ticket', { ticket_id: 3, verbose: true }), record('get_ticket', { verbose: true, ticket_id: 3 }), record('get_ticket', { ticket_id: 3, verbose: true }, true), record('get_ticket', { ticket_id: 3, verbose: true })];
    expect(checkValidity(trajectory([...opening, { role: 'assistant', content: 'Closed.' }], same), TOOLS).reasons).toEqual(['calls 1–4: get_ticket {ticket_id: 3, verbose: true} made 4 times in a row (at most 3 allowed)']);
    const interleaved = [...same.slice(0, 2), record('get_ticket', { ticket_id: 4 }), ...same.slice(2)];
    expect(checkValidity(trajectory([...opening, { role: 'assistant', content: 'Closed.' }], interleaved), TOOLS).pass).toBe(true);
    // Without a server record, the messages' calls are counted.
    const messages: Message[] = [...opening];
    for (const id of ['a', 'b', 'c', 'd', 'e']) messages.push({ role: 'assistant', content: null, tool_calls: [call(id, 'get_ticket', '{"ticket_id": 3}')] }, { role: 'tool', tool_call_id: id, content: '{}' });
    messages.push({ role: 'assistant', content: 'Closed.' });
    expect(valid(trajectory(messages)).reasons).toEqual(['calls 1–5: get_ticket {ticket_id: 3} made 5 times in a row (at most 3 allowed)']);
    expect(checkValidity(trajectory(messages), TOOLS, { maxRepeatedCalls: 5 }).pass).toBe(true);
  });

  it('[VER-VALIDITY] assistant text whose word 4-grams mostly repeat fails; ordinary and short texts pass', () => {
    const loop = Array.from({ length: 15 }, () => 'I will check the ticket now.').join(' ');
    expect(words(loop)).toHaveLength(90);
    expect(repeatedNgramShare(words(loop))).toBeCloseTo(81 / 87);
    expect(valid(answered(loop)).reasons).toEqual(['message 3: 93% of its word 4-grams repeat earlier ones (more than 50% allowed)']);

    const prose = 'I looked up ticket 3 in the system and found that it had been waiting for an answer since Monday. ' +
      'After checking the notes left by the previous agent, I closed it, because the printer was replaced yesterday and the reporter confirmed it works. ' +
      'Its status is now closed; let me know if anything else needs attention today.';
    expect(words(prose).length).toBeGreaterThan(40);
    expect(valid(answered(prose)).pass).toBe(true);
    // Under 40 words a little repetition is ordinary speech.
    expect(valid(answered('Closed, closed, closed. I will check the ticket, I will check the ticket, I will check the ticket.')).pass).toBe(true);
    expect(checkValidity(answered(loop), TOOLS, { maxNgramShare: 0.95 }).pass).toBe(true);
  });
});

describe('verify() [VER-VALIDITY]', () => {
  it('[VER-VALIDITY] an invalid trajectory fails overall even when every other check passes', async () => {
    const gold = goldTrajectory(task);
    expect(await verify(task, gold, { tools: TOOLS })).toMatchObject({ pass: true });
    const verdict = await verify(task, gold, { tools: ['get_ticket'] });
    expect(verdict.pass).toBe(false);
    expect(verdict.checks.validity.reasons).toEqual(['message 3, tool call call_1: "close_ticket" is not a listed tool']);
    expect(verdict.checks.state.pass && verdict.checks.outputs.pass).toBe(true);
  });
});
