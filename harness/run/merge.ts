// `agentscaler merge RUN... --out RUN`: join the shards of one run (same options but --shard, same
// tasks) into one run folder — lines in plan order, sidecar files copied, one summary over all.
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, type RunManifest } from '../../formats/run.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import { summarize, type RunSummary } from '../metrics/summary.js';
import { RunInputError } from './input-error.js';
import { Journal, readJournal } from './journal.js';
import { optionDifference, readManifest, writeManifest } from './manifest.js';
import { planRun } from './plan.js';

/** What a merge reports. */
export interface MergeResult {
  summary: RunSummary;
  /** Shard indices of the count that no input had. */
  missingShards: number[];
}

function copyFolder(from: string, to: string): void {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) copyFileSync(join(from, name), join(to, name));
}

/** Merge the run folders `inputs` into `out`. */
export function mergeRuns(inputs: string[], out: string, commandLine: string[]): MergeResult {
  if (inputs.length === 0) throw new RunInputError('merge needs the run folders to join: agentscaler merge RUN... --out RUN');
  if (existsSync(out) && readdirSync(out).length > 0) throw new RunInputError(`${out} already exists and is not empty: pass another --out for the merged run`);
  const manifests = inputs.map((run) => ({ run, manifest: readManifest(run) }));
  const first = manifests[0]!;
  const count = first.manifest.options.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const { run, manifest } of manifests) {
    const difference = optionDifference(first.manifest.options, manifest.options, ['shard'], [`in ${first.run}`, `in ${run}`]);
    if (difference) throw new RunInputError(`cannot merge ${run} with ${first.run}: ${difference}; only runs that differ in --shard are parts of one run`);
    if (manifest.tasksDigest !== first.manifest.tasksDigest) throw new RunInputError(`cannot merge ${run} with ${first.run}: they ran over different tasks (tasks digests ${manifest.tasksDigest} and ${first.manifest.tasksDigest})`);
    const shard = manifest.options.shard;
    if ((shard?.count ?? 1) !== count) throw new RunInputError(`cannot merge ${run} (--shard ${shard ? `${shard.index}/${shard.count}` : 'none'}) with ${first.run} (${count} shards): give the shards of one split`);
    const index = shard?.index ?? 0;
    if (seen.has(index)) throw new RunInputError(`${run} and ${seen.get(index)} are both shard ${index}/${count}: give each shard once`);
    seen.set(index, run);
  }
  const lines = new Map<string, { line: TrajectoryV2; run: string }>();
  for (const { run } of manifests) {
    for (const line of readJournal(run).lines) {
      const key = `${line.task}\0${line.trial}`;
      const other = lines.get(key);
      if (other) throw new RunInputError(`task ${line.task} trial ${line.trial} is recorded in both ${other.run} and ${run}: merge the shards of one run`);
      lines.set(key, { line, run });
    }
  }
  const ordered = [...lines.values()].map((v) => v.line).sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : a.task < b.task ? -1 : a.task > b.task ? 1 : a.trial - b.trial));
  const options = { ...first.manifest.options, shard: null };
  // The whole run's pairs, when its workspace is here to count them; else what the shards hold.
  const pairs = existsSync(options.ws) ? planRun(options).pairs : manifests.reduce((n, m) => n + m.manifest.pairs, 0);
  mkdirSync(out, { recursive: true });
  for (const { run } of manifests) for (const folder of [RUN_FILES.tools, RUN_FILES.states]) copyFolder(join(run, folder), join(out, folder));
  const manifest: RunManifest = { ...first.manifest, options, pairs, commandLine, mergedFrom: inputs };
  writeManifest(out, manifest);
  const journal = new Journal(out);
  for (const line of ordered) journal.append({ line, sidecars: [] });
  journal.close();
  const summary = summarize(ordered, pairs, options.k, null);
  writeFileSync(join(out, RUN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
  const missingShards = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  return { summary, missingShards };
}
