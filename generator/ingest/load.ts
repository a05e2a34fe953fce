// Reading catalog files: JSON or YAML by content, with errors that say what is wrong with the file.
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';

/** A catalog file that cannot be used at all; the message names the reason. */
export class BadFileError extends UserError {}

/**
 * Parse a JSON or YAML document. JSON is tried first when the text looks like JSON (the fast path
 * for the 2,639 corpus specs); YAML's alias limit guards against "billion laughs" documents.
 */
export function parseDocument(text: string, location: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.length === 0) throw new BadFileError('the file is empty');
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || location.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      if (location.endsWith('.json')) throw new BadFileError(`not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 1000, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    const first = (error as Error).message.split('\n')[0] ?? 'parse error';
    throw new BadFileError(`not valid JSON or YAML: ${first}`);
  }
}

/** Parse JSON Lines; returns each line's value with its 1-based line number, skipping blank lines. */
export function parseJsonLines(text: string): { line: number; value: unknown }[] {
  const out: { line: number; value: unknown }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(line) });
    } catch (error) {
      throw new BadFileError(`line ${i + 1} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return out;
}
