// Child process of the synth section: open every given package in process with its own runtime and
// call each tool once with arguments drawn from the seed (probeArguments): reads on the seed state,
// each write on a fresh copy of it, checking that a failed write leaves the digest unchanged.
// Usage: node dist/bench/probe-servers.js LIST.json   (LIST.json: {"dirs": [package folders]})
// Prints a ProbeReport as JSON.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ToolContract } from '../formats/contract.js';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { type CallResult, type PackageEnvironment, packageRuntime, resultText } from './package-runtime.js';
import { emptyProbeReport, type FailureKind, type ProbeReport } from './probe-report.js';

/** Failures kept verbatim per kind, for the report to quote. */
const SAMPLES_PER_KIND = 4;

/** Why a call came back with isError, from its message. */
function failureKind(text: string): FailureKind {
  if (text.startsWith('Input validation error')) return 'input schema';
  if (/^internal error in tool /.test(text)) return 'internal error';
  if (/\bno [a-z0-9 _]+ with id\b/i.test(text)) return 'row not found';
  return 'refused by the tool';
}

function note(report: ProbeReport, slug: string, tool: ToolContract, kind: FailureKind, args: unknown, text: string): void {
  const side = tool.annotations.readOnlyHint ? report.reads : report.writes;
  side.byKind[kind] = (side.byKind[kind] ?? 0) + 1;
  if (report.samples.filter((s) => s.kind === kind && s.read === tool.annotations.readOnlyHint).length < SAMPLES_PER_KIND) {
    report.samples.push({ slug, tool: tool.name, read: tool.annotations.readOnlyHint, kind, args, text: text.slice(0, 300) });
  }
}

/** Probe one tool on the environment's current state; true when the call succeeded. */
function probe(report: ProbeReport, env: PackageEnvironment, slug: string, tool: ToolContract): { ok: boolean; result?: CallResult } {
  const contract = env.contract;
  const args = probeArguments(env.db, contract, tool, fakerFor(contract.seed, contract.slug, `probe:${tool.name}`));
  if (args === null) {
    note(report, slug, tool, 'no row to work on', null, 'the seed has no row this tool could take');
    return { ok: false };
  }
  const result = env.call(tool.name, args);
  if (result.isError) note(report, slug, tool, failureKind(resultText(result)), args, resultText(result));
  return { ok: !result.isError, result };
}

async function probeDomain(report: ProbeReport, dir: string): Promise<void> {
  const slug = basename(dir);
  let env: PackageEnvironment;
  try {
    env = await (await packageRuntime(dir)).openEnvironment({ dir });
  } catch (error) {
    report.openFailures.push({ slug, error: (error instanceof Error ? error.message : String(error)).slice(0, 300) });
    return;
  }
  report.opened++;
  try {
    const seed = env.snapshot();
    const seedDigest = env.digest();
    for (const tool of env.contract.tools.filter((t) => t.annotations.readOnlyHint)) {
      report.reads.tools++;
      if (probe(report, env, slug, tool).ok) report.reads.ok++;
    }
    if (env.digest() !== seedDigest) report.readsChangedState.push(slug);
    for (const tool of env.contract.tools.filter((t) => !t.annotations.readOnlyHint)) {
      report.writes.tools++;
      // Every write starts from the seed, so the digest before it is the seed's (computed once).
      env.restore(seed);
      const { ok, result } = probe(report, env, slug, tool);
      if (ok) report.writes.ok++;
      else if (result && env.digest() !== seedDigest) report.failedWritesChangedState.push(`${slug}/${tool.name}`);
      else if (result) report.writes.failedUnchanged++;
    }
  } finally {
    env.close();
  }
}

const list = process.argv[2];
if (!list) throw new Error('usage: node dist/bench/probe-servers.js LIST.json');
const { dirs } = JSON.parse(readFileSync(list, 'utf8')) as { dirs: string[] };
const started = performance.now();
const report = emptyProbeReport();
for (const dir of dirs) {
  report.domains++;
  await probeDomain(report, dir);
}
report.seconds = (performance.now() - started) / 1000;
report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(report)}\n`);
