// pass^k (τ-bench): the chance that k trials of a task drawn from its n all pass, C(c,k)/C(n,k),
// averaged over tasks; pass@1 is pass^1. Episodes that say nothing about the agent (infra_error,
// user_error) are left out, and a task with fewer than k graded trials does not count for pass^k.

/** C(n, k) as a float (exact for the small n of a run). */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** Per task: graded trials and passes. */
export interface TaskTally {
  n: number;
  c: number;
}

/** pass^k over tasks (null when no task has k graded trials). */
export function passHatK(tallies: TaskTally[], k: number): number | null {
  const counted = tallies.filter((t) => t.n >= k);
  if (counted.length === 0) return null;
  return counted.reduce((sum, t) => sum + choose(t.c, k) / choose(t.n, k), 0) / counted.length;
}

/** A 95 % confidence interval of pass@1 over tasks (normal approximation of the mean of per-task rates). */
export function interval(tallies: TaskTally[]): [number, number] | null {
  const rates = tallies.filter((t) => t.n > 0).map((t) => t.c / t.n);
  if (rates.length < 2) return null;
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const variance = rates.reduce((a, r) => a + (r - mean) ** 2, 0) / (rates.length - 1);
  const half = 1.96 * Math.sqrt(variance / rates.length);
  return [Math.max(0, mean - half), Math.min(1, mean + half)];
}
