// Writing one domain as a standalone MCP server package: the runtime from templates/, the
// generated tools.js, domain.json, seed.sqlite, package.json, server.json and README.md.
import Database from 'better-sqlite3';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { agentscalerPackage, agentscalerRoot } from '../paths.js';
import { toolsModule } from './codegen.js';
import type { DomainContract, Table } from '../../formats/contract.js';
import { packageJson, readme, type RuntimeDependencies, serverJson } from './package-files.js';
import type { Row } from './seed.js';

/** The runtime's DDL and digest sums: one definition of the schema, shared by synth and every emitted server. */
interface RuntimeSchema {
  createTables(db: Database.Database, contract: DomainContract): void;
  insertRows(db: Database.Database, table: Table, rows: Record<string, unknown>[]): void;
  foldChanges(db: Database.Database, contract: DomainContract): void;
}

let runtimeSchema: Promise<RuntimeSchema> | undefined;

/** templates/runtime/schema.js and digest.js, loaded once (plain JavaScript, the same files every package ships). */
function schemaModule(): Promise<RuntimeSchema> {
  const load = (file: string) => import(pathToFileURL(join(agentscalerRoot(), 'templates', 'runtime', file)).href);
  runtimeSchema ??= Promise.all([load('schema.js'), load('digest.js')]).then(([schema, digest]) => ({ ...schema, ...digest }) as RuntimeSchema);
  return runtimeSchema;
}

/** Build seed.sqlite's bytes: the runtime's tables, filled with the seed rows the way the runtime writes rows, digest sums up to date. */
export async function seedDatabase(contract: DomainContract, rows: Map<string, Row[]>): Promise<Buffer> {
  const { createTables, insertRows, foldChanges } = await schemaModule();
  const db = new Database(':memory:');
  try {
    createTables(db, contract);
    db.transaction(() => {
      for (const table of contract.tables) insertRows(db, table, rows.get(table.name) ?? []);
      foldChanges(db, contract);
    })();
    return db.serialize();
  } finally {
    db.close();
  }
}

let dependencies: RuntimeDependencies | undefined;

function runtimeDependencies(): RuntimeDependencies {
  if (!dependencies) {
    const deps = agentscalerPackage().dependencies;
    dependencies = { '@modelcontextprotocol/sdk': deps['@modelcontextprotocol/sdk']!, 'better-sqlite3': deps['better-sqlite3']!, zod: deps.zod! };
  }
  return dependencies;
}

/** Write the package of one domain into `dir` (replacing what was there). */
export async function emitPackage(dir: string, contract: DomainContract, rows: Map<string, Row[]>): Promise<void> {
  const root = agentscalerRoot();
  const version = agentscalerPackage().version;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'runtime'), { recursive: true });
  for (const file of readdirSync(join(root, 'templates', 'runtime'))) {
    if (file.endsWith('.js')) cpSync(join(root, 'templates', 'runtime', file), join(dir, 'runtime', file));
  }
  cpSync(join(root, 'templates', 'index.js'), join(dir, 'index.js'));
  writeFileSync(join(dir, 'domain.json'), `${JSON.stringify(contract, null, 2)}\n`);
  writeFileSync(join(dir, 'tools.js'), toolsModule(contract));
  writeFileSync(join(dir, 'seed.sqlite'), await seedDatabase(contract, rows));
  writeFileSync(join(dir, 'package.json'), packageJson(contract, runtimeDependencies(), version));
  writeFileSync(join(dir, 'server.json'), serverJson(contract, version));
  writeFileSync(join(dir, 'README.md'), readme(contract));
}
