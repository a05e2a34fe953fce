// Emitted servers for tests: the bundled BFCL catalogs taken through ingest, graph and synth into a
// temporary workspace, once per test file. The servers run in place (synth links node_modules).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph } from '../../generator/graph/index.js';
import { ingest } from '../../generator/ingest/index.js';
import { synth, type SynthSummary } from '../../generator/synth/index.js';
import { BFCL, tempDir } from './workspace.js';

export interface SynthWorkspace {
  ws: string;
  summary: SynthSummary;
  /** Slugs of the emitted servers, sorted. */
  slugs: string[];
  /** The package folder of a domain. */
  dir(slug: string): string;
}

/** Ingest `catalogs` (default: the 8 BFCL files), graph and synth them into a fresh workspace. */
export async function synthWorkspace(catalogs: string[] = [`functions:${BFCL}`], label = 'srv'): Promise<SynthWorkspace> {
  const ws = tempDir(label);
  await ingest({ catalogs, out: ws, workers: 0 });
  buildGraph(ws);
  const summary = await synth({ ws });
  const servers = join(ws, 'servers');
  return { ws, summary, slugs: readdirSync(servers).sort(), dir: (slug) => join(servers, slug) };
}
