// Grouped Sobol indices (Jacques, Lavergne & Devictor 2006): factors of one group
// move together in the Saltelli design, and the estimator gives one S1/ST per group.
// Known values for the Ishigami function (a = 7, b = 0.1) with groups {x1, x3} and {x2}:
// the closed first-order index of {x1, x3} is S1 + S3 + S13 = 0.3139 + 0 + 0.2437 = 0.5576,
// of {x2} 0.4424; with no interaction across the groups ST equals S1 for both.
import { describe, expect, it } from 'vitest';
import { Streams } from '../../src/engine/rng.js';
import { saltelliDesign } from '../../src/experiment/design.js';
import { sobolIndices } from '../../src/experiment/sensitivity.js';

const ishigami = (u: number[]) => {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v);
  return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
};

describe('grouped Sobol indices', () => {
  it('reproduce the closed indices of Ishigami groups {x1, x3} and {x2} within 0.01 (n = 2^13)', () => {
    const n = 2 ** 13;
    const d = saltelliDesign(n, 3, { secondOrder: false, rng: new Streams(11).get('design'), groups: [0, 1, 0] });
    expect(d.points).toHaveLength(n * 4); // A, AB_g for 2 groups, B
    const y = d.points.map(ishigami);
    const s = sobolIndices(y, n, 2, { secondOrder: false, rng: new Streams(11).get('boot'), resamples: 200 });
    expect(s.S1[0]).toBeCloseTo(0.5576, 1);
    expect(Math.abs(s.S1[0] - 0.5576)).toBeLessThan(0.01);
    expect(Math.abs(s.S1[1] - 0.4424)).toBeLessThan(0.01);
    expect(Math.abs(s.ST[0] - 0.5576)).toBeLessThan(0.01);
    expect(Math.abs(s.ST[1] - 0.4424)).toBeLessThan(0.01);
  });
  it('S1 does not depend on the output\'s mean: Ishigami + 1000 gives the same indices, with CIs as narrow (centred estimator)', () => {
    const n = 2 ** 12;
    const d = saltelliDesign(n, 3, { secondOrder: false, rng: new Streams(5).get('design') });
    const y = d.points.map(ishigami);
    const a = sobolIndices(y, n, 3, { secondOrder: false, rng: new Streams(5).get('boot'), resamples: 200 });
    const b = sobolIndices(y.map((v) => v + 1000), n, 3, { secondOrder: false, rng: new Streams(5).get('boot'), resamples: 200 });
    for (let i = 0; i < 3; i++) {
      expect(b.S1[i]).toBeCloseTo(a.S1[i], 9);
      expect(b.S1CI[i][1] - b.S1CI[i][0]).toBeCloseTo(a.S1CI[i][1] - a.S1CI[i][0], 9);
      expect(b.S1CI[i][1] - b.S1CI[i][0]).toBeLessThan(0.15);
    }
  });
  it('refuses a grouping with a gap or of the wrong length', () => {
    expect(() => saltelliDesign(8, 3, { secondOrder: false, groups: [0, 2, 0] })).toThrow(/without gaps/);
    expect(() => saltelliDesign(8, 3, { secondOrder: false, groups: [0, 1] })).toThrow(/for each of the 3 factors/);
  });
});
