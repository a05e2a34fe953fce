// Tools of the ticket example domain: one function per tool, (db, args, ctx) → result.
// This is the file to edit to add a business rule; every call runs in one transaction, and a
// thrown ctx.fail(...) rolls it back and answers the agent with isError.

/** get_ticket — read one row of tickets by ticket_id. */
export function get_ticket(db, args, ctx) {
  const row = db.prepare('SELECT * FROM "tickets" WHERE "id" = ?').get(args.ticket_id);
  if (!row) ctx.notFound('tickets', 'ticket_id', args.ticket_id);
  return ctx.decode('tickets', row);
}

/** list_tickets — list rows of tickets, filtered by status. */
export function list_tickets(db, args, ctx) {
  const where = [];
  const params = [];
  if (args.status !== undefined) {
    where.push('"status" = ?');
    params.push(args.status);
  }
  const limit = ctx.limit(args.limit, 20, 100);
  const rows = db
    .prepare(`SELECT * FROM "tickets"${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY "id" ASC LIMIT ?`)
    .all(...params, limit);
  return { items: rows.map((row) => ctx.decode('tickets', row)), count: rows.length };
}

/** create_ticket — insert a row into tickets. */
export function create_ticket(db, args, ctx) {
  if (args.createdBy !== undefined) ctx.requireRow('users', 'createdBy', args.createdBy);
  const id = ctx.nextId('tickets');
  const row = ctx.encode('tickets', {
    id,
    title: args.title,
    description: args.description,
    priority: args.priority,
    tags: args.tags,
    created_by: args.createdBy,
    status: 'open',
    created_at: ctx.now(),
  });
  db.prepare(
    'INSERT INTO "tickets" ("id", "title", "description", "priority", "tags", "created_by", "status", "created_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(row.id, row.title, row.description, row.priority, row.tags, row.created_by, row.status, row.created_at);
  return ctx.decode('tickets', db.prepare('SELECT * FROM "tickets" WHERE "id" = ?').get(id));
}

/** edit_ticket — update title, description, priority of one row of tickets. */
export function edit_ticket(db, args, ctx) {
  const current = db.prepare('SELECT * FROM "tickets" WHERE "id" = ?').get(args.ticket_id);
  if (!current) ctx.notFound('tickets', 'ticket_id', args.ticket_id);
  const changes = ctx.encode('tickets', { title: args.title, description: args.description, priority: args.priority });
  const columns = Object.keys(changes).filter((column) => changes[column] !== undefined);
  if (columns.length === 0) ctx.fail(null, 'give at least one of title, description, priority to change');
  db.prepare(`UPDATE "tickets" SET ${columns.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`).run(...columns.map((c) => changes[c]), args.ticket_id);
  return ctx.decode('tickets', db.prepare('SELECT * FROM "tickets" WHERE "id" = ?').get(args.ticket_id));
}

/** close_ticket — move one row of tickets from open to closed. */
export function close_ticket(db, args, ctx) {
  const current = db.prepare('SELECT * FROM "tickets" WHERE "id" = ?').get(args.ticket_id);
  if (!current) ctx.notFound('tickets', 'ticket_id', args.ticket_id);
  if (current.status !== 'open') ctx.fail('ticket_id', `ticket ${args.ticket_id} is ${current.status}; only an open ticket can be closed`);
  db.prepare('UPDATE "tickets" SET "status" = ? WHERE "id" = ?').run('closed', args.ticket_id);
  return ctx.decode('tickets', db.prepare('SELECT * FROM "tickets" WHERE "id" = ?').get(args.ticket_id));
}

/** delete_ticket — delete one row of tickets. */
export function delete_ticket(db, args, ctx) {
  const result = db.prepare('DELETE FROM "tickets" WHERE "id" = ?').run(args.ticket_id);
  if (result.changes === 0) ctx.notFound('tickets', 'ticket_id', args.ticket_id);
  return { deleted: true, id: args.ticket_id };
}
