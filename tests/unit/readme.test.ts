// The README's complete scenario is real: it validates, runs, and its counterfactual differs in the
// direction the README describes (training raises process capability).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, loadScenario } from '../../src/index.js';
import { ROOT, cli } from '../helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const block = readme.split('<!-- readme-example')[1]?.split('```yaml\n')[1]?.split('```')[0] ?? '';

describe('README example scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gvcsim-readme-'));
  const file = join(dir, 'crisis.yaml');
  writeFileSync(file, block);
  it('is present and validates with its variant', async () => {
    expect(block).toMatch(/kind: demand/);
    expect(block).toMatch(/instrument: training/);
    const r = await cli(['validate', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
  it('training raises process capability against the no-training counterfactual (paired CI over 20 seeds)', async () => {
    const s = loadScenario(file).scenario;
    const c = loadScenario(file, [], 'no-training').scenario;
    const seeds = Array.from({ length: 20 }, (_, k) => k + 1);
    const [r] = compare(s, c, seeds, [{ column: 'cap_process', cluster: 'valley', from: 15, to: 40 }]);
    expect(r.effect.lo).toBeGreaterThan(0);
  });
});
