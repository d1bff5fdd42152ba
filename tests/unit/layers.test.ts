// One folder per concern with one-way dependencies: engine ← model ← scenario ← output ← experiment ← cli,
// and no import cycle between modules anywhere in src/ (type-only imports included).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const ORDER = ['engine', 'model', 'scenario', 'output', 'experiment', 'cli'];
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mjs)$/.test(p) && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** The src files a file imports (relative imports, resolved; .js → .ts). */
function imports(file: string): string[] {
  const out: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    out.push(resolve(dirname(file), m[1]).replace(/\.js$/, '.ts'));
  }
  return out;
}

const layerOf = (f: string) => relative(SRC, f).split(/[\\/]/)[0];

describe('layers', () => {
  it('every import between src folders goes one way', () => {
    const bad: string[] = [];
    for (const f of files(SRC)) {
      const from = ORDER.indexOf(layerOf(f));
      if (from < 0) continue;
      for (const to of imports(f)) {
        const t = ORDER.indexOf(layerOf(to));
        if (t > from) bad.push(`${relative(ROOT, f)} imports ${relative(ROOT, to)}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('no import cycle between modules (depth-first search over every relative import)', () => {
    const graph = new Map(files(SRC).map((f) => [f, imports(f).filter((t) => t.startsWith(SRC))]));
    const state = new Map<string, 0 | 1 | 2>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      state.set(f, 1);
      for (const t of graph.get(f) ?? []) {
        if (state.get(t) === 1) cycles.push([...path.slice(path.indexOf(t)), t].map((x) => relative(SRC, x)).join(' → '));
        else if (!state.get(t)) visit(t, [...path, t]);
      }
      state.set(f, 2);
    };
    for (const f of graph.keys()) if (!state.get(f)) visit(f, [f]);
    expect(cycles).toEqual([]);
  });
});
