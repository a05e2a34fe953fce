// Where an exported trajectory goes: the holdout (domains or providers drawn from the seed, so the
// tasks a model is evaluated on are not in its training file), stage 2 (the vertical domains a glob
// picks by slug or provider) or stage 1 (the general domains), as the paper's two-stage training.
import { createHash } from 'node:crypto';
import { globPattern } from '../run/plan.js';
import type { ExportDomain } from './domains.js';

/** `--holdout domains|providers RATIO --seed S`. */
export interface Holdout {
  by: 'domains' | 'providers';
  ratio: number;
  seed: number;
}

/** The files an export writes trajectories to. */
export type Part = 'train' | 'stage1' | 'stage2' | 'holdout';

/**
 * The units held out: `ratio` of them (at least one when the ratio is above 0, never all when there
 * are several), the first in the order of sha256(seed, unit), so the draw depends only on the seed
 * and the set of units.
 */
export function drawHoldout(units: string[], holdout: Holdout): string[] {
  const distinct = [...new Set(units)];
  const wanted = holdout.ratio > 0 ? Math.max(1, Math.round(holdout.ratio * distinct.length)) : 0;
  const count = Math.min(wanted, distinct.length > 1 ? distinct.length - 1 : distinct.length);
  const rank = (unit: string) => createHash('sha256').update(`${holdout.seed}\0${unit}`).digest('hex');
  return distinct
    .map((unit) => ({ unit, rank: rank(unit) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : 1))
    .slice(0, count)
    .map((d) => d.unit)
    .sort();
}

/** Decides the part of every domain. */
export class Splitter {
  private readonly stage2: RegExp | null;

  constructor(
    stage2Glob: string | null,
    private readonly holdoutBy: Holdout['by'] | null,
    private readonly heldOut: ReadonlySet<string>,
  ) {
    this.stage2 = stage2Glob === null ? null : globPattern(stage2Glob);
  }

  /** The part the trajectories of `domain` go to: a domain with any held-out provider is held out whole. */
  partOf(domain: ExportDomain): Part {
    if (this.holdoutBy === 'domains' && this.heldOut.has(domain.slug)) return 'holdout';
    if (this.holdoutBy === 'providers' && domain.providers.some((p) => this.heldOut.has(p))) return 'holdout';
    if (this.stage2 === null) return 'train';
    return this.stage2.test(domain.slug) || domain.providers.some((p) => this.stage2!.test(p)) ? 'stage2' : 'stage1';
  }
}
