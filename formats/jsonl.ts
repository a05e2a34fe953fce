// JSON Lines files read line by line in fixed-size chunks, so a file of any size is read in flat
// memory; shared by the generator's stages and the harness's readers of run folders.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * Call `onLine` for every non-empty line of a file, reading it in chunks: a full-corpus
 * tools.jsonl can be larger than the longest string V8 can hold.
 */
export function forEachLine(path: string, onLine: (line: string, lineNumber: number) => void): void {
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(1 << 24);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNumber = 0;
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      const text = carry + decoder.write(chunk.subarray(0, read));
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        lineNumber++;
        if (line !== '') onLine(line, lineNumber);
      }
    }
    carry += decoder.end();
    if (carry !== '') onLine(carry, lineNumber + 1);
  } finally {
    closeSync(fd);
  }
}
