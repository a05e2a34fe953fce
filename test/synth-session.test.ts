// Session-state tools change the state they speak of (BFCL's cd, message_login, logout, the parking
// brake); pure functions are computed for real (BFCL's math API, unit conversions); tools that cannot
// do what they say are opaque and no task uses them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../formats/task.js';
import { tasks } from '../generator/tasks/index.js';
import { domainWith, ok, openEnvironment, refused } from './support/contracts.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

let bfcl: SynthWorkspace;
beforeAll(async () => {
  bfcl = await synthWorkspace(undefined, 'session-bfcl');
  await tasks({ ws: bfcl.ws });
}, 240_000);

const tasksOf = (built: SynthWorkspace) =>
  built.slugs.flatMap((slug) => {
    const text = readFileSync(join(built.dir(slug), 'tasks.jsonl'), 'utf8').trim();
    return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as Task);
  });

describe('session state [SYN-SESSION]', () => {
  it('cd moves the current directory pwd reports, relative to where it was, and .. goes up', async () => {
    const fs = domainWith(bfcl, 'cd');
    const env = await openEnvironment({ dir: fs.dir });
    const start = ok(env, 'pwd', {}).current_working_directory as string;
    ok(env, 'cd', { folder: 'reports' });
    expect(ok(env, 'pwd', {}).current_working_directory).toBe(`${start === '/' ? '' : start}/reports`);
    ok(env, 'cd', { folder: '..' });
    expect(ok(env, 'pwd', {}).current_working_directory).toBe(start);
    ok(env, 'cd', { folder: '/tmp/work' });
    expect(ok(env, 'pwd', {}).current_working_directory).toBe('/tmp/work');
    env.close();
  });

  it('message_login sets the login status; logout clears the ticket login status', async () => {
    const messages = domainWith(bfcl, 'message_login');
    const env = await openEnvironment({ dir: messages.dir });
    env.db.prepare('UPDATE "message_api_state" SET "message_login_status" = 0').run();
    expect(ok(env, 'get_message_stats', {}).message_login_status).toBe(false);
    ok(env, 'message_login', { user_id: 'USR001' });
    expect(ok(env, 'get_message_stats', {})).toMatchObject({ message_login_status: true, message_user_id: 'USR001' });
    env.close();

    const login = domainWith(bfcl, 'logout');
    const state = await openEnvironment({ dir: login.dir });
    state.db.prepare('UPDATE "ticket_api_state" SET "ticket_login_status" = 1, "status" = \'active\'').run();
    ok(state, 'logout', {});
    expect(ok(state, 'ticket_get_login_status', {}).ticket_login_status).toBe(false);
    state.close();
  });

  it('the parking brake mode moves the brake status its output reports (engage → engaged)', async () => {
    const vehicle = domainWith(bfcl, 'activate_parking_brake');
    const effect = vehicle.tool('activate_parking_brake').binding.effects?.[0];
    expect(effect).toMatchObject({ argument: 'mode', map: { engage: 'engaged', release: 'released' } });
    const env = await openEnvironment({ dir: vehicle.dir });
    const column = effect!.column;
    ok(env, 'activate_parking_brake', { mode: 'engage' });
    expect(env.db.prepare(`SELECT "${column}" FROM "vehicle_control_state"`).pluck().get()).toBe('engaged');
    ok(env, 'activate_parking_brake', { mode: 'release' });
    expect(env.db.prepare(`SELECT "${column}" FROM "vehicle_control_state"`).pluck().get()).toBe('released');
    env.close();
  });

  it('applies to catalogs it was not written from: an MCP-style session API logs in and out', async () => {
    const dir = tempDir('session-catalog');
    const file = join(dir, 'kiosk.json');
    const fn = (name: string, description: string, properties: Record<string, object>, required: string[], response: Record<string, object>) => ({ name, description, parameters: { type: 'object', properties, required }, response: { type: 'object', properties: response } });
    writeFileSync(
      file,
      JSON.stringify([
        fn('kiosk_sign_in', 'Sign a clerk in to the kiosk.', { clerk_name: { type: 'string' }, pin: { type: 'string' } }, ['clerk_name', 'pin'], { signed_in_status: { type: 'boolean', description: 'Whether a clerk is signed in.' } }),
        fn('kiosk_sign_out', 'Sign the clerk out of the kiosk.', {}, [], { signed_in_status: { type: 'boolean' } }),
        fn('get_kiosk_status', 'Get the kiosk status.', {}, [], { signed_in_status: { type: 'boolean' }, clerk_name: { type: 'string' } }),
      ]),
    );
    const built = await synthWorkspace([`functions:${file}`], 'session-kiosk');
    const kiosk = domainWith(built, 'kiosk_sign_in');
    // Every column that holds the signed-in status (each tool's own copy of the field) moves together.
    const on = kiosk.tool('kiosk_sign_in').binding.effects ?? [];
    const off = kiosk.tool('kiosk_sign_out').binding.effects ?? [];
    expect(on.length).toBeGreaterThan(0);
    expect(on.every((e) => e.value === true)).toBe(true);
    expect(off.every((e) => e.value === false)).toBe(true);
    expect(off.map((e) => e.column).sort()).toEqual(on.map((e) => e.column).sort());
    const table = kiosk.tool('kiosk_sign_in').binding.table;
    const env = await openEnvironment({ dir: kiosk.dir });
    const read = () => on.map((e) => env.db.prepare(`SELECT "${e.column}" FROM "${table}"`).pluck().get());
    ok(env, 'kiosk_sign_in', { clerk_name: 'Ada', pin: '1234' });
    expect(read().every((v) => v === 1)).toBe(true);
    ok(env, 'kiosk_sign_out', {});
    expect(read().every((v) => v === 0)).toBe(true);
    const status = ok(env, 'get_kiosk_status', {});
    for (const e of on) expect(status[e.column]).toBe(false);
    env.close();
  });
});

describe('pure functions [SYN-COMPUTE]', () => {
  it('computes BFCL math for real and changes no state', async () => {
    const stats = domainWith(bfcl, 'mean');
    const env = await openEnvironment({ dir: stats.dir });
    const digest = env.digest();
    expect(ok(env, 'mean', { numbers: [65.01] }).result).toBe(65.01);
    expect(ok(env, 'mean', { numbers: [1, 2, 3, 4] }).result).toBe(2.5);
    expect(ok(env, 'standard_deviation', { numbers: [2, 4, 4, 4, 5, 5, 7, 9] }).result).toBe(2);
    expect(ok(env, 'max_value', { numbers: [3, -1, 8.5] }).result).toBe(8.5);
    expect(ok(env, 'sum_values', { numbers: [0.1, 0.2] }).result).toBe(0.3);
    expect(refused(env, 'mean', { numbers: [] })).toMatch(/^numbers: /);
    expect(env.digest()).toBe(digest);
    env.close();

    const math = domainWith(bfcl, 'divide');
    const calc = await openEnvironment({ dir: math.dir });
    expect(ok(calc, 'subtract', { a: 10, b: 4 }).result).toBe(6);
    expect(ok(calc, 'divide', { a: 1, b: 8 }).result).toBe(0.125);
    expect(refused(calc, 'divide', { a: 1, b: 0 })).toMatch(/^b: cannot divide by zero/);
    calc.close();

    const si = domainWith(bfcl, 'logarithm');
    const units = await openEnvironment({ dir: si.dir });
    expect(ok(units, 'logarithm', { value: 8, base: 2, precision: 10 }).result).toBe(3);
    expect(ok(units, 'power', { base: 2, exponent: 10 }).result).toBe(1024);
    expect(ok(units, 'square_root', { number: 2, precision: 4 }).result).toBe(1.414);
    expect(ok(units, 'round_number', { number: 2.71828, decimal_places: 2 }).result).toBe(2.72);
    expect(ok(units, 'percentage', { part: 30, whole: 120 }).result).toBe(25);
    expect(ok(units, 'si_unit_conversion', { value: 1.5, unit_in: 'km', unit_out: 'm' }).result).toBe(1500);
    expect(ok(units, 'imperial_si_conversion', { value: 212, unit_in: 'fahrenheit', unit_out: 'celsius' }).result).toBe(100);
    expect(refused(units, 'si_unit_conversion', { value: 1, unit_in: 'kg', unit_out: 'm' })).toMatch(/^unit_out: cannot convert mass/);
    units.close();

    const vehicle = domainWith(bfcl, 'gallon_to_liter');
    const car = await openEnvironment({ dir: vehicle.dir });
    // The answer comes in the field the catalog names (`liter`).
    expect(ok(car, 'gallon_to_liter', { gallon: 2 }).liter).toBe(7.570823568);
    car.close();
  });

  it('asks tasks for the computed answer, never a seeded one', () => {
    const computed = tasksOf(bfcl).filter((task) => task.gold.some((call) => ['mean', 'add', 'logarithm', 'sum_values', 'percentage'].includes(call.tool)));
    expect(computed.length).toBeGreaterThan(3);
    for (const task of computed) {
      for (const output of task.requiredOutputs) {
        const call = task.gold[output.call]!;
        expect(call.result[output.path], task.id).toBe(output.value);
      }
      for (const call of task.gold.filter((c) => c.tool === 'mean')) {
        const numbers = (call.arguments as { numbers: number[] }).numbers;
        expect(call.result.result).toBeCloseTo(numbers.reduce((a, b) => a + b, 0) / numbers.length, 9);
      }
    }
  });
});

describe('opaque tools [SYN-OPAQUE]', () => {
  it('marks tools that cannot do what they say, with the reason, in domain.json, tools.js and the README; no task uses one', () => {
    const opaque = bfcl.slugs.flatMap((slug) => domainWith(bfcl, JSON.parse(readFileSync(join(bfcl.dir(slug), 'domain.json'), 'utf8')).tools[0].name).contract.tools.filter((t) => t.opaque).map((t) => ({ slug, tool: t })));
    expect(opaque.map((o) => o.tool.name)).toEqual(expect.arrayContaining(['get_flight_cost', 'estimate_distance', 'grep']));
    for (const { slug, tool } of opaque) {
      expect(tool.opaque).toMatch(/^required /);
      expect(readFileSync(join(bfcl.dir(slug), 'tools.js'), 'utf8')).toContain(`/** ${tool.name} — `);
      expect(readFileSync(join(bfcl.dir(slug), 'tools.js'), 'utf8')).toMatch(new RegExp(`export function ${tool.name}\\(`));
      expect(readFileSync(join(bfcl.dir(slug), 'README.md'), 'utf8')).toMatch(new RegExp(`\`${tool.name}\`.*\\*\\*Opaque:\\*\\*`));
    }
    const names = new Set(opaque.map((o) => `${o.slug}/${o.tool.name}`));
    const used = tasksOf(bfcl).flatMap((task) => task.gold.map((call) => `${task.domain}/${call.tool}`));
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((name) => names.has(name))).toEqual([]);
  });
});
