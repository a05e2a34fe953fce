// `$ref` resolution across one spec and the local files it points to. Specs are untrusted: a
// reference may be broken, remote, or point into itself; none of that may throw anything but a
// BrokenRefError or hang.
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { UserError } from '../errors.js';
import { parseDocument } from './load.js';

/** A `$ref` that cannot be followed; names the reference and why. */
export class BrokenRefError extends UserError {
  constructor(
    readonly ref: string,
    readonly reason: string,
  ) {
    super(`broken $ref '${ref}': ${reason}`);
  }
}

/** One parsed document that references resolve against. */
export interface Doc {
  /** Absolute file path, or a label for documents that are not files. */
  location: string;
  /** The parsed root value. */
  root: unknown;
}

/** Where a reference points: the target value and the document it lives in. */
export interface RefTarget {
  value: unknown;
  doc: Doc;
  /** Canonical `location#pointer`, used to detect recursion. */
  key: string;
}

/** Follow a JSON pointer (`/components/schemas/Pet`) into a value. */
export function followPointer(root: unknown, pointer: string, ref: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  if (!pointer.startsWith('/')) throw new BrokenRefError(ref, 'the fragment is not a JSON pointer');
  let current = root;
  let walked = '#';
  for (const raw of pointer.slice(1).split('/')) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      throw new BrokenRefError(ref, `bad escape in '${raw}'`);
    }
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      throw new BrokenRefError(ref, walked === '#' ? `the document has no '${key}'` : `'${walked}' has no '${key}'`);
    }
    current = (current as Record<string, unknown>)[key];
    walked += `/${raw}`;
  }
  return current;
}

/**
 * Resolves references for one spec. Local files a spec refers to (`./common.yaml#/Pet`) are
 * loaded once and cached; remote ones are reported broken since this tool never fetches.
 */
export class RefResolver {
  private readonly files = new Map<string, Doc>();
  // Large specs resolve the same few hundred references hundreds of thousands of times.
  private readonly resolved = new Map<Doc, Map<string, RefTarget>>();

  constructor(readonly main: Doc) {
    this.files.set(main.location, main);
  }

  /** Resolve `ref` as written inside `from`. */
  resolve(ref: string, from: Doc): RefTarget {
    let cache = this.resolved.get(from);
    if (!cache) this.resolved.set(from, (cache = new Map()));
    let target = cache.get(ref);
    if (!target) {
      target = this.resolveUncached(ref, from);
      cache.set(ref, target);
    }
    return target;
  }

  private resolveUncached(ref: string, from: Doc): RefTarget {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    let doc = from;
    if (filePart !== '') {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(filePart)) {
        throw new BrokenRefError(ref, 'remote references are not fetched; bundle the spec into one file first');
      }
      doc = this.load(resolvePath(dirname(from.location), filePart), ref);
    }
    return { value: followPointer(doc.root, pointer, ref), doc, key: `${doc.location}#${pointer}` };
  }

  private load(path: string, ref: string): Doc {
    let doc = this.files.get(path);
    if (!doc) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        throw new BrokenRefError(ref, `cannot read ${path}`);
      }
      let root: unknown;
      try {
        root = parseDocument(text, path);
      } catch (error) {
        throw new BrokenRefError(ref, `cannot parse ${path}: ${(error as Error).message}`);
      }
      doc = { location: path, root };
      this.files.set(path, doc);
    }
    return doc;
  }
}
