// A JSONL file written as it is made: lines are gathered into chunks of about a megabyte and
// appended, so an export of any size holds at most one chunk in memory.
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK = 1 << 20;

/** Appends JSON lines to a file it creates (or empties). */
export class LineWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private size = 0;
  /** Lines written so far. */
  lines = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(value: object): void {
    const text = `${JSON.stringify(value)}\n`;
    this.pending.push(text);
    this.size += text.length;
    this.lines++;
    if (this.size >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
