// All randomness comes from named seedrandom streams; no clock in results (issue 2, acceptance 4).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('no Math.random or Date.now outside the CLI', () => {
  const src = files(join(ROOT, 'src'));
  it('finds the source files', () => expect(src.length).toBeGreaterThan(10));
  it('the check catches a call in code', () => {
    const code = 'const x = Math.random(); // fine comment about Date.now()'.replace(/(^|[^:])\/\/.*$/gm, '$1');
    expect(/Math\.random/.test(code)).toBe(true);
    expect(/Date\.now/.test(code)).toBe(false);
  });
  it('src/ outside src/cli uses neither Math.random nor Date.now nor new Date', () => {
    const offenders: string[] = [];
    for (const f of src) {
      const rel = relative(ROOT, f);
      if (rel.startsWith(join('src', 'cli'))) continue;
      // comments may name the forbidden calls; code may not
      const text = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      if (/Math\.random|Date\.now|new Date\(|performance\.now/.test(text)) offenders.push(rel);
    }
    expect(offenders).toEqual([]);
  });
});
