// tools.js: one readable function per tool, generated from its binding. This is the file a user
// edits to add a business rule. Identifiers in it were checked by identifiers.ts; every value
// reaches SQL as a bound parameter; every string from the catalog goes through JSON.stringify or,
// in comments, through `comment`.
import type { Binding, ArgumentColumn, DomainContract, Table, ToolContract } from '../../formats/contract.js';
import { functionNames, SQL_IDENTIFIER } from './identifiers.js';

const q = (text: string) => JSON.stringify(text);

/** A single-quoted JavaScript string literal: SQL reads better without escaped double quotes. */
function sql(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/[\n\r\u2028\u2029]/g, ' ')}'`;
}

/** A quoted SQL identifier, refusing anything identifiers.ts would not have produced. */
function id(name: string): string {
  if (!SQL_IDENTIFIER.test(name) && !/^[a-z_][a-z0-9_]{0,63}$/.test(name)) throw new Error(`unsafe SQL identifier '${name}'`);
  return `"${name}"`;
}

/** Catalog text made safe inside a `/** … *\/` comment, on one line. */
export function comment(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/[\r\n\u2028\u2029]+/g, ' ').slice(0, 200);
}

/** `args.name` (argument names are identifiers; see identifiers.ts). */
function arg(name: string): string {
  return `args.${name}`;
}

/** The value an entry binds: the argument, or its member (`ctx.member(args.updates, "title")`). */
function valueOf(entry: { argument: string; field?: string }): string {
  return entry.field === undefined ? arg(entry.argument) : `ctx.member(${arg(entry.argument)}, ${q(entry.field)})`;
}

/** How a message names an entry: `updates.title` for a member. */
function nameOf(entry: { argument: string; field?: string }): string {
  return entry.field === undefined ? entry.argument : `${entry.argument}.${entry.field}`;
}

function entityOf(table: Table): string {
  return table.entity.replace(/_/g, ' ');
}

/** `{ "col": args.x, … }` for ctx.encode. */
function objectOf(entries: ArgumentColumn[], extra: [string, string][] = []): string {
  const parts = [...entries.map((e) => `${q(e.column)}: ${valueOf(e)}`), ...extra.map(([k, v]) => `${q(k)}: ${v}`)];
  return `{ ${parts.join(', ')} }`;
}

/** Lines that push one filter's condition and parameter onto `where`/`params`. */
function filterLines(table: Table, filter: ArgumentColumn): string[] {
  const a = valueOf(filter);
  const c = id(filter.column);
  const enc = (v: string) => `ctx.encode(${q(table.name)}, { ${q(filter.column)}: ${v} })[${q(filter.column)}]`;
  switch (filter.match) {
    case 'in':
      return [
        `  if (${a} !== undefined) {`,
        `    const values = ${a}.map((v) => ${enc('v')});`,
        `    where.push(values.length ? ${sql(`${c} IN (`)} + values.map(() => '?').join(', ') + ')' : '0');`,
        '    params.push(...values);',
        '  }',
      ];
    case 'min':
    case 'max':
      return [`  if (${a} !== undefined) {`, `    where.push(${sql(`${c} ${filter.match === 'min' ? '>=' : '<='} ?`)});`, `    params.push(${enc(a)});`, '  }'];
    default:
      return [`  if (${a} !== undefined) {`, `    where.push(${sql(`${c} = ?`)});`, `    params.push(${enc(a)});`, '  }'];
  }
}

/** Lines selecting the one row a keyed operator works on into `current`, or failing. */
function currentRow(table: Table, binding: Binding): string[] {
  const lines: string[] = [];
  if (table.singleton && !binding.key) {
    lines.push(`  const current = db.prepare(${sql(`SELECT * FROM ${id(table.name)} WHERE "id" = 1`)}).get();`);
    lines.push(`  if (!current) ctx.fail(null, ${q(`the ${entityOf(table)} has no state row; reset the server with --reset`)});`);
    return lines;
  }
  const key = binding.key!;
  lines.push(`  const where = [${sql(`${id(key.column)} = ?`)}];`, `  const params = [ctx.encode(${q(table.name)}, { ${q(key.column)}: ${arg(key.argument)} })[${q(key.column)}]];`);
  for (const filter of binding.filters) lines.push(...filterLines(table, filter));
  lines.push(`  const current = db.prepare(${sql(`SELECT * FROM ${id(table.name)} WHERE `)} + where.join(' AND ')).get(...params);`);
  lines.push(`  if (!current) ctx.notFound(${q(table.name)}, ${q(key.argument)}, ${arg(key.argument)});`);
  return lines;
}

/** Checks that each value pointing at another table names a row that exists. */
function referenceChecks(contract: DomainContract, table: Table, values: ArgumentColumn[]): string[] {
  const lines: string[] = [];
  for (const v of values) {
    const column = table.columns.find((c) => c.name === v.column);
    if (!column?.references || !contract.tables.some((t) => t.name === column.references)) continue;
    lines.push(`  if (${valueOf(v)} !== undefined) ctx.requireRow(${q(column.references)}, ${q(nameOf(v))}, ${valueOf(v)});`);
  }
  return lines;
}

/** The local variable holding a qualifier's encoded value in a link's code. */
const qualifierName = (entry: ArgumentColumn) => `qualifier_${entry.column}`;

/**
 * A link or unlink: for each member (or the owner's one link when no member is named), insert the
 * link unless it is there (updating a tag's value), or delete it; then answer with the owner's links.
 */
function relationLines(b: Binding, table: Table): string[] {
  const T = q(table.name);
  const r = b.relation!;
  const lines: string[] = [];
  const where: string[] = [];
  const params: string[] = [];
  if (r.owner) {
    const ownerColumn = table.columns.find((c) => c.name === r.owner!.column);
    if (ownerColumn?.references) lines.push(`  ctx.requireRow(${q(ownerColumn.references)}, ${q(r.owner.argument)}, ${arg(r.owner.argument)});`);
    lines.push(`  const owner = ctx.encode(${T}, { ${q(r.owner.column)}: ${arg(r.owner.argument)} })[${q(r.owner.column)}];`);
    where.push(`${id(r.owner.column)} IS ?`);
    params.push('owner');
  }
  const scope = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  // The caller's own link (joining a channel) leaves the member empty; only that one is added or removed.
  const own = r.self ? ` ${where.length > 0 ? 'AND' : 'WHERE'} ${id(r.self)} IS NULL` : '';
  // Qualifiers identify a link with its member; they are set on insert and matched on every lookup.
  const qualifiers = r.qualifiers ?? [];
  for (const qualifier of qualifiers) lines.push(`  const ${qualifierName(qualifier)} = ctx.encode(${T}, { ${q(qualifier.column)}: ${arg(qualifier.argument)} })[${q(qualifier.column)}];`);
  const m = r.member;
  if (!m) {
    if (b.operator === 'link') {
      lines.push(`  if (!db.prepare(${sql(`SELECT 1 FROM ${id(table.name)}${scope}${own}`)}).get(${params.join(', ')})) {`);
      const columns = ['"id"', ...(r.owner ? [id(r.owner.column)] : [])];
      lines.push(`    db.prepare(${sql(`INSERT INTO ${id(table.name)} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)}).run(ctx.nextId(${T})${r.owner ? ', owner' : ''});`, '  }');
    } else {
      lines.push(`  db.prepare(${sql(`DELETE FROM ${id(table.name)}${scope}${own}`)}).run(${params.join(', ')});`);
    }
  } else {
    const memberColumn = table.columns.find((c) => c.name === m.column);
    const fields = [m.keyField ?? null, m.valueField ?? null];
    lines.push(`  const members = ctx.members(${valueOf(m)}, ${q(m.shape)}, ${q(nameOf(m))}, ${JSON.stringify(fields)});`);
    lines.push(`  for (const [member${m.valueColumn ? ', value' : ''}] of members) {`);
    if (memberColumn?.references && b.operator === 'link') lines.push(`    ctx.requireRow(${q(memberColumn.references)}, ${q(nameOf(m))}, member);`);
    const encoded = `ctx.encode(${T}, { ${q(m.column)}: member${m.valueColumn ? `, ${q(m.valueColumn)}: value` : ''} })`;
    lines.push(`    const link = ${encoded};`);
    const match = [...where, ...qualifiers.map((x) => `${id(x.column)} IS ?`), `${id(m.column)} = ?`].join(' AND ');
    const matchParams = [...params, ...qualifiers.map(qualifierName), `link[${q(m.column)}]`].join(', ');
    if (b.operator === 'link') {
      lines.push(`    const existing = db.prepare(${sql(`SELECT "id" FROM ${id(table.name)} WHERE ${match}`)}).get(${matchParams});`);
      if (m.valueColumn) lines.push(`    if (existing) db.prepare(${sql(`UPDATE ${id(table.name)} SET ${id(m.valueColumn)} = ? WHERE "id" = ?`)}).run(link[${q(m.valueColumn)}], existing.id);`);
      const columns = ['"id"', ...(r.owner ? [id(r.owner.column)] : []), ...qualifiers.map((x) => id(x.column)), id(m.column), ...(m.valueColumn ? [id(m.valueColumn)] : [])];
      const values = [`ctx.nextId(${T})`, ...(r.owner ? ['owner'] : []), ...qualifiers.map(qualifierName), `link[${q(m.column)}]`, ...(m.valueColumn ? [`link[${q(m.valueColumn)}]`] : [])];
      lines.push(`    ${m.valueColumn ? 'else' : 'if (!existing)'} db.prepare(${sql(`INSERT INTO ${id(table.name)} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)}).run(${values.join(', ')});`);
    } else {
      lines.push(`    db.prepare(${sql(`DELETE FROM ${id(table.name)} WHERE ${match}`)}).run(${matchParams});`);
    }
    lines.push('  }');
  }
  lines.push(
    `  const rows = db.prepare(${sql(`SELECT * FROM ${id(table.name)}${scope} ORDER BY "id" ASC LIMIT 100`)}).all(${params.join(', ')});`,
    `  return { items: rows.map((row) => ctx.decode(${T}, row)), count: rows.length };`,
  );
  return lines;
}

/** The columns a write's state effects set, as `[column, expression]` (expressions read `current`). */
function effectEntries(b: Binding): [string, string][] {
  return (b.effects ?? []).map((e): [string, string] => {
    if (e.argument === undefined) return [e.column, JSON.stringify(e.value ?? null)];
    if (e.path) return [e.column, `ctx.path(current[${q(e.column)}], ${arg(e.argument)})`];
    if (e.map) return [e.column, `(ctx.member(${JSON.stringify(e.map)}, ${arg(e.argument)}) ?? current[${q(e.column)}])`];
    return [e.column, arg(e.argument)];
  });
}

/** A returned row narrowed to the fields the caller selected, when the tool has a field-selection argument. */
function selected(b: Binding, table: Table, rowExpr: string): string {
  return b.select ? `ctx.select(${q(table.name)}, ${rowExpr}, ${valueOf(b.select)}, ${q(nameOf(b.select))})` : rowExpr;
}

/**
 * The end of a list or search: page size, where the page starts (offset, page number, cursor or a key
 * bound), the order (the caller's sort or the key), the query, and the page with its cursor onward.
 */
function pageLines(b: Binding, table: Table): string[] {
  const T = q(table.name);
  const lines: string[] = [];
  const limit = b.limit!;
  lines.push(`  const limit = ctx.limit(${limit.argument ? `${arg(limit.argument)}, ${limit.default}, ${limit.max}, ${q(limit.argument)}` : `undefined, ${limit.default}, ${limit.max}`});`);
  if (b.cursor) lines.push(`  const offset = ctx.startOf('cursor', ${arg(b.cursor)}, limit, ${q(b.cursor)});`);
  else if (b.page) lines.push(`  const offset = ctx.startOf('page', ${arg(b.page)}, limit, ${q(b.page)});`);
  else lines.push(`  const offset = ${b.offset ? `Math.max(0, Math.floor(${arg(b.offset)} ?? 0))` : '0'};`);
  const key = table.primaryKey;
  for (const [bound, op] of [[b.after, '>'], [b.before, '<']] as const) {
    if (!bound) continue;
    lines.push(
      `  if (${arg(bound)} !== undefined) {`,
      `    where.push(${sql(`${id(key)} ${op} ?`)});`,
      `    params.push(ctx.encode(${T}, { ${q(key)}: ${arg(bound)} })[${q(key)}]);`,
      '  }',
    );
  }
  // The page just before a key is the one nearest to it: read backwards, then put back in order.
  const backwards = b.before && !b.sort ? `${arg(b.before)} !== undefined` : undefined;
  if (b.sort) {
    const s = b.sort;
    const sortValue = s.argument ? valueOf({ argument: s.argument, ...(s.field !== undefined ? { field: s.field } : {}) }) : 'undefined';
    const direction = s.direction ? valueOf(s.direction) : 'undefined';
    lines.push(`  const order = ctx.orderBy(${T}, ${JSON.stringify(s.columns)}, ${sortValue}, ${direction}, ${q(s.argument ? nameOf({ argument: s.argument, ...(s.field !== undefined ? { field: s.field } : {}) }) : '')}, ${q(s.direction ? nameOf(s.direction) : '')});`);
  } else {
    const order = b.order ?? { column: 'id', direction: 'asc' };
    lines.push(`  const order = ${backwards ? `${backwards} ? ${sql(`${id(order.column)} DESC`)} : ` : ''}${sql(`${id(order.column)} ${order.direction.toUpperCase()}`)};`);
  }
  // One row more than the page says whether another page follows.
  const fetch = b.cursor ? 'limit + 1' : 'limit';
  lines.push(`  const rows = db.prepare(${sql(`SELECT * FROM ${id(table.name)}`)} + (where.length ? ' WHERE ' + where.join(' AND ') : '') + ' ORDER BY ' + order + ' LIMIT ? OFFSET ?').all(...params, ${fetch}, offset);`);
  const page = b.cursor ? 'rows.slice(0, limit)' : 'rows';
  lines.push(`  const items = ${page}.map((row) => ${selected(b, table, `ctx.decode(${T}, row)`)});`);
  if (backwards) lines.push(`  if (${backwards}) items.reverse();`);
  if (b.cursor) lines.push('  return { items, count: items.length, ...(rows.length > limit ? { next_cursor: ctx.cursorAt(offset + limit) } : {}) };');
  else lines.push('  return { items, count: items.length };');
  return lines;
}

const reread = (table: Table, idExpr: string) => `ctx.decode(${q(table.name)}, db.prepare(${sql(`SELECT * FROM ${id(table.name)} WHERE "id" = ?`)}).get(${idExpr}))`;

/** Lines applying `changes` (an encoded object) to row `current.id`. */
function applyChanges(table: Table): string[] {
  return [
    '  const columns = Object.keys(changes).filter((column) => changes[column] !== undefined);',
    '  if (columns.length > 0) {',
    `    db.prepare(${sql(`UPDATE ${id(table.name)} SET `)} + columns.map((c) => \`"\${c}" = ?\`).join(', ') + ${sql(' WHERE "id" = ?')}).run(...columns.map((c) => changes[c]), current.id);`,
    '  }',
  ];
}

function body(contract: DomainContract, tool: ToolContract, table: Table): string[] {
  const b = tool.binding;
  const T = q(table.name);
  switch (b.operator) {
    case 'get':
      return [...currentRow(table, b), `  return ${selected(b, table, `ctx.decode(${T}, current)`)};`];
    case 'list':
    case 'search': {
      const lines = ['  const where = [];', '  const params = [];'];
      for (const filter of b.filters) lines.push(...filterLines(table, filter));
      if (b.search) {
        const s = b.search;
        lines.push(
          `  if (${arg(s.argument)} !== undefined && ${arg(s.argument)} !== '') {`,
          `    const pattern = '%' + String(${arg(s.argument)}).replace(/[\\\\%_]/g, (c) => '\\\\' + c) + '%';`,
          `    where.push(${sql(`(${s.columns.map((c) => `${id(c)} LIKE ? ESCAPE '\\'`).join(' OR ')})`)});`,
          `    params.push(${s.columns.map(() => 'pattern').join(', ')});`,
          '  }',
        );
      }
      lines.push(...pageLines(b, table));
      return lines;
    }
    case 'insert': {
      const setsKey = b.values.find((v) => v.column === 'id');
      const lines = [...referenceChecks(contract, table, b.values)];
      if (setsKey) {
        // The caller names the new row; without a name it gets the next key.
        lines.push(`  const id = ${arg(setsKey.argument)} !== undefined ? ctx.encode(${T}, { "id": ${arg(setsKey.argument)} }).id : ctx.nextId(${T});`);
        lines.push(`  if (db.prepare(${sql(`SELECT 1 FROM ${id(table.name)} WHERE "id" = ?`)}).get(id)) ctx.fail(${q(setsKey.argument)}, \`a ${entityOf(table)} with id \${id} already exists\`);`);
      } else {
        lines.push(`  const id = ctx.nextId(${T});`);
      }
      const extra: [string, string][] = [['id', 'id']];
      if (table.status) extra.push([table.status.column, q(table.status.initial)]);
      lines.push(
        `  const row = ctx.encode(${T}, ${objectOf(b.values.filter((v) => v !== setsKey), extra)});`,
        '  const columns = Object.keys(row).filter((column) => row[column] !== undefined);',
        `  db.prepare(${sql(`INSERT INTO ${id(table.name)} (`)} + columns.map((c) => \`"\${c}"\`).join(', ') + ') VALUES (' + columns.map(() => '?').join(', ') + ')').run(...columns.map((c) => row[c]));`,
        `  return ${selected(b, table, reread(table, 'id'))};`,
      );
      return lines;
    }
    case 'update': {
      const names = b.values.map(nameOf).join(', ');
      return [
        ...currentRow(table, b),
        ...referenceChecks(contract, table, b.values),
        `  const changes = ctx.encode(${T}, ${objectOf(b.values, effectEntries(b))});`,
        // Nothing to change unless a required argument sets a column itself (a member of a required object may be absent).
        ...(b.values.length > 0 && tool.input.required.filter((r) => b.values.some((v) => v.argument === r && v.field === undefined)).length === 0
          ? [`  if (Object.values(changes).every((value) => value === undefined)) ctx.fail(null, ${q(`give at least one of ${names} to change`)});`]
          : []),
        ...applyChanges(table),
        `  return ${selected(b, table, reread(table, 'current.id'))};`,
      ];
    }
    case 'delete': {
      const lines: string[] = [];
      if (b.key) {
        lines.push(...currentRow(table, b));
        lines.push(`  db.prepare(${sql(`DELETE FROM ${id(table.name)} WHERE "id" = ?`)}).run(current.id);`, '  return { deleted: 1, ids: [current.id] };');
        return lines;
      }
      lines.push('  const where = [];', '  const params = [];');
      for (const filter of b.filters) lines.push(...filterLines(table, filter));
      const first = b.filters[0]?.argument ?? null;
      lines.push(
        `  const ids = db.prepare(${sql(`SELECT "id" FROM ${id(table.name)}`)} + (where.length ? ' WHERE ' + where.join(' AND ') : '')).all(...params).map((row) => row.id);`,
        `  if (ids.length === 0) ctx.fail(${first ? q(first) : 'null'}, ${q(`no ${entityOf(table)} matches; nothing was deleted`)});`,
        `  db.prepare(${sql(`DELETE FROM ${id(table.name)} WHERE "id" IN (`)} + ids.map(() => '?').join(', ') + ')').run(...ids);`,
        '  return { deleted: ids.length, ids };',
      );
      return lines;
    }
    case 'transition': {
      const t = b.transition!;
      const who = b.key ? `${q(`${entityOf(table)} `)} + ${arg(b.key.argument)}` : q(`the ${entityOf(table)}`);
      return [
        ...currentRow(table, b),
        `  if (!${JSON.stringify(t.from)}.includes(current[${q(t.column)}])) ctx.fail(${b.key ? q(b.key.argument) : 'null'}, ${who} + ' is already ' + current[${q(t.column)}] + ${q(`; it cannot be ${t.to} again`)});`,
        ...referenceChecks(contract, table, b.values),
        `  const changes = ctx.encode(${T}, ${objectOf(b.values, [[t.column, q(t.to)], ...effectEntries(b)])});`,
        ...applyChanges(table),
        `  return ${selected(b, table, reread(table, 'current.id'))};`,
      ];
    }
    case 'link':
    case 'unlink':
      return relationLines(b, table);
    case 'compute': {
      const c = b.compute!;
      const inputs = c.inputs.map((i) => ('argument' in i ? arg(i.argument) : JSON.stringify(i.value)));
      const names = c.inputs.map((i) => ('argument' in i ? i.argument : ''));
      return [`  return { ${q(c.result)}: ctx.compute(${q(c.formula)}, [${inputs.join(', ')}], ${JSON.stringify(names)}) };`];
    }
    case 'composite': {
      const a = b.adjust!;
      const column = table.columns.find((c) => c.name === a.column)!;
      const round = column.type === 'real' ? '(x) => Math.round(x * 100) / 100' : '(x) => Math.round(x)';
      return [
        ...currentRow(table, b),
        `  const amount = ${arg(a.argument)};`,
        `  if (!(amount > 0)) ctx.fail(${q(a.argument)}, 'must be greater than zero');`,
        `  const before = current[${q(a.column)}] ?? 0;`,
        `  const after = (${round})(before ${a.direction === 'add' ? '+' : '-'} amount);`,
        ...(a.direction === 'subtract' ? [`  if (after < 0) ctx.fail(${q(a.argument)}, \`\${amount} is more than the ${a.column.replace(/_/g, ' ')} of \${before}\`);`] : []),
        ...referenceChecks(contract, table, b.values),
        `  const changes = ctx.encode(${T}, ${objectOf(b.values, [[a.column, 'after'], ...effectEntries(b)])});`,
        ...applyChanges(table),
        `  return ${selected(b, table, reread(table, 'current.id'))};`,
      ];
    }
  }
}

/** What a tool does, in one line, for its doc comment and the README. */
export function summary(tool: ToolContract): string {
  const b = tool.binding;
  const filters = b.filters.map(nameOf).join(', ');
  const knobs = [
    b.sort?.argument ? `sorted by ${nameOf({ argument: b.sort.argument, ...(b.sort.field !== undefined ? { field: b.sort.field } : {}) })}` : '',
    b.cursor ?? b.page ?? b.offset ? `paged by ${b.cursor ?? b.page ?? b.offset}` : '',
    b.select ? `fields chosen by ${b.select.argument}` : '',
  ].filter(Boolean);
  const extra = knobs.length > 0 ? `, ${knobs.join(', ')}` : '';
  switch (b.operator) {
    case 'get':
      return b.key ? `reads one row of ${b.table} by ${b.key.argument}${filters ? `, also matching ${filters}` : ''}` : `reads the state row of ${b.table}`;
    case 'list':
      return `lists rows of ${b.table}${filters ? ` filtered by ${filters}` : ''}${extra}`;
    case 'search':
      return `searches ${b.table} for ${b.search?.argument} in ${b.search?.columns.join(', ')}${filters ? `, filtered by ${filters}` : ''}${extra}`;
    case 'insert':
      return `inserts a row into ${b.table}`;
    case 'update':
      return `updates ${b.values.map((v) => v.column).join(', ') || 'nothing'} of ${b.key ? `one row of ${b.table} by ${b.key.argument}` : `the state row of ${b.table}`}`;
    case 'delete':
      return b.key ? `deletes one row of ${b.table} by ${b.key.argument}` : `deletes the rows of ${b.table} matching ${filters}`;
    case 'transition':
      return `moves ${b.key ? `one row of ${b.table}` : `the state of ${b.table}`} to ${b.transition?.column} = "${b.transition?.to}"`;
    case 'link':
    case 'unlink': {
      const r = b.relation!;
      const what = r.member ? `${nameOf(r.member)} ${b.operator === 'link' ? 'to' : 'from'}` : b.operator === 'link' ? 'a link in' : 'the link in';
      return `${b.operator === 'link' ? 'adds' : 'removes'} ${what} ${b.table}${r.owner ? ` of ${r.owner.argument}` : ''} (idempotent), answering with its links`;
    }
    case 'compute':
      return `computes ${b.compute?.formula}(${b.compute?.inputs.map((i) => ('argument' in i ? i.argument : JSON.stringify(i.value))).join(', ')}) for real, touching no table`;
    case 'composite':
      return `${b.adjust?.direction === 'add' ? 'adds' : 'subtracts'} ${b.adjust?.argument} ${b.adjust?.direction === 'add' ? 'to' : 'from'} ${b.table}.${b.adjust?.column}`;
  }
}

/** The whole tools.js of a domain. */
export function toolsModule(contract: DomainContract): string {
  const tables = new Map(contract.tables.map((t) => [t.name, t]));
  const out = [
    `// Tools of ${comment(contract.title)} (${contract.package}), generated by agentscaler from its catalogs.`,
    '// One function per tool: (db, args, ctx) → the result object the agent sees. Each call runs in one',
    '// SQLite transaction; ctx.fail(argument, reason) rolls it back and answers with isError. Edit freely to',
    '// add a business rule; `agentscaler synth` overwrites this file, so keep your edits under version control.',
    '',
  ];
  const functions = functionNames(contract.tools.map((t) => t.name));
  for (const tool of contract.tools) {
    const table = tables.get(tool.binding.table)!;
    out.push(`/** ${tool.name} — ${comment(tool.title)}: ${comment(summary(tool))}. */`);
    // An opaque tool says so where a user reads it: what it cannot do, and that no task relies on it.
    if (tool.opaque) out.push(`// Opaque: ${comment(tool.opaque)}. It answers, but no task asks anything of it.`);
    out.push(`export function ${functions.get(tool.name)!}(db, args, ctx) {`);
    out.push(...body(contract, tool, table));
    out.push('}', '');
  }
  // The runtime looks tools up by their MCP names, which may not be usable as function names.
  out.push('/** Every tool by its MCP name. */');
  out.push(`export const tools = {\n${contract.tools.map((t) => `  ${q(t.name)}: ${functions.get(t.name)!},`).join('\n')}\n};`);
  return `${out.join('\n')}\n`;
}
