// The domain contract: what synth writes to servers/<slug>/domain.json and what the emitted
// server's runtime (templates/runtime) and the task generator read. Versioned; add fields, keep these.
import type { Json, Schema, ToolOp, WriteEffect } from './toolspec.js';

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
  /** Numeric columns: the smallest allowed value, from the catalog's schema or its words (a CHECK constraint). */
  minimum?: number;
  /** Numeric columns: the largest allowed value (a CHECK constraint). */
  maximum?: number;
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
export type Operator = 'get' | 'list' | 'search' | 'insert' | 'update' | 'delete' | 'transition' | 'composite' | 'compute' | 'link' | 'unlink';

/** An argument bound to a column. */
export interface ArgumentColumn {
  /** Tool argument name (as in the tool's input schema). */
  argument: string;
  /**
   * The member of an object argument that holds the value (`updates.title`, `filter.name`, Asana's
   * `data.name`), as named in the input schema; absent when the argument itself is the value.
   */
  field?: string;
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
  /** Page-number argument, if any: the page starts at row (page − 1) × limit. */
  page?: string;
  /** Opaque cursor argument, if any: results carry `next_cursor` while more rows follow; passing it back gives the next page. */
  cursor?: string;
  /** Keyset paging: the argument naming the key the rows come after (Stripe's `starting_after`). */
  after?: string;
  /** Keyset paging: the argument naming the key the rows come before (Stripe's `ending_before`); the page nearest to it. */
  before?: string;
  /** Default ordering of list results (by key unless a sort argument says otherwise). */
  order?: { column: string; direction: 'asc' | 'desc' };
  /** Ordering the caller chooses: the argument (or member) naming a sort field, the columns those names mean, and the direction argument. */
  sort?: Sort;
  /** Field selection: the argument listing the fields each returned row keeps (its key is always kept). */
  select?: { argument: string; field?: string };
  /** Transition: the state set, and the states it may start from. */
  transition?: { column: string; to: string; from: string[] };
  /** What a write on a state row changes beyond `values`: the state its name and output speak of (logging in sets the login status; `cd` moves the directory). */
  effects?: StateEffect[];
  /** link/unlink: the arguments that fill the relation table's owner and member columns. Both are idempotent; both answer with the owner's links. */
  relation?: Relation;
  /** compute: the formula and which arguments feed it. */
  compute?: Compute;
  /** Composite read-modify-write: add the argument to a numeric column, or subtract it (never below zero). */
  adjust?: { argument: string; column: string; direction: 'add' | 'subtract' };
  /** Arguments the operator does not use (all optional), with why. */
  unbound: { argument: string; reason: string }[];
}

/** Why a tool's MCP name is not the catalog's own name. */
export interface ToolRename {
  /** The catalog's name (operationId, function or MCP tool name). */
  from: string;
  /**
   * `invalid`: not `^[a-zA-Z_][a-zA-Z0-9_-]*$`; `long`: over 48 characters; `shared`: several tools of
   * the domain have it (the provider's short name went in front); `reserved`: an Object.prototype
   * member; `taken`: another tool of the domain already had the name.
   */
  reason: 'invalid' | 'long' | 'shared' | 'reserved' | 'taken';
}

/** An ordering chosen by arguments: `sort: "name"`, `sort: {by, direction}`, `orderBy: "modifiedTime desc,name"`. */
export interface Sort {
  /** The argument naming the sort field(s); absent when only the direction is chosen. */
  argument?: string;
  /** Its member holding the field, when the argument is an object (`sort.by`). */
  field?: string;
  /** Accepted field names → columns. Names may carry ` desc`/` asc` or a leading `-`; several may be comma-separated. */
  columns: Record<string, string>;
  /** The argument (or member) saying asc or desc, if any. */
  direction?: { argument: string; field?: string };
}

/** Why a catalog argument is left out of the schema the agent sees. */
export type OmittedKind = 'transport' | 'format' | 'no-effect';

/**
 * A catalog argument the emitted tool does not take. `transport` and `format` are the request's own
 * flags (credentials, callbacks, API versions, pretty-printing, response formats): decided once here,
 * they never filter rows, never become task values, and readers (the tasks stage, the harness) need
 * look nowhere else to know them. `no-effect` is an optional argument nothing in the simulation honours.
 */
export interface OmittedArgument {
  /** The argument as the catalog names it. */
  argument: string;
  kind: OmittedKind;
  /** Why, in a phrase. */
  reason: string;
}

/**
 * How a link or unlink names what it links: the owner row (a gist, a resource; absent for the
 * session's own relations) and the member(s) (absent when the member is implied, as the session
 * user starring a gist).
 */
export interface Relation {
  owner?: ArgumentColumn;
  /** Further arguments that identify a link with its member (the `owner` of GitHub's `/user/starred/{owner}/{repo}`). */
  qualifiers?: ArgumentColumn[];
  /** With no member argument in a relation that has members: the caller's own link (joining, leaving), its member column left empty. */
  self?: string;
  member?: {
    argument: string;
    /** The member of an object argument holding the members (Asana's `data.followers`). */
    field?: string;
    /** One value, a list, a comma-separated string, key–value pairs (`[{Key, Value}]`) or a map (`{key: value}`). */
    shape: 'one' | 'list' | 'csv' | 'pairs' | 'map';
    /** The member column (the key column for pairs and maps). */
    column: string;
    /** Pairs and maps: the value column. */
    valueColumn?: string;
    /** Pairs: the members of each pair holding the key and the value. */
    keyField?: string;
    valueField?: string;
  };
}

/** One change a write makes to its row beyond its values. Exactly one of `value` or `argument` is set. */
export interface StateEffect {
  /** The column changed. */
  column: string;
  /** A constant the action implies (`true` for the login status after logging in, `false` after logging out). */
  value?: Json;
  /** The argument the new value comes from. */
  argument?: string;
  /** With `argument`: a path the argument moves to, relative to the column's current one (`..` goes up). */
  path?: boolean;
  /** With `argument`: its value → the column's (mode "engage" → status "engaged"); a value not listed leaves the column as it is. */
  map?: Record<string, string>;
}

/** A pure function of the arguments, computed by the runtime (templates/runtime/formulas.js), touching no table. */
export interface Compute {
  /** The formula's name in the runtime (`mean`, `log`, `convert`, …). */
  formula: string;
  /** Its inputs in order: an argument, or a constant (`gallon_to_liter`'s units; null for an optional input the tool lacks). */
  inputs: ({ argument: string } | { value: Json })[];
  /** The output field that carries the result (`result`, `liter`). */
  result: string;
}

/** One tool of the domain as the emitted server registers it. */
export interface ToolContract {
  /** MCP tool name, unique in the domain: the catalog's own name where it is `^[a-zA-Z_][a-zA-Z0-9_-]{0,47}$`. */
  name: string;
  /** Present when `name` is not the catalog's own name: what it was and why it changed. */
  rename?: ToolRename;
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
  /** Catalog arguments left out of `input`, with the reason (see OmittedArgument). Absent in contracts written before it existed: none. */
  omitted?: OmittedArgument[];
  /**
   * Set when the tool cannot do faithfully what its description says (a computation with no formula, an
   * answer from arguments no stored row holds): the reason. The server still answers; tasks never use it.
   */
  opaque?: string;
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
