// Required outputs: how a value the user asked for is recognised in what the agent said.
import { describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import type { Message, Trajectory } from '../formats/trajectory.js';
import { mentions } from '../harness/verify/index.js';
import { agentText, checkOutputs } from '../harness/verify/outputs.js';

describe('numbers [VER-OUTPUTS]', () => {
  it('[VER-OUTPUTS] match by value whatever the formatting: separators, currency, trailing zeros, a sentence\'s full stop', () => {
    for (const text of ['It is 1,234.50 now.', 'Balance: $1234.5', 'about 1234.50 USD', 'total=1234.5.', '(1,234.5)']) expect(mentions(text, 1234.5), text).toBe(true);
    for (const text of ['Ticket #12 is open.', 'There are 12.', '12.00 left', '2024-12-25']) expect(mentions(text, 12), text).toBe(true);
    expect(mentions('The balance is -40.25.', -40.25)).toBe(true);
    expect(mentions('You hold 1,162.85 dollars.', 1162.8500000000001)).toBe(true);
    expect(mentions('You hold 1,162.85 dollars.', 1162.853)).toBe(true);
  });

  it('[VER-OUTPUTS] integers match whole numbers only: 12 is not in 123, 12.5, 3,312 or 1.12', () => {
    for (const text of ['Ticket 123 is open.', 'It costs 12.5.', 'We have 3,312 tickets.', 'version 1.12', 'id 412']) expect(mentions(text, 12), text).toBe(false);
    expect(mentions('The balance is 40.25.', -40.25)).toBe(false);
    expect(mentions('Roughly 1162.9.', 1162.85)).toBe(false);
    expect(mentions('Roughly 1163.', 1162.85)).toBe(false);
  });

  it('[VER-OUTPUTS] a numeric string matches as a number too', () => {
    expect(mentions('The order is for 1,500 shares.', '1500')).toBe(true);
    expect(mentions('The order is for 15000 shares.', '1500')).toBe(false);
  });
});

describe('strings and booleans [VER-OUTPUTS]', () => {
  it('[VER-OUTPUTS] strings match ignoring case and runs of whitespace, as whole words', () => {
    expect(mentions('The ticket is **CLOSED**.', 'closed')).toBe(true);
    expect(mentions('Flight to New\n  York booked.', 'new york')).toBe(true);
    expect(mentions('It was reopened yesterday.', 'open')).toBe(false);
    expect(mentions('Status: open-ish', 'open')).toBe(true);
    expect(mentions('Your code is cus_0012.', 'cus_001')).toBe(false);
    expect(mentions('Anything.', '')).toBe(true);
  });

  it('[VER-OUTPUTS] true is a yes or true, false a no, false or not', () => {
    expect(mentions('Yes, it is locked.', true)).toBe(true);
    expect(mentions('locked: true', true)).toBe(true);
    expect(mentions('It is locked.', true)).toBe(false);
    expect(mentions('No, the doors are open.', false)).toBe(true);
    expect(mentions('The doors are not locked.', false)).toBe(true);
    expect(mentions('The doors are unlocked.', false)).toBe(false);
  });
});

describe('checkOutputs [VER-OUTPUTS]', () => {
  const task = (requiredOutputs: Task['requiredOutputs'], gold: Task['gold'] = []) => ({ requiredOutputs, gold }) as Task;
  const said = (...messages: Message[]): Trajectory => ({ version: 1, task: 't/1', messages, calls: [], finalDigest: 'sha256:x' });

  it('[VER-OUTPUTS] looks only at the agent\'s own text, and names each output it misses', () => {
    const trajectory = said(
      { role: 'user', content: 'What is the status of ticket 7, and its priority?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'get_ticket', arguments: '{"ticket_id": 7, "status": "open"}' } }] },
      { role: 'tool', tool_call_id: 'a', content: '{"id": 7, "status": "open", "priority": 4}' },
      { role: 'assistant', content: 'Ticket 7 is open.' },
    );
    expect(agentText(trajectory.messages)).toBe('Ticket 7 is open.');
    const outputs = task([
      { call: 0, path: 'status', value: 'open', asked: "the ticket's status" },
      { call: 0, path: 'priority', value: 4, asked: "the ticket's priority" },
    ]);
    expect(checkOutputs(outputs, trajectory)).toEqual({ applies: true, pass: false, reasons: ["required output 'the ticket's priority' = 4 not found in the agent's messages"] });
    expect(checkOutputs(task([]), trajectory)).toEqual({ applies: false, pass: true, reasons: ['not checked: the task asks for no outputs'] });
  });

  it('[VERIFY-OUTPUTS-STRICT] a value only inside pasted tool output (a JSON dump, a code block) is not stated; the same value in the agent\'s words is', () => {
    const status = task([{ call: 0, path: 'status', value: 'open', asked: "the ticket's status" }]);
    const dump = said({ role: 'assistant', content: 'Here is what I found: {"id": 7, "status": "open", "priority": 4}' });
    expect(checkOutputs(status, dump)).toEqual({ applies: true, pass: false, reasons: ["required output 'the ticket's status' = open appears only inside pasted tool output, not in the agent's own words"] });
    const fenced = said({ role: 'assistant', content: 'Result:\n```\nid 7 status open\n```' });
    expect(checkOutputs(status, fenced).pass).toBe(false);
    const both = said({ role: 'assistant', content: 'Ticket 7 is open. Raw record: {"id": 7, "status": "open"}' });
    expect(checkOutputs(status, both)).toEqual({ applies: true, pass: true, reasons: [] });
    expect(checkOutputs(status, said({ role: 'assistant', content: 'Ticket 7 [the printer one] is open.' })).pass).toBe(true);
  });

  it('[VERIFY-OUTPUTS-STRICT] the right value next to another value of the same field in one sentence is a hedge and fails; other rows in other sentences are fine', () => {
    const results = [{ tool: 'list_tickets', arguments: {}, read: true, result: { items: [{ id: 7, status: 'open' }, { id: 8, status: 'closed' }] } }];
    const status = task([{ call: 0, path: 'items.0.status', value: 'open', asked: "ticket 7's status" }], results);
    const hedge = said({ role: 'assistant', content: 'Ticket 7 is open or closed.' });
    expect(checkOutputs(status, hedge)).toEqual({ applies: true, pass: false, reasons: [`required output 'ticket 7's status' = open is stated next to "closed", another value of status, in one sentence: one value was asked for`] });
    expect(checkOutputs(status, said({ role: 'assistant', content: 'Ticket 7 is open. Ticket 8 is closed.' })).pass).toBe(true);
    expect(checkOutputs(status, said({ role: 'assistant', content: 'Ticket 7 is open.' })).pass).toBe(true);
  });
});
