// Where each wanted tool's line is in tools.jsonl, so a stage can read one domain's ToolSpecs at a
// time instead of holding 100,000 parsed tools: one pass records byte offsets, then each domain's
// lines are read from the file when its turn comes.
import { closeSync, openSync, readSync } from 'node:fs';

const ID_PREFIX = Buffer.from('{"id":"');

/** Byte ranges of the lines of tools.jsonl whose ids were asked for. */
export class ToolLines {
  private constructor(
    private readonly path: string,
    private readonly at: Map<string, [offset: number, length: number]>,
  ) {}

  /** Index the lines of `path` whose tool id (each line's first key) is in `wanted`. */
  static index(path: string, wanted: Set<string>): ToolLines {
    const at = new Map<string, [number, number]>();
    const fd = openSync(path, 'r');
    const chunk = Buffer.alloc(1 << 24);
    let carry = Buffer.alloc(0);
    let carryOffset = 0;
    try {
      for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
        const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
        let start = 0;
        for (let end = data.indexOf(10); end >= 0; end = data.indexOf(10, start)) {
          note(data.subarray(start, end), carryOffset + start);
          start = end + 1;
        }
        carryOffset += start;
        carry = Buffer.from(data.subarray(start));
      }
      if (carry.length > 0) note(carry, carryOffset);
    } finally {
      closeSync(fd);
    }
    return new ToolLines(path, at);

    function note(line: Buffer, offset: number): void {
      if (line.length === 0 || !line.subarray(0, ID_PREFIX.length).equals(ID_PREFIX)) return;
      // The id is a JSON string: find its closing quote, skipping escaped characters.
      let i = ID_PREFIX.length;
      while (i < line.length && line[i] !== 0x22) i += line[i] === 0x5c ? 2 : 1;
      const id = JSON.parse(line.subarray(ID_PREFIX.length - 1, i + 1).toString('utf8')) as string;
      if (wanted.has(id)) at.set(id, [offset, line.length]);
    }
  }

  /** Whether every id has a line. */
  missing(ids: string[]): string[] {
    return ids.filter((id) => !this.at.has(id));
  }

  /** The lines of `ids`, in that order. */
  read(ids: string[]): string[] {
    const fd = openSync(this.path, 'r');
    try {
      return ids.map((id) => {
        const [offset, length] = this.at.get(id) ?? [0, 0];
        const buffer = Buffer.alloc(length);
        readSync(fd, buffer, 0, length, offset);
        return buffer.toString('utf8');
      });
    } finally {
      closeSync(fd);
    }
  }
}
