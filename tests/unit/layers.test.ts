// One folder per concern with one-way dependencies: engine ← model ← scenario ← output ← experiment ← cli.
// A folder may import only from folders to its left (and itself); this test reads the imports.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const ORDER = ['engine', 'model', 'scenario', 'output', 'experiment', 'cli'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mjs)$/.test(p) ? [p] : [];
  });
}

describe('layers', () => {
  it('every import between src folders goes one way', () => {
    const bad: string[] = [];
    for (const layer of ORDER) {
      for (const f of files(join(ROOT, 'src', layer))) {
        for (const m of readFileSync(f, 'utf8').matchAll(/from '\.\.\/([a-z]+)\//g)) {
          if (ORDER.indexOf(m[1]) > ORDER.indexOf(layer)) bad.push(`${relative(ROOT, f)} imports ${m[1]}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
