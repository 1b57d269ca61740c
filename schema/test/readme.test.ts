import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE } from '@cq/kit/errors';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../registry.ts';

describe("the README's error catalogue", () => {
  it('lists every code of the catalogue with its meaning, and no other', () => {
    const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
    const errors = readme.slice(readme.indexOf('\n## Errors'), readme.indexOf('\n## ', readme.indexOf('\n## Errors') + 1));
    const listed = [...errors.matchAll(/^\| `([A-Z_]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(listed)).toEqual(ERROR_CATALOGUE);
  });
});
