// The tasks of one domain: sample chains on fresh copies of the seed, turn each into a task, and
// keep it only if it passes every check — gold calls all succeed, it changes state or asks for an
// answer, a real MCP client replaying its calls against the server reproduces its digest, and an
// agent that does nothing fails it.
import { Faker, base, en } from '@faker-js/faker';
import type { DomainContract } from '../../formats/contract.js';
import { shortHash } from '../naming.js';
import type { Environment } from '../../templates/runtime/environment.js';
import { type ArgumentSources, feedsOthers, purposeRank, sampleChain } from './chain.js';
import { type InstructionStyle, instructionText } from './instruction.js';
import { categoryOf, persona, productOf } from './persona.js';
import { purposeful } from './purpose.js';
import { redundantWrite } from './redundancy.js';
import { Replayer } from './replay.js';
import { type Basis, digestSchemeOf, type Task } from '../../formats/task.js';

/** Why a sampled chain was not kept. */
export type RejectReason = 'no-start' | 'too-short' | 'duplicate' | 'no-effect' | 'redundant-write' | 'replay-mismatch';

export interface DomainTasks {
  tasks: Task[];
  sampled: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Reads with no purpose dropped from the kept tasks' chains. */
  fillerDropped: number;
  /** The kept tasks' argument values by where they came from. */
  values: ArgumentSources;
}

export interface DomainTaskOptions {
  perDomain: number;
  maxSteps: number;
  seed: number;
  /** Give up after this many samples per wanted task. */
  attemptsPerTask?: number;
  /** How instructions are written (default `goal`). */
  style?: InstructionStyle;
}

/** Chains aimed at the longest length that may fall short before that length is given up in a domain. */
const CAP_FAILURES = 4;

/** `faker` reseeded for one attempt of one domain: the same tasks on every machine. */
function reseed(faker: Faker, seed: number, slug: string, attempt: number): Faker {
  faker.seed(parseInt(shortHash(`tasks:${seed}:${slug}:${attempt}`, 8), 16));
  return faker;
}

/** Sample up to `perDomain` tasks of the domain `open` gives fresh environments of. */
export async function domainTasks(
  open: (snapshot?: Buffer) => Promise<Environment>,
  seedSnapshot: Buffer,
  options: DomainTaskOptions,
): Promise<DomainTasks> {
  // One state per domain for sampling: each attempt runs inside a transaction rolled back at its
  // end (every call is a savepoint inside it), which is the seed again without reopening it.
  const env = await open(seedSnapshot);
  const contract: DomainContract = env.contract;
  const initialDigest = env.digest();
  const digestScheme = digestSchemeOf(initialDigest);
  if (digestScheme === null) throw new Error(`the runtime's digest ${initialDigest} follows no known scheme`);
  const clock = env.db.prepare(`SELECT "value" FROM "_meta" WHERE "key" = 'clock'`).pluck().get() as string;

  const out: DomainTasks = { tasks: [], sampled: 0, rejected: {}, fillerDropped: 0, values: {} };
  const style = options.style ?? 'goal';
  const category = categoryOf(contract);
  const reject = (why: RejectReason) => void (out.rejected[why] = (out.rejected[why] ?? 0) + 1);
  const seen = new Set<string>();
  let replayer: Replayer | undefined;
  const attempts = options.perDomain * (options.attemptsPerTask ?? 10);
  // Opaque tools (domain.json says why) cannot do what they say: never part of a task.
  const usable = contract.tools.filter((tool) => !tool.opaque);
  // The longest chain still aimed at, and how often chains aimed at it fell short in a row.
  let cap = options.maxSteps;
  let shortAtCap = 0;
  const feeders = usable.filter((tool) => feedsOthers(contract, tool));
  const shared = new Faker({ locale: [en, base] });
  shared.setDefaultRefDate(new Date('2025-01-06T09:00:00.000Z'));
  for (let attempt = 0; attempt < attempts && out.tasks.length < options.perDomain; attempt++) {
    const faker = reseed(shared, options.seed, contract.slug, attempt);
    // A spread of lengths: each attempt aims at 1..maxSteps calls, longer ones more often because
    // many chains end early (nothing left that can use what the last call produced). Longer chains
    // start where something can follow; a domain where nothing feeds anything has single calls only.
    const aimed = Math.min(cap, faker.helpers.weightedArrayElement(Array.from({ length: options.maxSteps }, (_, i) => ({ value: i + 1, weight: i < 2 ? 1 : 5 }))));
    // A domain whose long chains keep falling short (its rows feed little that has a purpose) gives
    // what it can: after a third of the attempts with fewer than half the tasks, aim short.
    const struggling = attempt >= attempts / 3 && out.tasks.length < options.perDomain / 2 && (out.rejected['too-short'] ?? 0) > attempt / 3;
    const length = feeders.length === 0 ? 1 : struggling ? Math.min(aimed, 1 + (attempt % 2)) : aimed;
    if (usable.length === 0) break;
    // Long chains start where something can follow, and mostly with a call that keeps its place in
    // the chain (a write, or a lookup that finds a row): a lookup by key is dropped unless it answers.
    const start = length > 1 ? faker.helpers.weightedArrayElement(feeders.map((tool) => ({ value: tool, weight: purposeRank(tool) === 2 ? 1 : 3 }))) : faker.helpers.arrayElement(usable);
    let task: Task | undefined;
    let kept: { dropped: number; sources: ArgumentSources[] } | undefined;
    env.db.exec('BEGIN');
    try {
      out.sampled++;
      const chain = sampleChain(env, start, length, faker);
      if (chain.length === 0) {
        reject('no-start');
        continue;
      }
      // Reads that neither find a row a later step uses nor answer anything go; the state they
      // leave is the same, since reads change nothing.
      const { steps, answer, dropped } = purposeful(chain);
      if (steps.length === 0) {
        reject('no-effect');
        continue;
      }
      // A chain meant to be long that found little purposeful to follow its first call: short
      // tasks come from the attempts that aim at them, so the lengths stay spread.
      if (steps.length < (length >= 5 ? 3 : length >= 3 ? 2 : 1)) {
        reject('too-short');
        // Chains this long keep falling short here: aim one call lower from now on (no sampling is wasted on them).
        if (length === cap && cap > 2 && ++shortAtCap >= CAP_FAILURES && !out.tasks.some((t) => t.gold.length >= cap - 1)) {
          cap--;
          shortAtCap = 0;
        }
        continue;
      }
      // The same calls again (checked before any hashing, the cheapest rejection).
      const signature = steps.map((s) => `${s.tool.name}:${JSON.stringify(s.arguments)}`).join('|');
      if (seen.has(signature)) {
        reject('duplicate');
        continue;
      }
      seen.add(signature);
      const readOnly = steps.every((s) => s.tool.annotations.readOnlyHint);
      // Reads leave the state as it was; only a chain with writes needs hashing.
      const goldDigest = readOnly ? initialDigest : env.digest();
      const who = persona(faker, category, productOf(steps[0]!.tool));
      const { text, outputs } = instructionText(style, who, steps, answer);
      // Nothing to check: the state did not move and no answer is asked for. This is also the
      // do-nothing rule: an agent that does nothing leaves the initial state and says nothing, so a
      // kept task always fails it (the bench grades that with the verifier on every kept task).
      if (goldDigest === initialDigest && outputs.length === 0) {
        reject('no-effect');
        continue;
      }
      if (!readOnly) {
        // Back to the start state (still inside this attempt's transaction) to try the chain without each write.
        env.db.exec('ROLLBACK');
        env.db.exec('BEGIN');
        if (redundantWrite(env, steps, goldDigest) !== null) {
          reject('redundant-write');
          continue;
        }
      }
      const basis: Basis[] = readOnly ? ['calls'] : ['state'];
      if (outputs.length > 0) basis.push('outputs');
      task = {
        version: 2,
        id: `${contract.slug}/${String(out.tasks.length + 1).padStart(3, '0')}`,
        domain: contract.slug,
        instruction: text,
        instructionStyle: style,
        persona: who,
        initial: { seed: 'seed.sqlite', digest: initialDigest, clock },
        gold: steps.map((s) => ({ tool: s.tool.name, arguments: s.arguments, result: s.result, read: s.tool.annotations.readOnlyHint })),
        goldDigest,
        digestScheme,
        requiredOutputs: outputs,
        basis,
        readOnly,
      };
      kept = { dropped, sources: steps.map((s) => s.sources) };
    } finally {
      env.db.exec('ROLLBACK');
    }
    if (!task || !kept) continue;
    replayer ??= await Replayer.open(await open(seedSnapshot));
    const replayed = await replayer.digestAfter(task.gold);
    if (replayed !== task.goldDigest) {
      reject('replay-mismatch');
      continue;
    }
    out.tasks.push(task);
    out.fillerDropped += kept.dropped;
    for (const sources of kept.sources) for (const [source, n] of Object.entries(sources) as [keyof ArgumentSources, number][]) out.values[source] = (out.values[source] ?? 0) + n;
  }
  await replayer?.close();
  env.close();
  return out;
}
