// engine/spec.ts fastCopy (wiring): the World's parameters and world definition are a JSON copy, made so that V8
// gives them fast properties (a speed step of issue 9 line 9). The copy must be exact for every shipped scenario,
// and refuse what JSON cannot carry rather than change it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastCopy } from '../../src/engine/spec.js';
import { loadScenario } from '../../src/scenario/load.js';
import { Simulation } from '../../src/model/simulation.js';
import { ROOT } from '../helpers.js';

/** Deep equality that tells 0 from -0 and checks every number with Object.is. */
function same(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number') {
    expect(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`).toBe(true);
    return;
  }
  if (a === null || typeof a !== 'object') {
    expect(b, path).toBe(a);
    return;
  }
  expect(Array.isArray(b), path).toBe(Array.isArray(a));
  const ka = Object.keys(a);
  expect(Object.keys(b as object), path).toEqual(ka);
  for (const k of ka) same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

describe('fastCopy (wiring)', () => {
  const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));

  it.each(files)('copies the parameters and world of %s exactly, as the World keeps them', (f) => {
    const s = loadScenario(join(ROOT, 'scenarios', f)).scenario;
    same(s.params, fastCopy(s.params), 'params');
    same(s.world, fastCopy(s.world), 'world');
    const sim = new Simulation(s, { seed: 1, ticks: 1 });
    same(s.params, sim.world.params, 'world.params');
    expect(sim.world.params).not.toBe(s.params);
  });

  it('refuses a value JSON cannot carry instead of changing it', () => {
    expect(() => fastCopy({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => fastCopy({ a: Infinity })).toThrow(/non-finite/);
    expect(() => fastCopy({ a: undefined })).toThrow(/cannot carry/);
    expect(() => fastCopy({ a: () => 1 })).toThrow(/cannot carry/);
    const c = fastCopy({ a: [0.1, -0, 1e-300, 2 ** -1074], b: 'x', c: null, d: true });
    same({ a: [0.1, -0, 1e-300, 2 ** -1074], b: 'x', c: null, d: true }, c);
  });
});
