// Exact match of calls on hand-written sequences: canonical arguments, errored calls skipped, and
// mismatches explained on an alignment.
import { describe, expect, it } from 'vitest';
import type { GoldCall, Task } from '../formats/task.js';
import type { CallRecord, Trajectory } from '../formats/trajectory.js';
import type { Json } from '../formats/toolspec.js';
import { canonical, describeCall } from '../harness/verify/arguments.js';
import { callsDecide, checkCalls, explain } from '../harness/verify/calls.js';

type Args = Record<string, Json>;
const gold = (tool: string, args: Args): GoldCall => ({ tool, arguments: args, result: {}, read: true });
const made = (tool: string, args: Args, isError = false): CallRecord => ({ tool, arguments: args, isError, result: isError ? null : {}, text: '' });
const taskOf = (calls: GoldCall[], readOnly = true, outputs = 1) => ({ id: 't/1', gold: calls, readOnly, requiredOutputs: Array.from({ length: outputs }, () => ({})) }) as Task;
const ran = (...calls: CallRecord[]): Trajectory => ({ version: 1, task: 't/1', messages: [], calls, finalDigest: 'sha256:x' });

describe('exact match [VER-CALLS]', () => {
  it('[VER-CALLS] arguments compare as canonical JSON: key order and number spelling do not matter, types do', () => {
    expect(canonical({ b: [1, { y: 2, x: 1.0 }], a: 'x' })).toBe(canonical({ a: 'x', b: [1, { x: 1, y: 2 }] }));
    expect(canonical({ n: -0 })).toBe(canonical({ n: 0 }));
    expect(canonical({ n: 1 })).not.toBe(canonical({ n: '1' }));
    expect(describeCall('edit_ticket', { ticket_id: 3, updates: { 'due-date': '2025-01-07', tags: ['a', 'b'] } })).toBe('edit_ticket {ticket_id: 3, updates: {"due-date": "2025-01-07", tags: ["a", "b"]}}');
    const task = taskOf([gold('place_order', { symbol: 'AAPL', price: 150, amount: 10 })]);
    expect(checkCalls(task, ran(made('place_order', { amount: 10.0, price: 150.0, symbol: 'AAPL' }))).pass).toBe(true);
    expect(checkCalls(task, ran(made('place_order', { amount: '10', price: 150, symbol: 'AAPL' })), { strict: true }).reasons[0]).toBe('call 1: expected place_order {symbol: "AAPL", price: 150, amount: 10}, got place_order {amount: "10", price: 150, symbol: "AAPL"}');
  });

  it('[VER-REWARD] exact match decides the reward of every task (all), of read-only tasks, or of none (the default), except a read-only task asking for nothing', () => {
    const write = taskOf([gold('close_ticket', { ticket_id: 3 })], false, 0);
    const read = taskOf([gold('get_ticket', { ticket_id: 3 })]);
    const silent = taskOf([gold('get_ticket', { ticket_id: 3 })], true, 0);
    expect([callsDecide(write, 'off'), callsDecide(read, 'off'), callsDecide(silent, 'off')]).toEqual([false, false, true]);
    expect([callsDecide(write, 'read-only'), callsDecide(read, 'read-only')]).toEqual([false, true]);
    expect([callsDecide(write, 'all'), callsDecide(read, 'all')]).toEqual([true, true]);
    expect(checkCalls(write, ran())).toMatchObject({ applies: true, pass: false });
  });

  it('[VER-CALLS] skips errored calls, and explains extra, missing, changed and reordered calls', () => {
    const task = taskOf([gold('a', { n: 1 }), gold('b', { n: 2 }), gold('c', { n: 3 })]);
    expect(checkCalls(task, ran(made('a', { n: 1 }), made('b', { n: 'two' }, true), made('b', { n: 2 }), made('c', { n: 3 })))).toEqual({ applies: true, pass: true, reasons: [] });
    const g = task.gold;
    expect(explain(g, [{ tool: 'a', arguments: { n: 1 } }, { tool: 'x', arguments: {} }, { tool: 'b', arguments: { n: 2 } }, { tool: 'c', arguments: { n: 3 } }])).toEqual(['call 2: got x {}, which the gold calls do not have']);
    expect(explain(g, [{ tool: 'a', arguments: { n: 1 } }, { tool: 'c', arguments: { n: 3 } }])).toEqual(['gold call 2 missing: expected b {n: 2}, got no call']);
    expect(explain(g, [{ tool: 'a', arguments: { n: 1 } }, { tool: 'b', arguments: { n: 20 } }, { tool: 'c', arguments: { n: 3 } }])).toEqual(['call 2: expected b {n: 2}, got b {n: 20}']);
    expect(explain(g, [{ tool: 'c', arguments: { n: 3 } }, { tool: 'a', arguments: { n: 1 } }, { tool: 'b', arguments: { n: 2 } }])).toEqual(['call 1: c {n: 3} is out of order (gold call 3)']);
    const reasons = checkCalls(task, ran(made('a', { n: 1 }, true), ...Array.from({ length: 8 }, (_, i) => made('z', { i })))).reasons;
    expect(reasons).toHaveLength(7);
    expect(reasons.slice(-2)).toEqual(['… and 3 more mismatches', '8 successful calls against 3 gold calls (1 errored call skipped)']);
  });
});
