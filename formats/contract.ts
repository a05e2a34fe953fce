// The domain contract: what synth writes to servers/<slug>/domain.json and what the emitted
// server's runtime (templates/runtime) and the task generator read. Versioned; add fields, keep these.
import type { Schema, ToolOp, WriteEffect } from './toolspec.js';

/** SQLite storage class of a column, as the runtime encodes it. */
export type ColumnType = 'integer' | 'real' | 'text' | 'boolean' | 'json';

/** One column of an entity table. */
export interface Column {
  /** SQL identifier: `^[a-z_][a-z0-9_]{0,47}$`, always double-quoted in SQL. */
  name: string;
  /** Storage: booleans are 0/1, json is JSON text. */
  type: ColumnType;
  /** Whether the column may be NULL. Primary keys never are. */
  nullable: boolean;
  /** Allowed values (enforced by a CHECK constraint). */
  enum?: (string | number)[];
  /** Format hint for seed data and fresh values (`email`, `date-time`, `uri`, …). */
  format?: string;
  /** Foreign key: the table whose primary key this column holds. */
  references?: string;
  /** What the catalog says about the field. */
  description?: string;
  /** Values the catalog gives for the field (its `example`s and `default`), used first for seed rows and task values. */
  examples?: (string | number | boolean)[];
  /** JSON columns: the shape of the value (the field's schema, trimmed), so seed values have its members. */
  shape?: Schema;
}

/** A status column driven by action tools (close, cancel, approve, …). */
export interface StatusMachine {
  /** The column holding the state. */
  column: string;
  /** State of a new row. */
  initial: string;
  /** Every state. */
  values: string[];
}

/** One entity table. */
export interface Table {
  /** SQL identifier, plural snake_case (`tickets`, `credit_cards`). */
  name: string;
  /** The entity in singular (`ticket`), used in messages. */
  entity: string;
  /** Primary key column (first of `columns`). */
  primaryKey: string;
  /** Integer keys count up from the largest; text keys are `<prefix>_<n>`. */
  keyType: 'integer' | 'text';
  /** Prefix of text keys (`cus` → `cus_0001`). */
  keyPrefix?: string;
  /** Columns, primary key first. */
  columns: Column[];
  /** Present when action tools move rows between states. */
  status?: StatusMachine;
  /** Singleton tables hold one row (id 1): state that belongs to no entity, e.g. a vehicle's. */
  singleton?: boolean;
}

/** What a tool does to the database. */
export type Operator = 'get' | 'list' | 'search' | 'insert' | 'update' | 'delete' | 'transition' | 'composite';

/** An argument bound to a column. */
export interface ArgumentColumn {
  /** Tool argument name (as in the tool's input schema). */
  argument: string;
  /** Column of the binding's table. */
  column: string;
  /** Filters only: how the argument matches (default equals; `in` for a list of values; min/max for ranges). */
  match?: 'equals' | 'in' | 'min' | 'max';
}

/** How a tool's arguments map onto its operator. Generated code in tools.js follows it. */
export interface Binding {
  operator: Operator;
  /** The table it reads or writes. */
  table: string;
  /** The argument selecting one row (get, update, delete, transition). */
  key?: ArgumentColumn;
  /** Equality filters (list, search, and extra conditions on keyed operators). */
  filters: ArgumentColumn[];
  /** Columns set from arguments (insert, update). */
  values: ArgumentColumn[];
  /** Free-text search: the argument and the text columns it is matched against. */
  search?: { argument: string; columns: string[] };
  /** Page size: the argument (if the tool has one), its default and its cap. */
  limit?: { argument?: string; default: number; max: number };
  /** Offset argument, if any. */
  offset?: string;
  /** Ordering of list results. */
  order?: { column: string; direction: 'asc' | 'desc' };
  /** Transition: the state set, and the states it may start from. */
  transition?: { column: string; to: string; from: string[] };
  /** Composite read-modify-write: add the argument to a numeric column, or subtract it (never below zero). */
  adjust?: { argument: string; column: string; direction: 'add' | 'subtract' };
  /** Arguments the operator does not use (all optional), with why. */
  unbound: { argument: string; reason: string }[];
}

/** One tool of the domain as the emitted server registers it. */
export interface ToolContract {
  /** MCP tool name, unique in the domain: `^[a-z0-9_]{1,64}$`. */
  name: string;
  title: string;
  description: string;
  op: ToolOp;
  effect?: WriteEffect;
  /** MCP tool annotations. */
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: false };
  /** Input schema with sanitized argument names (`^[A-Za-z_][A-Za-z0-9_]{0,63}$`). */
  input: { type: 'object'; properties: Record<string, Schema>; required: string[] };
  /** Output schema: what structuredContent holds (always an object). */
  output: Schema & { type: 'object' };
  binding: Binding;
  /** Argument name → the catalog's name, where they differ. */
  renamed: Record<string, string>;
  /** Provenance: the ToolSpec it came from, and (OpenAPI) its API's name and categories. */
  source: { id: string; provider: string; file: string; pointer: string; api?: string; categories?: string[] };
}

/** The whole contract of one domain (domain.json). */
export interface DomainContract {
  /** Format version. */
  version: 1;
  /** Domain slug (folder and package name part). */
  slug: string;
  /** npm package name. */
  package: string;
  /** Human title and one-paragraph description. */
  title: string;
  description: string;
  /** Seed that generated this domain's data. */
  seed: number;
  /** Start of the virtual clock (ISO 8601, UTC). */
  clock: string;
  tables: Table[];
  tools: ToolContract[];
}
