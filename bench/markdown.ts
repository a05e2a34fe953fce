// Markdown pieces of the report: tables, numbers, and target verdicts.

/** A cell: numbers are right-aligned and grouped, strings shown as given. */
export type Cell = string | number;

/** A GitHub markdown table: the first column is the row label; another is right-aligned when its first cell reads as a number. */
export function table(headers: string[], rows: Cell[][]): string {
  const numeric = headers.map((_, c) => {
    const cell = rows[0]?.[c];
    if (c === 0) return false;
    return typeof cell === 'number' || (typeof cell === 'string' && /^[\d,.]+( |×|$)/.test(cell));
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(headers),
    line(numeric.map((right) => (right ? '---:' : '---'))),
    ...rows.map((row) => line(row.map((cell) => (typeof cell === 'number' ? count(cell) : cell)))),
  ].join('\n');
}

/** An integer with thousands separators: 125,304. */
export function count(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : fixed(n, 2);
}

/** A number with `digits` decimals (thousands grouped): 74.2. */
export function fixed(n: number, digits = 1): string {
  if (Number.isNaN(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A share as a percentage: 87.3 %. */
export function percent(share: number): string {
  return `${fixed(share * 100, 1)} %`;
}

/** One target of the report: what is asked, what was measured, and whether it holds. */
export interface Target {
  /** What is measured, e.g. "peak RSS". */
  name: string;
  /** The goal, e.g. "≤ 4 GB". */
  goal: string;
  /** The measured median, formatted. */
  measured: string;
  pass: boolean;
}

/** A table of targets with pass/fail; a quick run shows them unjudged, since they are about the full corpus. */
export function targetTable(targets: Target[], quick: boolean): string {
  const verdict = (t: Target) => (quick ? 'not judged (quick)' : t.pass ? '**pass**' : '**FAIL**');
  return table(['target', 'goal', 'measured (median)', 'result'], targets.map((t) => [t.name, t.goal, t.measured, verdict(t)]));
}
