// The workspaces the synth and server sections share: the bundled BFCL catalogs built once, and one
// over the corpus of "ingest + graph" with its domains at the default graph options (the threshold
// sweep leaves the last point of its sweep in the shared workspace's domains.json).
import { copyFileSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_GRAPH_OPTIONS, type GraphOptions } from '../generator/graph/index.js';
import type { BenchContext } from './context.js';
import { corpusRuns } from './full-corpus.js';
import { runNode } from './measure.js';

const bfcl = new WeakMap<BenchContext, Promise<string>>();

/** The 8 BFCL catalogs as a `functions:` source. */
export function bfclCatalog(context: BenchContext): string {
  return `functions:${join(context.root, 'catalogs', 'bfcl')}`;
}

/** A workspace of the BFCL catalogs through ingest, graph and synth (untimed), built on first use. */
export function bfclWorkspace(context: BenchContext): Promise<string> {
  let ws = bfcl.get(context);
  if (!ws) {
    ws = (async () => {
      const folder = context.folder('bfcl');
      context.say('BFCL catalogs: ingest, graph and synth (not timed)');
      await runNode(context.cli, ['ingest', '--catalog', bfclCatalog(context), '--out', folder, '--json'], context.root);
      await runNode(context.cli, ['graph', '--ws', folder, '--json'], context.root);
      await runNode(context.cli, ['synth', '--ws', folder, '--json'], context.root);
      return folder;
    })();
    bfcl.set(context, ws);
  }
  return ws;
}

/** Whether two sets of graph options are the same. */
function sameOptions(a: GraphOptions, b: GraphOptions): boolean {
  return (Object.keys(b) as (keyof GraphOptions)[]).every((key) => a[key] === b[key]);
}

const corpus = new WeakMap<BenchContext, Promise<string>>();

/**
 * A workspace of its own over the corpus of "ingest + graph": its tools.jsonl linked, its domains.json
 * copied when at the default graph options and graphed again (untimed) otherwise. Synth writes
 * servers/ here, leaving the shared workspace as the other sections left it.
 */
export function corpusWorkspace(context: BenchContext): Promise<string> {
  let ws = corpus.get(context);
  if (!ws) {
    ws = (async () => {
      const { workspace } = await corpusRuns(context);
      const folder = context.folder('synth-corpus');
      symlinkSync(join(workspace, 'tools.jsonl'), join(folder, 'tools.jsonl'));
      const domains = join(workspace, 'domains.json');
      const { options } = JSON.parse(readFileSync(domains, 'utf8')) as { options: GraphOptions };
      if (sameOptions(options, DEFAULT_GRAPH_OPTIONS)) copyFileSync(domains, join(folder, 'domains.json'));
      else {
        context.say('corpus: graph at the default options (the last sweep point is in the shared workspace; not timed)');
        await runNode(context.cli, ['graph', '--ws', folder, '--json'], context.root);
      }
      return folder;
    })();
    corpus.set(context, ws);
  }
  return ws;
}
