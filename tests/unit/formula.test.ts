// Policy intensities as formulas of time: compiled once, whitelisted, no access to files,
// processes or globals (issue 4).
import { describe, expect, it } from 'vitest';
import { compileFormula, FormulaError } from '../../src/engine/formula.js';
import { Simulation } from '../../src/index.js';
import { smallScenario } from '../helpers.js';

const SYM = ['t', 'start', 'until'];

describe('formulas', () => {
  it('evaluates arithmetic, functions, comparisons and conditionals of the allowed symbols', () => {
    expect(compileFormula('0.5 * min(1, t / 10)', SYM).evaluate({ t: 4, start: 0, until: 9 })).toBeCloseTo(0.2);
    expect(compileFormula('t >= start + 3 ? 2 : 0', SYM).evaluate({ t: 4, start: 0, until: 9 })).toBe(2);
    expect(compileFormula('exp(-(t - start) / 8) * (t <= until)', SYM).evaluate({ t: 10, start: 2, until: 9 })).toBe(0);
  });
  const rejected: [string, RegExp][] = [
    ['process.exit(1)', /property access/],
    ['process', /unknown symbol 'process'/],
    ['import("fs")', /unknown function 'import'/],
    ['require("fs")', /unknown function 'require'/],
    ['evaluate("1+1")', /unknown function 'evaluate'/],
    ['globalThis', /unknown symbol 'globalThis'/],
    ['f(x) = x', /not allowed/],
    ['a = 1', /not allowed/],
    ['t.constructor', /not allowed/],
    ['"text"', /only numbers/],
    ['[1, 2]', /not allowed/],
    ['x + 1', /unknown symbol 'x'/],
    ['1 +', /cannot parse/],
  ];
  for (const [text, msg] of rejected) {
    it(`rejects ${text}`, () => {
      expect(() => compileFormula(text, SYM)).toThrow(FormulaError);
      expect(() => compileFormula(text, SYM)).toThrow(msg);
    });
  }
  it('a policy whose intensity is a formula spends what the formula gives, tick by tick', () => {
    const sc = smallScenario((s) => {
      s.ticks = 6;
      s.world.policies = [{ instrument: 'training', level: 'regional', clusters: ['k'], start: 2, end: 5, intensity: '10 * (t - start + 1)' }];
    });
    const sim = new Simulation(sc, { seed: 1 });
    const spend: number[] = [];
    while (!sim.done) spend.push(sim.step().rows?.[0].policy_spend as number);
    expect(spend.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([0, 10, 20, 30, 40, 0]);
  });
});
