import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from './requirements.js';

describe('requirements manifest', () => {
  const here = import.meta.dirname;
  const titles = readdirSync(here)
    .filter((f) => f.endsWith('.test.ts') && f !== 'requirements.test.ts')
    .map((f) => readFileSync(join(here, f), 'utf8'))
    .join('\n');

  it('has unique ids', () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(REQUIREMENTS.map((r) => [r.id, r.behaviour]))('%s is cited by a test', (id) => {
    // A test cites a requirement by putting `[ID]` in its title.
    expect(titles).toContain(`[${id}]`);
  });
});
