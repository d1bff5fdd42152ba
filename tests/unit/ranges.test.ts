// Every numeric scenario field has a documented sane range (issue 7): a
// finite min and max around its default, so that no value that validates can
// push the model's arithmetic to NaN or Infinity.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, scenarioSpec, ScenarioError, type Spec } from '../../src/index.js';
import { list, num, obj } from '../../src/engine/spec.js';
import { ROOT } from '../helpers.js';

type NumericSpec = Extract<Spec, { kind: 'number' | 'formula' | 'vector' }>;

/** Every numeric leaf (number, formula, vector) of a spec, inside objects and array items. */
function numericLeaves(spec: Spec, path = ''): [string, NumericSpec][] {
  switch (spec.kind) {
    case 'object':
      return Object.entries(spec.fields).flatMap(([k, f]) => numericLeaves(f, path ? `${path}.${k}` : k));
    case 'array':
      return numericLeaves(spec.items, `${path}[]`);
    case 'number':
    case 'formula':
    case 'vector':
      return [[path, spec]];
    default:
      return [];
  }
}

/** What is wrong with a leaf's range (empty when it has a finite min ≤ default ≤ max). */
function rangeProblems(path: string, s: NumericSpec): string[] {
  const out: string[] = [];
  const { min, max } = s;
  if (typeof min !== 'number' || !Number.isFinite(min)) out.push(`${path}: no finite min`);
  if (typeof max !== 'number' || !Number.isFinite(max)) out.push(`${path}: no finite max`);
  if (out.length > 0) return out;
  if (min! > max!) out.push(`${path}: min ${min} > max ${max}`);
  const defaults = s.kind === 'vector' ? s.default : [s.default];
  if (s.kind === 'vector' && defaults.length !== s.length) out.push(`${path}: ${defaults.length} defaults for ${s.length} labels`);
  defaults.forEach((d, i) => {
    if (!(d >= min! && d <= max!)) out.push(`${path}${s.kind === 'vector' ? `[${i}]` : ''}: default ${d} outside [${min}, ${max}]`);
  });
  return out;
}

describe('numeric scenario fields have a sane range', () => {
  const all = numericLeaves(scenarioSpec);

  it('the walk reaches every numeric leaf, including those inside list items', () => {
    expect(all.length).toBeGreaterThan(200);
    const paths = all.map(([p]) => p);
    for (const p of ['world.chains[].price', 'world.shocks[].value', 'world.policies[].intensity', 'world.clusters[].capability.mean', 'params.governance.capability_weights', 'firms_max']) {
      expect(paths).toContain(p);
    }
  });

  it('every number, formula and vector has a finite min and max with min ≤ default ≤ max', () => {
    expect(all.flatMap(([p, s]) => rangeProblems(p, s))).toEqual([]);
  });

  it('the check catches a number declared without a max, even inside a list', () => {
    const bad = obj({ items: list(obj({ x: num(1, 'a field without a max', { min: 0 }) }), 'items') });
    expect(numericLeaves(bad).flatMap(([p, s]) => rangeProblems(p, s))).toEqual(['items[].x: no finite max']);
  });

  it('shock values lie in [-1, 100] (kind-specific checks are done at load time)', () => {
    const value = all.find(([p]) => p === 'world.shocks[].value')![1];
    expect([value.min, value.max]).toEqual([-1, 100]);
  });

  it('tick fields reach no further than the longest horizon', () => {
    const ticks = all.find(([p]) => p === 'ticks')![1];
    for (const p of ['world.clusters[].arrival', 'world.buyers[].arrival', 'world.buyers[].exit', 'world.shocks[].tick', 'world.policies[].start', 'world.policies[].end']) {
      expect(all.find(([q]) => q === p)![1].max, p).toBe(ticks.max);
    }
  });
});

describe('validateScenario refuses values outside the range', () => {
  it('a chain price of 1e308 is refused with a message naming the field', () => {
    let err: unknown;
    try {
      loadScenario(join(ROOT, 'scenarios/baseline.yaml'), ['world.chains.0.price=1e308']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as Error).message).toContain('world.chains[0].price');
  });

  it('the largest allowed chain price still validates', () => {
    const s = loadScenario(join(ROOT, 'scenarios/baseline.yaml'), ['world.chains.0.price=1e6']).scenario;
    expect(s.world.chains[0].price).toBe(1e6);
  });
});
