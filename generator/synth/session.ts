// Writes on a state row change the state their name, description and output speak of, not only the
// columns named after their arguments: logging in sets the login status (and logging out clears
// it), `cd(folder)` moves the current directory, `activate_parking_brake(mode: "engage")` leaves the
// brake "engaged".
import { fieldKey } from '../graph/features.js';
import { verbOf } from '../ingest/classify.js';
import { words } from '../naming.js';
import type { Binding, Column, StateEffect, Table } from '../../formats/contract.js';
import { entityFields, type ToolPlan } from './tables.js';

// Actions and their undoing: the first word of each pair turns a state on, the second off.
const PAIRS: [RegExp, RegExp][] = [
  [/^(login|log_in|signin|sign_in|authenticate|authorize|connect)$/, /^(logout|log_out|signout|sign_out|deauthenticate|deauthorize|disconnect)$/],
  [/^(activate|enable|start|open|lock|mute|subscribe|engage)$/, /^(deactivate|disable|stop|close|unlock|unmute|unsubscribe|disengage)$/],
];
// The word a state column uses for each action (`login_status`, `authentication_status`, `is_active`).
const STATE_STEMS: [RegExp, string[]][] = [
  [/^(login|log_in|signin|sign_in|logout|log_out|signout|sign_out)$/, ['login', 'logged_in', 'signed_in', 'signin', 'authenticated']],
  [/^(authenticate|deauthenticate)$/, ['authentication', 'authenticated', 'login', 'logged_in']],
  [/^(authorize|deauthorize)$/, ['authorization', 'authorized']],
  [/^(connect|disconnect)$/, ['connection', 'connected']],
];

/** The action verb of a tool's name, joined when it is written in two words (`log_in`). */
function actionOf(plan: ToolPlan): string | undefined {
  const all = words(plan.tool.name);
  for (let i = 0; i < all.length - 1; i++) {
    const two = `${all[i]}_${all[i + 1]}`;
    if (PAIRS.some(([on, off]) => on.test(two) || off.test(two))) return two;
  }
  return all.find((w) => PAIRS.some(([on, off]) => on.test(w) || off.test(w))) ?? verbOf(plan.tool.name)?.verb;
}

/** Boolean state columns an action turns on or off: `login` sets `message_login_status`, `logout` clears it. */
function statusEffects(verb: string, table: Table, taken: Set<string>): StateEffect[] {
  const pair = PAIRS.find(([on, off]) => on.test(verb) || off.test(verb));
  const stems = STATE_STEMS.find(([pattern]) => pattern.test(verb))?.[1];
  if (!pair || !stems) return [];
  const on = pair[0].test(verb);
  const columns = table.columns.filter((c) => c.type === 'boolean' && !taken.has(c.name) && stems.some((stem) => c.name.includes(stem)) && /(status|state|^is_|_is_|logged|authenticated|connected|authorized)/.test(c.name));
  return columns.map((c) => ({ column: c.name, value: on }));
}

/** Whether a column holds a path (`current_working_directory`, `cwd`, `path`). */
const pathLike = (column: Column) => column.type === 'text' && /(directory|folder|path|cwd|dir)$/.test(column.name);

/**
 * Output fields that report the state after the call ("The new current working directory path"),
 * set from the tool's one text argument: a path moves relative to where it was.
 */
function reportedEffects(plan: ToolPlan, table: Table, binding: Binding, taken: Set<string>): StateEffect[] {
  const text = plan.args.filter((a) => (a.schema.type === 'string' || a.schema.type === undefined) && !a.schema.enum);
  if (text.length !== 1) return [];
  const arg = text[0]!;
  const out: StateEffect[] = [];
  for (const [field, schema] of entityFields(plan.tool.output)) {
    if (!/\b(new|current|now|updated)\b/i.test(schema.description ?? '')) continue;
    const column = table.columns.find((c) => c.name === `${plan.prefix}${fieldKey(field)}` || c.name === fieldKey(field));
    if (!column || taken.has(column.name) || column.type !== 'text') continue;
    out.push(pathLike(column) ? { column: column.name, argument: arg.name, path: true } : { column: column.name, argument: arg.name });
  }
  // The argument now says where to go; the column named after it would only echo it.
  if (out.length > 0) binding.values = binding.values.filter((v) => v.argument !== arg.name);
  return out;
}

/** `engage` → `engaged`, `STOP` → `stopped`: the state value an argument value names, by shared stem. */
function stateValue(value: string, states: string[]): string | undefined {
  const v = value.toLowerCase();
  const stem = v.replace(/e$/, '').slice(0, Math.max(3, Math.min(v.length, 5)));
  return states.find((s) => s.toLowerCase() === v) ?? states.find((s) => s.toLowerCase().startsWith(stem) && s.length > v.length);
}

/** Enum state columns the tool's output reports, following an enum argument (`mode` engage → `parking_brake_status` engaged). */
function followingEffects(plan: ToolPlan, table: Table, binding: Binding, taken: Set<string>): StateEffect[] {
  const out: StateEffect[] = [];
  for (const [field] of entityFields(plan.tool.output)) {
    const column = table.columns.find((c) => c.name === `${plan.prefix}${fieldKey(field)}`);
    if (!column?.enum || taken.has(column.name)) continue;
    const states = column.enum.map(String);
    for (const value of binding.values) {
      const values = plan.args.find((a) => a.name === value.argument && value.field === undefined)?.schema.enum;
      if (!values) continue;
      const map = Object.fromEntries(values.map(String).flatMap((v) => {
        const state = stateValue(v, states);
        return state ? [[v, state]] : [];
      }));
      if (Object.keys(map).length >= 2) {
        out.push({ column: column.name, argument: value.argument, map });
        break;
      }
    }
  }
  return out;
}

/** The state effects of a write on a singleton state row, beyond its values. */
export function sessionEffects(plan: ToolPlan, table: Table, binding: Binding): StateEffect[] {
  if (!table.singleton || plan.tool.op !== 'write') return [];
  const taken = new Set([...binding.values.map((v) => v.column), ...(binding.transition ? [binding.transition.column] : []), ...(binding.adjust ? [binding.adjust.column] : [])]);
  const effects = [...reportedEffects(plan, table, binding, taken)];
  for (const e of effects) taken.add(e.column);
  const verb = actionOf(plan);
  for (const e of verb ? statusEffects(verb, table, taken) : []) {
    taken.add(e.column);
    effects.push(e);
  }
  effects.push(...followingEffects(plan, table, binding, taken));
  return effects;
}
