// A section re-measured alone replaces its old version in BENCHMARKS.md, says which run measured it,
// and leaves every other section as it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport, splice } from '../bench/splice.js';

const published = readFileSync(join(import.meta.dirname, '..', 'BENCHMARKS.md'), 'utf8');
const partial = (title: string, body: string) => [
  '# agentscaler benchmarks — PARTIAL RUN (only x; not the published numbers)',
  '',
  '- **commit**: abc1234',
  '- **date**: 2026-12-02T19:00:00.000Z',
  '- **load average** (1 / 5 / 15 min): 0.50 / 0.40 / 0.30 at the start, 1.00 / 0.90 / 0.80 at the end; the bench took 1:00 (m:ss)',
  '',
  `## ${title}`,
  '',
  body,
  '',
].join('\n');

describe('bench --only --update', () => {
  it('[BENCH-SPLICE] replaces a section of the same title with its provenance, appends a new one, keeps the rest byte for byte', () => {
    const before = parseReport(published);
    const replaced = before.blocks[1]!;
    const once = splice(published, partial(replaced.title, '| new | table |'));
    const after = parseReport(once);
    expect(after.header).toBe(before.header);
    expect(after.blocks.map((b) => b.title)).toEqual(before.blocks.map((b) => b.title));
    expect(after.blocks[1]!.text).toContain('| new | table |');
    expect(after.blocks[1]!.text).toContain('commit abc1234, 2026-12-02T19:00:00.000Z, load average 0.50 / 0.40 / 0.30 at the start');
    expect(after.blocks.filter((_, i) => i !== 1).map((b) => b.text)).toEqual(before.blocks.filter((_, i) => i !== 1).map((b) => b.text));
    // Splicing again replaces the spliced section whole: one provenance line, the newest.
    const twice = splice(once, partial(replaced.title, '| newer | table |').replace('abc1234', 'def5678'));
    const section = parseReport(twice).blocks[1]!.text;
    expect(section.match(/Re-measured alone/g)).toHaveLength(1);
    expect(section).toContain('def5678');
    expect(section).not.toContain('| new | table |');
    const appended = parseReport(splice(published, partial('a section never published', 'x')));
    expect(appended.blocks.map((b) => b.title)).toEqual([...before.blocks.map((b) => b.title), 'a section never published']);
  });
});
