// Part of the fidelity section: every link and unlink tool of a set of packages called on its seed
// with arguments drawn from it (probeArguments), checking that linking again changes nothing, that
// unlinking again changes nothing, and that neither touches any table but the relation's.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { packageRuntime, resultText } from './package-runtime.js';

/** What the relation check found. */
export interface RelationCheck {
  /** Link and unlink tools called. */
  tools: number;
  /** Of those, the ones whose first call succeeded. */
  succeeded: number;
  /** Of those, the ones whose second identical call left the state as the first left it. */
  idempotent: number;
  /** Of those, the ones that changed no row outside their own table. */
  ownTableOnly: number;
  /** Calls that failed or broke a rule, with why (the first few). */
  samples: { tool: string; problem: string }[];
}

/** Row counts and a fingerprint per table, outside one table. */
function othersOf(db: import('better-sqlite3').Database, tables: string[], except: string): string {
  return tables
    .filter((t) => t !== except)
    .map((t) => `${t}:${JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all())}`)
    .join('|');
}

/** Call every link/unlink tool of the packages under `servers` twice on its seed. */
export async function checkRelations(servers: string): Promise<RelationCheck> {
  const out: RelationCheck = { tools: 0, succeeded: 0, idempotent: 0, ownTableOnly: 0, samples: [] };
  const note = (tool: string, problem: string) => void (out.samples.length < 6 && out.samples.push({ tool, problem: problem.slice(0, 160) }));
  for (const slug of readdirSync(servers).sort()) {
    const dir = join(servers, slug);
    let env;
    try {
      env = await (await packageRuntime(dir)).openEnvironment({ dir });
    } catch {
      continue;
    }
    const tables = env.contract.tables.map((t) => t.name);
    const seed = env.snapshot();
    for (const tool of env.contract.tools.filter((t) => t.binding.operator === 'link' || t.binding.operator === 'unlink')) {
      out.tools++;
      env.restore(seed);
      const args = probeArguments(env.db, env.contract, tool, fakerFor(env.contract.seed, slug, `relation:${tool.name}`));
      if (!args) {
        note(`${slug}/${tool.name}`, 'no arguments could be drawn from the seed');
        continue;
      }
      const others = othersOf(env.db, tables, tool.binding.table);
      const first = env.call(tool.name, args);
      if (first.isError) {
        note(`${slug}/${tool.name}`, resultText(first));
        continue;
      }
      out.succeeded++;
      const after = env.digest();
      const second = env.call(tool.name, args);
      if (!second.isError && env.digest() === after) out.idempotent++;
      else note(`${slug}/${tool.name}`, second.isError ? resultText(second) : 'a second identical call changed the state');
      if (othersOf(env.db, tables, tool.binding.table) === others) out.ownTableOnly++;
      else note(`${slug}/${tool.name}`, 'changed a table other than its relation');
    }
    env.close();
  }
  return out;
}
