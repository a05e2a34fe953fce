// The database of a domain: one table per entity its tools act on (not one per tool), columns
// from every input and output field those tools share, keys, foreign keys, and a status column
// where action tools move rows between states. Names are canonical, so `userId` of one provider
// and `user_id` of another land in the same column.
import { fieldKey } from '../graph/features.js';
import { verbOf } from '../ingest/classify.js';
import { NameScope, words } from '../naming.js';
import type { Schema, ToolSpec } from '../../formats/toolspec.js';
import type { Column, ColumnType, Compute, Table } from '../../formats/contract.js';
import { entityName, sqlName, tableName } from './identifiers.js';
import { withProseConstraints } from './prose.js';
import type { RelationPlan } from './relations.js';
import { isKnob, type ArgumentRole } from './roles.js';
import { targetState } from './status.js';
import type { Arg, Target } from './targets.js';

/** A tool on its way to a binding: its arguments, target and table. */
export interface ToolPlan {
  tool: ToolSpec;
  /** MCP name, unique in the domain. */
  name: string;
  args: Arg[];
  target: Target;
  /** Entity whose table the tool uses (after singleton folding). */
  entity: string;
  /** Prefix of its columns in a folded singleton table (`headlight_`), else ''. */
  prefix: string;
  /** Whether its table is a provider's one-row state table. */
  singleton: boolean;
  /** What each argument is for, by argument name (roles.ts). */
  roles: Map<string, ArgumentRole>;
  /** Set when the tool is a pure function of its arguments (formulas.ts): it reads and writes no column. */
  formula?: Compute;
  /** Set when the tool links, unlinks, lists or checks a relation (relations.ts). */
  relation?: RelationPlan;
}

// Names of object arguments that hold fields of the entity rather than being one field:
// `updates: {title, status}`, `filter: {name}`, Asana's `data: {…}`.
const CONTAINER = /^(updates?|changes?|fields?|field_values|data|attributes|properties|body|payload|patch|values|record|input|params|new_values|updated_fields|modifications|edits|info|details|filters?|where|criteria|conditions)$/;

/** The members of an object argument that holds the entity's fields (see CONTAINER), or null. */
export function containerFields(arg: Arg): [string, Schema][] | null {
  if (arg.schema.type !== 'object' || !arg.schema.properties) return null;
  const members = Object.entries(arg.schema.properties);
  if (members.length === 0 || !CONTAINER.test(arg.key.replace(/^(body|query)_/, ''))) return null;
  return members;
}

const TIME_WORD = /^(?:(.+)_)?(since|until|after|before|from|to|start|end)$/;

/** Whether an argument bounds a time (`since`, `updated_before`) rather than holding one. */
function timeBoundArg(arg: Arg): { bound: 'min' | 'max'; stem?: string } | null {
  const m = TIME_WORD.exec(arg.key);
  if (!m) return null;
  const text = arg.schema.description ?? '';
  const dated = /date|time/.test(arg.schema.format ?? '') || /\b(timestamp|date|time|iso 8601|utc)\b/i.test(text) || /date|time|_at$/.test(m[1] ?? '');
  if (!dated || !(arg.schema.type === 'string' || arg.schema.type === 'integer' || arg.schema.type === undefined)) return null;
  // A bare `start`/`end` is as often a stay or a report window as a bound on the rows' own times: only when it says so.
  if (!m[1] && /^(from|to|start|end)$/.test(m[2]!) && !/\b(created|updated|modified|changed|occurred|since|newer|older)\b/i.test(text)) return null;
  return { bound: /^(since|after|from|start)$/.test(m[2]!) ? 'min' : 'max', ...(m[1] ? { stem: m[1] } : {}) };
}

/**
 * The timestamp column a time bound applies to: the one its stem names (`updated_since` →
 * `updated_at`), else the update time when the description speaks of changes, else the creation
 * time, else the only timestamp there is.
 */
export function timestampColumn(table: Table, stem: string | undefined, description: string): string | undefined {
  const times = table.columns.filter((c) => c.type === 'text' && (c.format === 'date-time' || c.format === 'date' || /(^|_)(at|date|time|timestamp|datetime)$/.test(c.name)));
  const named = (word: string) => times.find((c) => c.name === word || c.name === `${word}_at` || c.name === `${word}_date` || c.name === `${word}_time`);
  if (stem && named(stem)) return named(stem)!.name;
  if (stem && !/^(date|time|datetime|timestamp)$/.test(stem)) return undefined;
  const changed = /updat|modif|chang/i.test(description);
  return ((changed ? named('updated') ?? named('modified') : undefined) ?? named('created') ?? named('updated') ?? (times.length === 1 ? times[0] : undefined))?.name;
}

/** The timestamp column a read's time bound (`since`, `updated_before`) applies to, or null. */
export function timeBound(arg: Arg, table: Table): { bound: 'min' | 'max'; column: string } | null {
  const found = timeBoundArg(arg);
  if (!found) return null;
  const column = timestampColumn(table, found.stem, arg.schema.description ?? '');
  return column ? { bound: found.bound, column } : null;
}

/** `min_price` → {bound: min, stem: price}; only for numbers and dates (`travel_from` is a place). */
export function rangeOf(arg: Arg): { bound: 'min' | 'max'; stem: string } | null {
  const m = /^(min|max|start|end|from|to|since|until)_(.+)$/.exec(arg.key) ?? /^(.+)_(min|max|start|end|from|to|since|until|after|before)$/.exec(arg.key);
  if (!m) return null;
  const [word, stem] = /^(min|max|start|end|from|to|since|until|after|before)$/.test(m[1]!) ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
  const type = arg.schema.type;
  const datelike = /date|time/.test(stem) || /date/.test(arg.schema.format ?? '');
  if (!(type === 'integer' || type === 'number' || datelike)) return null;
  return { bound: /^(min|start|from|since|after)$/.test(word) ? 'min' : 'max', stem };
}

/** Storage type of a schema. */
export function columnType(schema: Schema | undefined): ColumnType {
  switch (schema?.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'real';
    case 'boolean':
      return 'boolean';
    case 'array':
    case 'object':
      return 'json';
    default:
      return 'text';
  }
}

// Members that wrap the entity a response is about: `{data: {…}}`, `{result: […]}`, `{ticket: {…}}`.
const ENVELOPE = /^(data|result|results|item|items|record|records|payload|body|response|object|value|values|entries|list|content)$/;

/**
 * The fields of the entity a tool returns: a row, the items of a list, or what an envelope wraps
 * (one list beside paging metadata, Apideck's `{status_code, status, …, data: {…}}`, `{ticket: {…}}`).
 */
export function entityFields(output: Schema | null, entity = ''): [string, Schema][] {
  if (!output) return [];
  const constrained = (fields: [string, Schema][]) => fields.map(([name, schema]): [string, Schema] => [name, withProseConstraints(schema, name)]);
  if (output.type === 'array') return constrained(Object.entries(output.items?.properties ?? {}));
  const props = Object.entries(output.properties ?? {});
  const lists = props.filter(([, s]) => s.type === 'array' && s.items?.type === 'object' && s.items.properties);
  if (lists.length === 1 && (props.length <= 6 || props.every(([, s]) => s.type !== 'array' || s === lists[0]![1]))) return constrained(Object.entries(lists[0]![1].items!.properties!));
  const wrapper = props.filter(([name, s]) => s.type === 'object' && s.properties && (ENVELOPE.test(name) || fieldKey(name) === entity));
  if (wrapper.length === 1 && props.every(([, s]) => s === wrapper[0]![1] || s.type !== 'array')) return constrained(Object.entries(wrapper[0]![1].properties!));
  return constrained(props);
}

// The most columns a table keeps beyond keys, foreign keys and status (priority order).
const MAX_COLUMNS = 40;

interface ColumnDraft {
  key: string;
  schemas: Schema[];
  priority: number;
  unique?: boolean;
  references?: string;
  /** Whether something stores or returns it (a write sets it, an output holds it, it is a key): a column only a read's filter names holds nothing real. */
  stored?: boolean;
}

class TableDraft {
  readonly fields = new Map<string, ColumnDraft>();
  readonly keyTypes: ColumnType[] = [];
  readonly actions = new Set<string>();
  singleton = false;

  constructor(
    readonly entity: string,
    readonly name: string,
  ) {}

  add(key: string, schema: Schema, priority: number, extra: Partial<ColumnDraft> = {}): void {
    if (key === '' || key === 'id') return;
    let draft = this.fields.get(key);
    if (!draft) this.fields.set(key, (draft = { key, schemas: [], priority }));
    draft.schemas.push(schema);
    draft.priority = Math.max(draft.priority, priority);
    const stored = draft.stored || extra.stored;
    Object.assign(draft, extra);
    if (stored) draft.stored = true;
  }
}

/** Whether a write needs no row key: state of the whole system rather than of one entity. */
function keylessWrite(plan: ToolPlan): boolean {
  return plan.tool.op === 'write' && !plan.target.key && plan.tool.effect !== 'create' && plan.tool.effect !== 'delete';
}

/**
 * Decide each tool's entity: tools with no entity, and entities that are only ever changed as a
 * whole (no create, no key: a vehicle's headlights, a session), fold into one singleton state
 * table per provider, their columns prefixed by the entity.
 */
export function assignEntities(plans: ToolPlan[]): void {
  const byEntity = new Map<string, ToolPlan[]>();
  for (const plan of plans) {
    const list = byEntity.get(plan.target.entity) ?? [];
    list.push(plan);
    byEntity.set(plan.target.entity, list);
  }
  for (const [entity, list] of byEntity) {
    // A relation's links are rows of its own table, never state folded into one row.
    const singleton =
      entity === '' ||
      (!list.some((p) => p.relation) && list.every((p) => !p.target.key && p.tool.effect !== 'create' && p.tool.effect !== 'delete') && list.some(keylessWrite));
    for (const plan of list) {
      plan.singleton = singleton;
      plan.entity = singleton ? `${sqlName(words(plan.tool.provider).slice(0, 3).join('_'), 'system')}_state` : entity;
      const phrase = plan.target.phrase ?? entity;
      plan.prefix = singleton && phrase ? `${phrase}_` : '';
    }
  }
  // Entities that name the same table (`if` and `ifs`, `status` and `statuses`) are one entity.
  const canonical = new Map<string, string>();
  for (const plan of plans) {
    if (plan.singleton) continue;
    const table = tableName(plan.entity);
    const first = canonical.get(table);
    if (first === undefined) canonical.set(table, plan.entity);
    else plan.entity = first;
  }
}

function columnFrom(draft: ColumnDraft, name: string): Column {
  const types = draft.schemas.map((s) => columnType(s));
  // The most common type wins; text when they disagree evenly.
  const counts = new Map<ColumnType, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  const type = [...counts].sort((a, b) => b[1] - a[1] || (a[0] === 'text' ? -1 : b[0] === 'text' ? 1 : 0))[0]![0];
  const column: Column = { name, type, nullable: true };
  const enums = draft.schemas.map((s) => (s.type === 'array' && s.items ? s.items : s).enum).filter((e): e is NonNullable<Schema['enum']> => Array.isArray(e) && e.length > 0);
  // An enum constrains the column only when every tool that mentions the field agrees on it.
  if (enums.length === draft.schemas.length && (type === 'text' || type === 'integer')) {
    const values = [...new Set(enums.flat().filter((v): v is string | number => typeof v === (type === 'text' ? 'string' : 'number')))].slice(0, 50);
    if (values.length > 0) column.enum = values;
  }
  if (type === 'integer' || type === 'real') {
    // The tightest range any tool states: a value outside it is one some tool would refuse.
    const lows = draft.schemas.map((s) => s.minimum).filter((n): n is number => typeof n === 'number');
    const highs = draft.schemas.map((s) => s.maximum).filter((n): n is number => typeof n === 'number');
    const low = lows.length > 0 ? Math.max(...lows) : undefined;
    const high = highs.length > 0 ? Math.min(...highs) : undefined;
    if (low === undefined || high === undefined || low <= high) {
      if (low !== undefined) column.minimum = low;
      if (high !== undefined) column.maximum = high;
    }
  }
  const format = draft.schemas.find((s) => s.format)?.format;
  if (format && type === 'text') column.format = format;
  const description = draft.schemas.find((s) => s.description)?.description;
  if (description) column.description = description.length > 120 ? `${description.slice(0, 119)}…` : description;
  if (draft.references) column.references = draft.references;
  else {
    const examples = catalogExamples(draft.schemas, type);
    if (examples.length > 0) column.examples = examples;
    if (type === 'json') {
      const shape = draft.schemas.find((s) => s.type === 'object' || s.type === 'array');
      if (shape) column.shape = trimmedShape(shape, 2);
    }
  }
  return column;
}

/** The catalog's own values for a field (examples, then defaults) that fit the column's type, at most 8. */
function catalogExamples(schemas: Schema[], type: ColumnType): (string | number | boolean)[] {
  const fits = (v: unknown): v is string | number | boolean =>
    type === 'text' ? typeof v === 'string' && v.length > 0 && v.length <= 200 : type === 'integer' ? Number.isInteger(v) : type === 'real' ? typeof v === 'number' : type === 'boolean' ? typeof v === 'boolean' : false;
  const placeholder = /^(none|null|nil|undefined|n\/a|string|example|test|)$/i;
  const values = [...schemas.map((s) => s.example), ...schemas.map((s) => s.default)].filter(fits).filter((v) => typeof v !== 'string' || !placeholder.test(v.trim()));
  return [...new Set(values)].slice(0, 8);
}

/** A schema cut to `depth` levels of members (12 per object), with no descriptions: enough to fill a value's shape. */
function trimmedShape(schema: Schema, depth: number): Schema {
  const out: Schema = {};
  if (schema.type) out.type = schema.type;
  for (const key of ['enum', 'format', 'example', 'default', 'minimum', 'maximum', 'minLength', 'maxLength'] as const) if (schema[key] !== undefined) (out as Record<string, unknown>)[key] = schema[key];
  if (depth > 0 && schema.items) out.items = trimmedShape(schema.items, depth - 1);
  if (depth > 0 && schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).slice(0, 12).map(([k, v]) => [k, trimmedShape(v, depth - 1)]));
    const required = (schema.required ?? []).filter((r) => r in out.properties!);
    if (required.length > 0) out.required = required;
  }
  return out;
}

/** A relation's columns: its owner's key, its member, and a member's value (tags); nothing else of its tools. */
function addRelationColumns(draft: TableDraft, relation: RelationPlan): void {
  const { columns, owner, member } = relation;
  if (columns?.owner && owner) draft.add(columns.owner, owner.arg.schema.type === 'integer' ? { type: 'integer' } : { type: 'string' }, 6, { stored: true });
  if (columns?.member) {
    const schema = member ? (member.field ? member.arg.schema.properties?.[member.field] : member.arg.schema) : undefined;
    const element = schema?.type === 'array' ? schema.items : schema;
    const text = !element || element.type === 'object' || member?.shape === 'csv' || member?.shape === 'map' || member?.shape === 'pairs';
    draft.add(columns.member, text ? { type: 'string' } : { type: element.type === 'integer' ? 'integer' : 'string' }, 6, { stored: true });
  }
  if (columns?.value) draft.add(columns.value, { type: 'string' }, 5, { stored: true });
  for (const key of columns?.qualifiers ?? []) draft.add(key, { type: 'string' }, 5, { stored: true });
}

/** Build the tables of a domain from its tool plans. Returns them in a stable order (parents first where possible). */
export function buildTables(plans: ToolPlan[]): { tables: Table[]; columnOf: (table: string, key: string) => string | undefined } {
  const drafts = new Map<string, TableDraft>();
  const draftOf = (entity: string): TableDraft => {
    let draft = drafts.get(entity);
    if (!draft) {
      const name = plans.some((p) => p.singleton && p.entity === entity) ? sqlName(entity, 'state') : tableName(entity);
      drafts.set(entity, (draft = new TableDraft(entity, name)));
    }
    return draft;
  };

  for (const plan of plans) {
    const draft = draftOf(plan.entity);
    if (plan.singleton) draft.singleton = true;
    const { key, parents, action } = plan.target;
    if (key) {
      if (key.column === 'id') draft.keyTypes.push(columnType(key.arg.schema));
      else draft.add(key.column, key.arg.schema, 6, { unique: true, stored: true });
    }
    for (const parent of parents) {
      draftOf(parent.entity).keyTypes.push(columnType(parent.arg.schema));
      draft.add(`${parent.entity}_id`, parent.arg.schema, 5, { references: parent.entity, stored: true });
    }
    // Keyed actions move a row between states; an argument-less action moves the state row.
    if (action && ((key && !draft.singleton) || (plan.singleton && plan.args.length === 0))) draft.actions.add(action);
    // A computation's inputs and answer are no one's data.
    if (plan.formula) continue;
    if (plan.relation) {
      addRelationColumns(draft, plan.relation);
      continue;
    }
    const skip = new Set([key?.arg.name, ...parents.map((p) => p.arg.name)]);
    const writes = plan.tool.op === 'write';
    for (const arg of plan.args) {
      const role = plan.roles.get(arg.name);
      if (skip.has(arg.name) || (role && isKnob(role))) continue;
      // A read's time bound (`since`) applies to a timestamp column; it is not one.
      if (!writes && timeBoundArg(arg)) continue;
      const fields = containerFields(arg);
      if (fields) {
        for (const [member, schema] of fields) draft.add(plan.prefix + fieldKey(member), schema, arg.required ? 4 : 3, writes ? { stored: true } : {});
        continue;
      }
      const range = rangeOf(arg);
      const column = plan.prefix + (range ? range.stem : arg.key);
      draft.add(column, range ? { ...arg.schema, description: undefined } as Schema : arg.schema, arg.required ? 4 : 3, writes ? { stored: true } : {});
    }
    for (const [field, schema] of entityFields(plan.tool.output, plan.entity)) {
      const key = fieldKey(field);
      if (key === 'id' || key === `${plan.entity}_id`) {
        if (!plan.prefix) draft.keyTypes.push(columnType(schema));
        continue;
      }
      draft.add(plan.prefix + key, schema, 1, { stored: true });
    }
  }

  // Foreign keys: `<entity>_id` columns of other tables in the domain.
  for (const draft of drafts.values()) {
    for (const column of draft.fields.values()) {
      const m = /^(.+)_id$/.exec(column.key);
      if (!m || column.references) continue;
      const entity = entityName(m[1]!);
      if (entity !== draft.entity && drafts.has(entity)) column.references = entity;
    }
  }

  const tables: Table[] = [];
  const columnNames = new Map<string, Map<string, string>>();
  for (const draft of drafts.values()) {
    const integerVotes = draft.keyTypes.filter((t) => t === 'integer' || t === 'real').length;
    const keyType: Table['keyType'] = draft.singleton || draft.keyTypes.length === 0 || integerVotes * 2 >= draft.keyTypes.length ? 'integer' : 'text';
    const scope = new NameScope(48);
    scope.claim('id');
    const names = new Map<string, string>();
    const columns: Column[] = [{ name: 'id', type: keyType, nullable: false }];
    // A field only a read's filter names holds nothing any tool writes or returns: filtering on it could
    // only match seeded noise, so it is no column and the filter has no effect.
    const ordered = [...draft.fields.values()].filter((c) => c.stored).sort((a, b) => b.priority - a.priority);
    const kept = ordered.filter((c, i) => c.priority >= 5 || i < MAX_COLUMNS);
    for (const field of kept) {
      const name = scope.claim(sqlName(field.key));
      names.set(field.key, name);
      const column = columnFrom(field, name);
      if (column.references) {
        const parent = drafts.get(column.references)!;
        column.references = parent.name;
        const parentIntegers = parent.keyTypes.filter((t) => t === 'integer' || t === 'real').length;
        column.type = parent.singleton || parent.keyTypes.length === 0 || parentIntegers * 2 >= parent.keyTypes.length ? 'integer' : 'text';
        delete column.enum;
        delete column.minimum;
        delete column.maximum;
      }
      columns.push(column);
    }
    const table: Table = { name: draft.name, entity: draft.entity, primaryKey: 'id', keyType, columns };
    if (draft.singleton) table.singleton = true;
    if (draft.actions.size > 0) {
      let status = columns.find((c) => c.name === 'status');
      if (!status) {
        status = { name: scope.claim('status'), type: 'text', nullable: false };
        columns.push(status);
        names.set('status', status.name);
      }
      const known = (status.enum ?? []).map(String);
      // Things that get closed or resolved start open; the rest start active.
      const opens = [...draft.actions].some((v) => /^(close|resolve|reopen)$/.test(v));
      const initial = known.find((v) => /^(open|active|new|pending|draft|created|available|enabled)$/i.test(v)) ?? known[0] ?? (opens ? 'open' : 'active');
      const states = new Set([initial, ...known]);
      for (const verb of [...draft.actions].sort()) states.add(targetState(verb, known, initial));
      status.type = 'text';
      status.nullable = false;
      status.enum = [...states];
      table.status = { column: status.name, initial, values: [...states] };
    }
    tables.push(table);
    columnNames.set(draft.name, names);
  }
  // Parents before children, so seed data can point at existing rows.
  assignKeyPrefixes(tables);
  const sorted = sortByDependency(tables);
  return { tables: sorted, columnOf: (table, key) => (key === 'id' ? 'id' : columnNames.get(table)?.get(key)) };
}

/** The three-letter prefix of a word: its first letter and the consonants after it (`ticket` → `tck`). */
function keyPrefix(entity: string, length = 3): string {
  const letters = entity.replace(/[^a-z]/g, '');
  return (letters.slice(0, 1) + letters.slice(1).replace(/[aeiou]/g, '')).slice(0, length).padEnd(length, 'x');
}

/** Prefixes a text key could take, most readable first: the word's own, the words' initials, longer ones. */
function prefixCandidates(entity: string): string[] {
  const parts = entity.split('_').filter((w) => /[a-z]/.test(w));
  const out = [keyPrefix(entity)];
  if (parts.length > 1) {
    const initials = parts.map((w) => w.replace(/[^a-z]/g, '')[0] ?? '').join('');
    const last = parts[parts.length - 1]!.replace(/[^a-z]/g, '');
    out.push((initials + last.slice(1).replace(/[aeiou]/g, '')).slice(0, 3).padEnd(3, 'x'), keyPrefix(last), `${initials.slice(0, 2)}${keyPrefix(last)}`.slice(0, 4));
  }
  out.push(keyPrefix(entity, 4), keyPrefix(entity, 5));
  return out;
}

/**
 * Text-key prefixes unique within the domain, so `wrk_0009` names one table (workspace, worker and
 * workflow would all be `wrk`). Single-word entities choose first and keep their plain prefix.
 */
function assignKeyPrefixes(tables: Table[]): void {
  const taken = new Set<string>();
  const order = tables.filter((t) => t.keyType === 'text').sort((a, b) => a.entity.split('_').length - b.entity.split('_').length || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
  for (const table of order) {
    const candidates = prefixCandidates(table.entity);
    let prefix = candidates.find((c) => !taken.has(c));
    for (let n = 2; prefix === undefined; n++) if (!taken.has(`${candidates[0]}${n}`)) prefix = `${candidates[0]}${n}`;
    taken.add(prefix);
    table.keyPrefix = prefix;
  }
}

function sortByDependency(tables: Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: Table[] = [];
  const visit = (table: Table, path: Set<string>) => {
    if (done.has(table.name) || path.has(table.name)) return;
    path.add(table.name);
    for (const column of table.columns) {
      const parent = column.references ? byName.get(column.references) : undefined;
      if (parent && parent !== table) visit(parent, path);
    }
    done.add(table.name);
    out.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return out;
}

/** The verb of an action tool, for its transition. */
export function actionVerb(plan: ToolPlan): string | undefined {
  return plan.target.action ?? (plan.tool.effect === 'action' ? verbOf(plan.tool.name)?.verb : undefined);
}
