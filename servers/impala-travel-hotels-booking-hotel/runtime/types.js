// @ts-check
// Types shared by the runtime files. The contract types are the generator's (contract.ts); the
// path below only exists in the agentscaler repository, where the runtime is typechecked.
// Emitted packages run these files as plain JavaScript, where JSDoc is only comments.

/** @typedef {import('../../formats/contract.js').DomainContract} DomainContract */
/** @typedef {import('../../formats/contract.js').Table} Table */
/** @typedef {import('../../formats/contract.js').Column} Column */
/** @typedef {import('../../formats/contract.js').ToolContract} ToolContract */
/** @typedef {import('../../formats/contract.js').Binding} Binding */
/** @typedef {import('../../formats/toolspec.js').Schema} Schema */
/** @typedef {import('better-sqlite3').Database} Database */
/** @typedef {import('@modelcontextprotocol/sdk/types.js').CallToolResult} CallToolResult */

/** A value SQLite stores: what `ctx.encode` produces and what a row holds. */
/** @typedef {number | string | bigint | Buffer | null} SqlValue */

/** A row as better-sqlite3 returns it, keyed by column name. */
/** @typedef {Record<string, SqlValue>} SqlRow */

export {};
