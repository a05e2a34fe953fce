// Splice the sections of a partial bench run (BENCHMARKS.only.md) into the published BENCHMARKS.md:
// a section re-measured alone replaces its old version, with a line saying where and when it was
// measured, so the published file never mixes numbers without saying which run they came from.
// `node dist/bench/splice.js [BENCHMARKS.only.md]`, or `--only … --update` at the end of a run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One `## ` section of a report: its heading line and the text up to the next heading. */
interface Block {
  title: string;
  text: string;
}

/** The header (everything before the first `## `) and the sections of a report. */
export function parseReport(markdown: string): { header: string; blocks: Block[] } {
  const parts = markdown.split(/^(?=## )/m);
  const header = parts[0]!.startsWith('## ') ? '' : parts.shift()!;
  return { header, blocks: parts.map((text) => ({ title: text.slice(3, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n')).trim(), text })) };
}

/** The provenance line of a partial run, from its header's commit, date and load lines. */
export function provenanceOf(partialHeader: string): string {
  const field = (name: string) => new RegExp(`^- \\*\\*${name}\\*\\*[^:]*: (.+)$`, 'm').exec(partialHeader)?.[1]?.trim() ?? 'unknown';
  return `_Re-measured alone (\`--only\`): commit ${field('commit')}, ${field('date')}, load average ${field('load average')}._`;
}

/** `published` with each section of `partial` replacing the section of the same title, or appended when new. */
export function splice(published: string, partial: string): string {
  const target = parseReport(published);
  const source = parseReport(partial);
  const note = provenanceOf(source.header);
  const blocks = [...target.blocks];
  for (const block of source.blocks) {
    const [heading, ...body] = block.text.split('\n');
    const rest = body.join('\n');
    const text = `${heading}\n\n${note}\n${rest.startsWith('\n') ? '' : '\n'}${rest}`;
    const at = blocks.findIndex((b) => b.title === block.title);
    if (at >= 0) blocks[at] = { title: block.title, text: ensureBreak(text) };
    else blocks.push({ title: block.title, text: ensureBreak(text) });
  }
  return target.header + blocks.map((b) => b.text).join('');
}

const ensureBreak = (text: string) => (text.endsWith('\n\n') ? text : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`);

/** Splice `partialFile` into `root`/BENCHMARKS.md. */
export function spliceInto(root: string, partialFile: string): string {
  const output = join(root, 'BENCHMARKS.md');
  writeFileSync(output, `${splice(readFileSync(output, 'utf8'), readFileSync(partialFile, 'utf8')).trimEnd()}\n`);
  return output;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const partial = process.argv[2] ?? join(root, 'BENCHMARKS.only.md');
  process.stdout.write(`spliced ${partial} into ${spliceInto(root, partial)}\n`);
}
