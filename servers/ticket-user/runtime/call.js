// @ts-check
// One tool call: arguments checked, the tool's function run in one SQLite transaction, its result
// checked against the output schema, the clock moved on a successful write. Anything that goes
// wrong rolls the whole call back and becomes an isError result that says which argument and why.
import { ToolError, createContext, finishWrite } from './context.js';
import { foldChanges } from './digest.js';
import { issuesMessage } from './zod.js';

/** @typedef {import('./types.js').Database} Database */
/** @typedef {import('./types.js').DomainContract} DomainContract */
/** @typedef {import('./types.js').CallToolResult} CallToolResult */
/** @typedef {import('./domain.js').Domain} Domain */
/** @typedef {import('./domain.js').LoadedTool} LoadedTool */

/**
 * @param {string} text
 * @returns {CallToolResult}
 */
export function errorResult(text) {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * The argument a column's value came from in this tool, if any.
 * @param {LoadedTool} tool
 * @param {string} table
 * @param {string} column
 */
function argumentOf(tool, table, column) {
  const binding = tool.contract.binding;
  if (binding.table !== table) return null;
  const bound = [...binding.values, ...binding.filters, ...(binding.key ? [binding.key] : [])].find((entry) => entry.column === column);
  if (!bound) return null;
  return bound.field === undefined ? bound.argument : `${bound.argument}.${bound.field}`;
}

/**
 * A constraint SQLite enforced, in the words of the domain.
 * @param {Error & { code?: string }} error
 * @param {LoadedTool} tool
 * @param {DomainContract} contract
 */
function constraintMessage(error, tool, contract) {
  const at = /(?:constraint failed: |column )([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)/.exec(error.message);
  if (!at) {
    if (error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new ToolError(null, 'a value names a row that does not exist; look the row up first');
    return new ToolError(null, `the change breaks a rule of the data (${error.message})`);
  }
  const tableName = /** @type {string} */ (at[1]);
  const columnName = /** @type {string} */ (at[2]);
  const table = contract.tables.find((t) => t.name === tableName);
  const column = table?.columns.find((c) => c.name === columnName);
  const argument = argumentOf(tool, tableName, columnName);
  const entity = table?.entity.replaceAll('_', ' ') ?? tableName;
  switch (error.code) {
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return new ToolError(argument, argument ? `a ${entity} needs a ${columnName.replaceAll('_', ' ')}; give ${argument}` : `a ${entity} needs a ${columnName.replaceAll('_', ' ')}, which this tool cannot set`);
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case 'SQLITE_CONSTRAINT_UNIQUE':
      return new ToolError(argument, `a ${entity} with this ${columnName.replaceAll('_', ' ')} already exists`);
    case 'SQLITE_CONSTRAINT_DATATYPE':
      return new ToolError(argument, `${entity} ${columnName} holds ${column?.type === 'real' ? 'numbers' : `${column?.type ?? 'other'} values`}; give one`);
    case 'SQLITE_CONSTRAINT_CHECK':
      if (column?.enum) return new ToolError(argument, `${entity} ${columnName} must be one of ${column.enum.map((v) => JSON.stringify(v)).join(', ')}`);
      if (column?.type === 'boolean') return new ToolError(argument, 'must be true or false');
      if (column?.minimum !== undefined || column?.maximum !== undefined) return new ToolError(argument, `${entity} ${columnName.replaceAll('_', ' ')} must be ${column.minimum !== undefined && column.maximum !== undefined ? `between ${column.minimum} and ${column.maximum}` : column.minimum !== undefined ? `at least ${column.minimum}` : `at most ${column.maximum}`}`);
      return new ToolError(argument, `is not a valid ${entity} ${columnName.replaceAll('_', ' ')}`);
    default:
      return new ToolError(argument, `the change breaks a rule of ${tableName}.${columnName} (${error.message})`);
  }
}

/**
 * The isError text for whatever a call threw.
 * @param {unknown} error
 * @param {LoadedTool} tool
 * @param {DomainContract} contract
 * @param {InternalErrorReport} report
 */
function failureText(error, tool, contract, report) {
  if (error instanceof ToolError) return error.message;
  const e = /** @type {Error & { code?: string }} */ (error);
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) return constraintMessage(e, tool, contract).message;
  // SQLite's word for a non-integer value given for an integer key.
  if (e?.code === 'SQLITE_MISMATCH') {
    const table = contract.tables.find((t) => t.name === tool.contract.binding.table);
    const key = tool.contract.binding.values.find((v) => v.column === table?.primaryKey) ?? tool.contract.binding.key;
    return new ToolError(key?.argument ?? null, `${table?.entity.replaceAll('_', ' ') ?? 'row'} ids are whole numbers; give one`).message;
  }
  // Anything else is a bug in tools.js (often a user's edit): say so, and where, on stderr too.
  const reason = e instanceof Error ? e.message : String(error);
  report(tool.contract.name, error);
  return `internal error in tool ${tool.contract.name} (${reason}); nothing was changed`;
}

/**
 * Where a bug in tools.js is reported: the server's stderr, with the stack.
 * @param {string} packageName
 * @returns {InternalErrorReport}
 */
export function stderrReport(packageName) {
  return (tool, error) => process.stderr.write(`${packageName}: tool ${tool} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
}

/** @typedef {(tool: string, error: unknown) => void} InternalErrorReport */

/**
 * Run a tool whose arguments are already valid: the MCP SDK checked them, or `callTool` did.
 * @param {Domain} domain
 * @param {Database} db
 * @param {LoadedTool} tool
 * @param {Record<string, unknown>} args
 * @param {InternalErrorReport} [report]
 * @returns {CallToolResult}
 */
export function runTool(domain, db, tool, args, report = stderrReport(domain.contract.package)) {
  const write = !tool.contract.annotations.readOnlyHint;
  try {
    const value = db.transaction(() => {
      const result = tool.run(db, args, createContext(db, domain.contract));
      // A transaction cannot wait: a tool that awaits would commit half its work.
      if (result instanceof Promise) throw new Error('tools must be synchronous functions (better-sqlite3 is synchronous); remove async/await');
      if (result === null || typeof result !== 'object' || Array.isArray(result)) throw new Error(`returned ${Array.isArray(result) ? 'an array' : typeof result}, not an object`);
      const checked = tool.output.safeParse(result);
      if (!checked.success) throw new Error(`returned a result that does not match its output schema: ${issuesMessage(checked.error)}`);
      if (write) {
        finishWrite(db);
        // The rows the call wrote go into the digest sums now, inside its transaction, so the log stays short.
        foldChanges(db, domain.contract);
      }
      return /** @type {Record<string, unknown>} */ (result);
    })();
    return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
  } catch (error) {
    return errorResult(failureText(error, tool, domain.contract, report));
  }
}

/**
 * Check the arguments of a call and run it: what a `tools/call` request does, without a transport.
 * @param {Domain} domain
 * @param {Database} db
 * @param {string} name
 * @param {unknown} args
 * @param {InternalErrorReport} [report]
 * @param {boolean} [strict] the arguments follow the OpenAI-strict listing
 * @returns {CallToolResult}
 */
export function callTool(domain, db, name, args, report = stderrReport(domain.contract.package), strict = false) {
  const tool = domain.tools.get(name);
  if (!tool) return errorResult(`Tool ${name} not found; this server has: ${[...domain.tools.keys()].join(', ')}`);
  let given;
  try {
    // Back from what tools/list showed (sanitized keys, JSON text, null for "not given") to the contract's shape.
    given = /** @type {import('./portable.js').Reader} */ (domain.listing(strict).readers.get(name))(args ?? {}, '');
  } catch (error) {
    if (error instanceof ToolError) return errorResult(`Input validation error: Invalid arguments for tool ${name}: ${error.message}`);
    throw error;
  }
  const parsed = tool.input.safeParse(given);
  if (!parsed.success) return errorResult(`Input validation error: Invalid arguments for tool ${name}: ${issuesMessage(parsed.error)}`);
  return runTool(domain, db, tool, /** @type {Record<string, unknown>} */ (parsed.data), report);
}
