// Section "Tool schemas": every tool of every domain of the corpus as tools/list lists it, checked
// by the validators written from each model API's documentation (formats/model-apis): OpenAI,
// Anthropic and Gemini on the portable listing, OpenAI strict mode on the --strict-schemas one; the
// tokens of the largest domain; how long a domain's listing takes to compute (once per domain);
// tool names kept and renamed. The SDK's own zod conversion, which servers listed before, is
// checked the same way on a sample for comparison.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DomainContract } from '../formats/contract.js';
import { type ModelApi, problemsFor } from '../formats/model-apis/index.js';
import type { ToolSpec } from '../formats/toolspec.js';
import { domainModel } from '../generator/synth/model.js';
import { listTools, TOKEN_BUDGET } from '../templates/runtime/listing.js';
import { inputSchema } from '../templates/runtime/zod.js';
import type { Section } from './context.js';
import { count, fixed, table, targetTable } from './markdown.js';
import { corpusName } from './plan.js';
import { corpusWorkspace } from './workspaces.js';

const APIS: ModelApi[] = ['openai', 'anthropic', 'gemini', 'openai-strict'];

/** Targets of the issue: share of tools each API accepts, and the token budget per domain. */
export const SCHEMA_TARGETS = { openai: 1, anthropic: 1, gemini: 0.99, 'openai-strict': 0.99 } as const;

/** Domains whose tools the SDK's conversion is checked on (it is slow: zod → JSON per tool). */
const SDK_SAMPLE = 300;

/** What the section counts. */
export interface Tally {
  tools: number;
  accepted: Record<ModelApi, number>;
  sdkTools: number;
  sdkAccepted: Record<ModelApi, number>;
  reasons: Map<string, number>;
  tokens: number[];
  largest: { slug: string; tokens: number };
  listMs: number[];
  names: { kept: number; renamed: Record<string, number>; longest: number };
}

const zero = (): Record<ModelApi, number> => ({ openai: 0, anthropic: 0, gemini: 0, 'openai-strict': 0 });

/** The ToolSpec lines of tools.jsonl by id, kept as text until a domain needs them. */
function toolLines(ws: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(join(ws, 'tools.jsonl'), 'utf8').split('\n')) {
    const m = /^\{"id":("(?:[^"\\]|\\.)*")/.exec(line);
    if (m) out.set(JSON.parse(m[1]!) as string, line);
  }
  return out;
}

/** Every domain of the workspace `ws` (tools.jsonl + domains.json) listed and validated. */
export function measure(ws: string): Tally {
  const lines = toolLines(ws);
  const { domains } = JSON.parse(readFileSync(join(ws, 'domains.json'), 'utf8')) as { domains: { slug: string; tools: string[] }[] };
  const tally: Tally = { tools: 0, accepted: zero(), sdkTools: 0, sdkAccepted: zero(), reasons: new Map(), tokens: [], largest: { slug: '', tokens: 0 }, listMs: [], names: { kept: 0, renamed: {}, longest: 0 } };
  for (const [i, domain] of domains.entries()) {
    let contract: DomainContract;
    try {
      contract = domainModel(domain.slug, domain.tools.map((id) => JSON.parse(lines.get(id)!) as ToolSpec), 1);
    } catch {
      continue; // synth's section counts domains the generator cannot model
    }
    const started = performance.now();
    const portable = listTools(contract);
    tally.listMs.push(performance.now() - started);
    const strict = listTools(contract, { strict: true });
    tally.tokens.push(portable.tokens);
    if (portable.tokens > tally.largest.tokens) tally.largest = { slug: contract.slug, tokens: portable.tokens };
    contract.tools.forEach((tool, t) => {
      tally.tools++;
      tally.names.longest = Math.max(tally.names.longest, tool.name.length);
      if (tool.rename) tally.names.renamed[tool.rename.reason] = (tally.names.renamed[tool.rename.reason] ?? 0) + 1;
      else tally.names.kept++;
      for (const api of APIS) {
        const problems = problemsFor(api, api === 'openai-strict' ? strict.tools[t]! : portable.tools[t]!);
        if (problems.length === 0) tally.accepted[api]++;
        else {
          const reason = `${api}: ${problems[0]!.replace(/^[^:]*: /, '').replace(/'[^']*'|"[^"]*"/g, '…')}`;
          tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
        }
      }
      if (i < SDK_SAMPLE) {
        const sdk = { name: tool.name, description: tool.description, inputSchema: z.toJSONSchema(inputSchema(tool.input), { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown> };
        tally.sdkTools++;
        for (const api of APIS) if (problemsFor(api, sdk).length === 0) tally.sdkAccepted[api]++;
      }
    });
  }
  return tally;
}

const share = (part: number, whole: number) => (whole === 0 ? '—' : `${fixed((100 * part) / whole, 2)} %`);
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;

export const schemasSection: Section = {
  id: 'schemas',
  title: (plan) => `Tool schemas every model API accepts (${corpusName(plan)})`,
  async render(context) {
    const ws = await corpusWorkspace(context);
    context.say('schemas: every domain listed, portable and strict, and validated');
    const t = measure(ws);
    const over = t.tokens.filter((n) => n > TOKEN_BUDGET).length;
    const targets = [
      ...APIS.map((api) => ({ name: `${api} accepts`, goal: `≥ ${SCHEMA_TARGETS[api] * 100} %`, measured: share(t.accepted[api], t.tools), pass: t.accepted[api] >= SCHEMA_TARGETS[api] * t.tools })),
      { name: 'largest domain (tokens ≈ chars / 4)', goal: `≤ ${count(TOKEN_BUDGET)}`, measured: `${count(t.largest.tokens)} (${t.largest.slug})`, pass: over === 0 },
    ];
    const reasons = [...t.reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    return [
      `${count(t.tools)} tools in ${count(t.tokens.length)} domains, each listed as its server lists it (portable; OpenAI strict with \`--strict-schemas\`) and checked by the rules in \`formats/model-apis/\`, written from each provider's documentation (no API is called).`,
      '',
      targetTable(targets, context.plan.quick),
      '',
      table(['model API', 'listed now', `SDK conversion before (first ${SDK_SAMPLE} domains, ${count(t.sdkTools)} tools)`], APIS.map((api) => [api, share(t.accepted[api], t.tools), share(t.sdkAccepted[api], t.sdkTools)])),
      '',
      table(['measure', 'value'], [
        ['domain tokens: median / p99 / max', `${count(quantile(t.tokens, 0.5))} / ${count(quantile(t.tokens, 0.99))} / ${count(t.largest.tokens)}`],
        [`domains over ${count(TOKEN_BUDGET)} tokens`, count(over)],
        ['computing a domain\'s listing (once per domain): median / p99 / max', `${fixed(quantile(t.listMs, 0.5), 2)} / ${fixed(quantile(t.listMs, 0.99), 2)} / ${fixed(Math.max(...t.listMs), 2)} ms`],
        ['tool names kept as the catalog wrote them', `${count(t.names.kept)} (${share(t.names.kept, t.tools)})`],
        ['renamed, by reason', Object.entries(t.names.renamed).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${count(n)}`).join(', ') || 'none'],
        ['longest tool name', `${t.names.longest} characters`],
      ]),
      '',
      reasons.length > 0 ? table(['first problem of a refused tool', 'tools'], reasons.map(([r, n]) => [r.replace(/\|/g, '\\|'), count(n)])) : 'No tool is refused by any validator.',
    ].join('\n');
  },
};
