// Experimental designs and sensitivity estimators for `gvcsim sweep`: known
// indices of the Ishigami and Sobol' G functions (issue 8, acceptance 3).
import { describe, expect, it } from 'vitest';
import { Streams, type Rng } from '../../src/engine/rng.js';
import {
  MAX_DESIGN_POINTS,
  fullFactorial,
  latinHypercube,
  mapUnit,
  morrisDesign,
  normalCdf,
  normalQuantile,
  saltelliDesign,
  type MorrisDesign,
  type Scale,
} from '../../src/experiment/design.js';
import { morrisIndices, percentile, percentileInterval, sobolIndices } from '../../src/experiment/sensitivity.js';
import { SOBOL_MAX_DIM, sobolPoints } from '../../src/experiment/sobol-sequence.js';

const rng = (seed: number, name = 'design'): Rng => new Streams(seed).get(name);

/** Compute on first use (inside a test, not while collecting), then reuse. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

// ---------------------------------------------------------------------------
// Test functions and their analytic indices

/*
 * Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π).
 * With E sin x = 0, E sin² x = 1/2, E sin⁴ x = 3/8, E x⁴ = π⁴/5, E x⁸ = π⁸/9:
 *   f = sin x1 (1 + b x3⁴) + a sin² x2
 *   V1  = Var E[f|x1]   = ½ (1 + bπ⁴/5)²
 *   V2  = Var E[f|x2]   = a² (3/8 − 1/4) = a²/8
 *   V3  = Var E[f|x3]   = 0                     (E sin x1 = 0)
 *   V13 = Var E[f|x1,x3] − V1 − V3 = ½ E(1 + b x3⁴)² − V1 = ½ b² (π⁸/9 − π⁸/25) = 8b²π⁸/225
 *   V12 = V23 = V123 = 0
 *   V   = V1 + V2 + V13 = a²/8 + bπ⁴/5 + b²π⁸/18 + ½
 * so S1 = (V1, V2, 0)/V, ST = (V1 + V13, V2, V13)/V, S2_13 = V13/V, S2_12 = S2_23 = 0;
 * for a = 7, b = 0.1: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437), S2_13 = 0.2437.
 */
const ISH_A = 7;
const ISH_B = 0.1;
const ISH = (() => {
  const V1 = 0.5 * (1 + (ISH_B * Math.PI ** 4) / 5) ** 2;
  const V2 = ISH_A ** 2 / 8;
  const V13 = (8 * ISH_B ** 2 * Math.PI ** 8) / 225;
  const V = V1 + V2 + V13;
  return { V, S1: [V1 / V, V2 / V, 0], ST: [(V1 + V13) / V, V2 / V, V13 / V], S2: { '0,1': 0, '0,2': V13 / V, '1,2': 0 } as Record<string, number> };
})();
/** Ishigami on unit coordinates (x = −π + 2πu). */
function ishigami(u: readonly number[]): number {
  const x = u.map((v) => -Math.PI + 2 * Math.PI * v);
  return Math.sin(x[0]) + ISH_A * Math.sin(x[1]) ** 2 + ISH_B * x[2] ** 4 * Math.sin(x[0]);
}

/*
 * Sobol' G function: f = Π_i (|4x_i − 2| + a_i)/(1 + a_i), x_i ~ U(0, 1). Each factor has mean 1
 * and partial variance V_i = 1/(3(1 + a_i)²); f is a product of independent terms, so
 * V = Π(1 + V_j) − 1, S1_i = V_i / V, ST_i = V_i Π_{j≠i}(1 + V_j) / V.
 */
const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];
const G = (() => {
  const Vi = G_A.map((a) => 1 / (3 * (1 + a) ** 2));
  const P = Vi.reduce((p, v) => p * (1 + v), 1);
  return { S1: Vi.map((v) => v / (P - 1)), ST: Vi.map((v) => (v * P) / (1 + v) / (P - 1)) };
})();
function gFunction(u: readonly number[]): number {
  let p = 1;
  for (let i = 0; i < u.length; i++) p *= (Math.abs(4 * u[i] - 2) + G_A[i]) / (1 + G_A[i]);
  return p;
}

it('the analytic values are the known ones (Ishigami: Saltelli et al. 2008, Primer; G function: Saltelli & Sobol\' 1995)', () => {
  expect(ISH.S1.map((v) => +v.toFixed(4))).toEqual([0.3139, 0.4424, 0]);
  expect(ISH.ST.map((v) => +v.toFixed(4))).toEqual([0.5576, 0.4424, 0.2437]);
  expect(ISH.V).toBeCloseTo(13.8446, 4);
  expect(G.S1[0]).toBeCloseTo(0.7162, 4);
  expect(G.ST[0]).toBeCloseTo(0.78714, 5);
});

// ---------------------------------------------------------------------------
// Sobol' indices

describe('sobolIndices (scrambled Saltelli designs of n = 2^13 base rows unless stated)', () => {
  const N = 2 ** 13;
  const TOL = 0.01;
  /** Every CI must contain its estimate and be narrower than this (so an unbounded interval cannot pass). */
  const MAX_CI_WIDTH = 0.12;
  const contains = (ci: [number, number], v: number) => ci[0] - 1e-9 <= v && v <= ci[1] + 1e-9;

  const ish = once(() => {
    const d = saltelliDesign(N, 3, { secondOrder: true, rng: rng(1, 'design') });
    return { d, res: sobolIndices(d.points.map(ishigami), N, 3, { secondOrder: true, rng: rng(1, 'bootstrap') }) };
  });

  it(`Ishigami: S1, ST and S2 are each within ${TOL} of the analytic values`, () => {
    const { res } = ish();
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(res.S1[i] - ISH.S1[i]), `S1_${i + 1} = ${res.S1[i]}`).toBeLessThan(TOL);
      expect(Math.abs(res.ST[i] - ISH.ST[i]), `ST_${i + 1} = ${res.ST[i]}`).toBeLessThan(TOL);
    }
    for (const [key, want] of Object.entries(ISH.S2)) {
      const [i, j] = key.split(',').map(Number);
      expect(Math.abs(res.S2![i][j] - want), `S2_${i + 1}${j + 1} = ${res.S2![i][j]}`).toBeLessThan(TOL);
      expect(res.S2![j][i]).toBe(res.S2![i][j]);
    }
    expect(res.S2![0][0]).toBeNaN();
    expect(res.note).toBeUndefined();
  });

  it(`Ishigami: the 95% bootstrap CI contains the analytic value for at least 8 of the 9 indices (S1, ST, S2 upper triangle), each CI holds its estimate and is narrower than ${MAX_CI_WIDTH}`, () => {
    const { res } = ish();
    const cases: [number, [number, number], number][] = [];
    for (let i = 0; i < 3; i++) {
      cases.push([res.S1[i], res.S1CI[i], ISH.S1[i]], [res.ST[i], res.STCI[i], ISH.ST[i]]);
    }
    for (const [key, want] of Object.entries(ISH.S2)) {
      const [i, j] = key.split(',').map(Number);
      cases.push([res.S2![i][j], res.S2CI![i][j], want]);
    }
    for (const [est, ci] of cases) {
      expect(contains(ci, est)).toBe(true);
      expect(ci[1] - ci[0]).toBeLessThan(MAX_CI_WIDTH);
    }
    expect(cases.filter(([, ci, want]) => contains(ci, want)).length).toBeGreaterThanOrEqual(8);
  });

  it(`G function (k = 8, first order only): S1 and ST each within ${TOL}; the CI contains the analytic value for at least 15 of the 16`, () => {
    const k = 8;
    const d = saltelliDesign(N, k, { secondOrder: false, rng: rng(2, 'design') });
    expect(d.points).toHaveLength(N * (k + 2));
    const res = sobolIndices(d.points.map(gFunction), N, k, { secondOrder: false, rng: rng(2, 'bootstrap') });
    expect(res.S2).toBeUndefined();
    let inside = 0;
    for (let i = 0; i < k; i++) {
      expect(Math.abs(res.S1[i] - G.S1[i]), `S1_${i + 1} = ${res.S1[i]}`).toBeLessThan(TOL);
      expect(Math.abs(res.ST[i] - G.ST[i]), `ST_${i + 1} = ${res.ST[i]}`).toBeLessThan(TOL);
      for (const [est, ci, want] of [[res.S1[i], res.S1CI[i], G.S1[i]], [res.ST[i], res.STCI[i], G.ST[i]]] as const) {
        expect(contains(ci, est)).toBe(true);
        expect(ci[1] - ci[0]).toBeLessThan(MAX_CI_WIDTH);
        if (contains(ci, want)) inside++;
      }
    }
    expect(inside).toBeGreaterThanOrEqual(15);
  });

  it(`the tolerance catches a misread layout: with A and B swapped in every block, S1 estimates 1 − ST and misses by more than ${TOL}`, () => {
    const { d, res } = ish();
    const y = d.points.map(ishigami);
    const s = d.layout.stride;
    for (let j = 0; j < N; j++) [y[j * s], y[j * s + s - 1]] = [y[j * s + s - 1], y[j * s]];
    const wrong = sobolIndices(y, N, 3, { secondOrder: true, rng: rng(1, 'bootstrap'), resamples: 10 });
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(wrong.S1[i] - ISH.S1[i])).toBeGreaterThan(TOL);
      expect(wrong.S1[i]).toBeCloseTo(1 - res.ST[i], 1);
    }
  });

  it('the plain (unscrambled) sequence also gives the Ishigami indices within the tolerance', () => {
    const d = saltelliDesign(N, 3, { secondOrder: false });
    const res = sobolIndices(d.points.map(ishigami), N, 3, { secondOrder: false, rng: rng(1, 'bootstrap'), resamples: 50 });
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(res.S1[i] - ISH.S1[i])).toBeLessThan(TOL);
      expect(Math.abs(res.ST[i] - ISH.ST[i])).toBeLessThan(TOL);
    }
  });

  it('is deterministic for a seed; another bootstrap seed moves the CIs but not the estimates', () => {
    const y = ish().d.points.map(ishigami);
    const again = sobolIndices(y, N, 3, { secondOrder: true, rng: rng(1, 'bootstrap') });
    expect(again).toEqual(ish().res);
    const other = sobolIndices(y, N, 3, { secondOrder: true, rng: rng(99, 'bootstrap') });
    expect(other.S1).toEqual(ish().res.S1);
    expect(other.S1CI).not.toEqual(ish().res.S1CI);
  });

  it('the estimators are exactly the formulas of Saltelli et al. (2010) Table 2 and Saltelli (2002) on a hand-checked example', () => {
    // n = 2, k = 2, second order: blocks [A, AB_1, AB_2, BA_1, BA_2, B]
    const y = [1, 2, 3, 4, 5, 6, 2, 0, 1, 3, 1, 4];
    // f(A) = (1, 2), f(B) = (6, 4), f(AB_1) = (2, 0), f(AB_2) = (3, 1), f(BA_1) = (4, 3)
    // V over {1, 2, 6, 4} (mean 3.25, divisor 4) = 14.75 / 4
    const V = 14.75 / 4;
    const res = sobolIndices(y, 2, 2, { secondOrder: true, rng: rng(1), resamples: 10 });
    // centred on m = 3.25 (the mean of f(A) and f(B)), as SALib:
    // S1_1 = ½[(6 − m)(2 − 1) + (4 − m)(0 − 2)] / V = 0.625 / V, S1_2 = ½[(6 − m)(3 − 1) + (4 − m)(1 − 2)] / V = 2.375 / V
    expect(res.S1[0]).toBeCloseTo(0.625 / V, 14);
    expect(res.S1[1]).toBeCloseTo(2.375 / V, 14);
    // ST_1 = ¼[(1 − 2)² + (2 − 0)²] / V, ST_2 = ¼[(1 − 3)² + (2 − 1)²] / V
    expect(res.ST[0]).toBeCloseTo(1.25 / V, 14);
    expect(res.ST[1]).toBeCloseTo(1.25 / V, 14);
    // S2_12 = ½[((4 − m)(3 − m) − (1 − m)(6 − m)) + ((3 − m)(1 − m) − (2 − m)(4 − m))] / V − S1_1 − S1_2 = (3.75 − 0.625 − 2.375) / V
    expect(res.S2![0][1]).toBeCloseTo(0.75 / V, 14);
  });

  it('a zero-variance output gives NaN indices and a note; a NaN output throws naming its row; a wrong length throws', () => {
    const n = 8;
    const k = 2;
    const flat = sobolIndices(new Array(n * (2 * k + 2)).fill(3), n, k, { secondOrder: true, rng: rng(1), resamples: 20 });
    for (const v of [...flat.S1, ...flat.ST, ...flat.S1CI.flat(), ...flat.STCI.flat(), ...flat.S2!.flat(), ...flat.S2CI!.flat(2)]) expect(v).toBeNaN();
    expect(flat.note).toMatch(/zero variance/);
    const y = new Array(n * (k + 2)).fill(0).map((_, r) => r);
    y[9] = NaN; // base row 2 (stride 4), offset 1: AB of factor 0
    expect(() => sobolIndices(y, n, k, { secondOrder: false, rng: rng(1) })).toThrow(RangeError);
    expect(() => sobolIndices(y, n, k, { secondOrder: false, rng: rng(1) })).toThrow(/row 9 \(base row 2, AB, factor 0\)/);
    expect(() => sobolIndices(y.slice(1), n, k, { secondOrder: false, rng: rng(1) })).toThrow(/31 outputs, the design has 32 rows/);
    expect(() => sobolIndices(y.map((_, r) => r), n, k, { secondOrder: false, rng: rng(1), confidence: 1 })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------
// Morris

/**
 * The exact distribution of a Morris design's elementary effects: a factor's
 * starting level is uniform over the p levels and its step direction is set by
 * the level, so at the moment factor i steps, the other factors are
 * independent and uniform on the grid (moved or not, the move is a bijection of
 * the levels) and factor i's level is uniform too. Enumerating every grid
 * point x and factor i — EE_i(x) = (f(x') − f(x)) / (±Δ), x' = x with x_i moved
 * by ±p/2 levels — gives E[EE_i] = μ, E|EE_i| = μ* and sd(EE_i) exactly.
 */
function exactMorris(f: (u: readonly number[]) => number, k: number, p: number): { mu: number[]; muStar: number[]; sd: number[] } {
  const total = p ** k;
  const half = p / 2;
  const delta = p / (2 * (p - 1));
  const levelsOf = (c: number): number[] => {
    const l = new Array<number>(k);
    for (let i = k - 1; i >= 0; i--, c = Math.floor(c / p)) l[i] = c % p;
    return l;
  };
  const values = new Float64Array(total);
  for (let c = 0; c < total; c++) values[c] = f(levelsOf(c).map((l) => l / (p - 1)));
  const mu = new Array<number>(k).fill(0);
  const muStar = new Array<number>(k).fill(0);
  const m2 = new Array<number>(k).fill(0);
  for (let c = 0; c < total; c++) {
    const l = levelsOf(c);
    for (let i = 0; i < k; i++) {
      const up = l[i] < half;
      const step = half * p ** (k - 1 - i);
      const ee = (values[up ? c + step : c - step] - values[c]) / (up ? delta : -delta);
      mu[i] += ee / total;
      muStar[i] += Math.abs(ee) / total;
      m2[i] += (ee * ee) / total;
    }
  }
  return { mu, muStar, sd: mu.map((m, i) => Math.sqrt(Math.max(0, m2[i] - m * m))) };
}

describe('morrisIndices, r = 2000 trajectories on a 4-level grid', () => {
  const R = 2000;
  const REL_TOL = 0.1;
  const run = (f: (u: readonly number[]) => number, k: number, seed: number) => {
    const design = morrisDesign(R, k, 4, rng(seed, 'design'));
    return { design, res: morrisIndices(design, design.points.map(f), { rng: rng(seed, 'bootstrap') }) };
  };
  const ish = once(() => run(ishigami, 3, 3));
  const g = once(() => run(gFunction, 8, 4));
  const ishExact = once(() => exactMorris(ishigami, 3, 4));
  const gExact = once(() => exactMorris(gFunction, 8, 4));

  it('the exact grid values are what they should be (Ishigami factor 2: EE = ±7 · (3/4) / (2/3) at every point; μ = 0 by symmetry)', () => {
    expect(ishExact().muStar[1]).toBeCloseTo(7.875, 12);
    expect(ishExact().sd[1]).toBeCloseTo(7.875, 12);
    for (const m of [...ishExact().mu.slice(1), ...gExact().mu]) expect(Math.abs(m)).toBeLessThan(1e-12);
    expect(ishExact().muStar[0]).toBeCloseTo(7.704, 3);
    expect(gExact().muStar[0]).toBeCloseTo(2.592, 3);
  });

  // allowed CI misses: with 95% intervals, 1 of 3 (Ishigami) and 2 of 8 (G) — P(more) < 1% per function
  for (const [name, get, exactOf, misses] of [
    ['Ishigami', ish, ishExact, 1],
    ['G function', g, gExact, 2],
  ] as const) {
    it(`${name}: μ* is within ${REL_TOL * 100}% of its exact grid expectation for every factor (≥ 4.4 standard errors), and μ within 5 standard errors (exact sd(EE)/√r) of the exact μ`, () => {
      const { res } = get();
      const exact = exactOf();
      res.muStar.forEach((m, i) => expect(Math.abs(m / exact.muStar[i] - 1), `μ*_${i + 1} = ${m} vs ${exact.muStar[i]}`).toBeLessThan(REL_TOL));
      res.mu.forEach((m, i) => expect(Math.abs(m - exact.mu[i]), `μ_${i + 1} = ${m}`).toBeLessThanOrEqual((5 * exact.sd[i]) / Math.sqrt(R) + 1e-12));
      res.sigma.forEach((s) => expect(s).toBeGreaterThanOrEqual(0));
    });
    it(`${name}: the 95% bootstrap CI of μ* holds the estimate for every factor and the exact value for all but at most ${misses}`, () => {
      const { res } = get();
      const exact = exactOf();
      const inCI = (ci: [number, number], v: number) => ci[0] - 1e-9 * Math.abs(v) <= v && v <= ci[1] + 1e-9 * Math.abs(v);
      res.muStarCI.forEach((ci, i) => expect(inCI(ci, res.muStar[i])).toBe(true));
      expect(res.muStarCI.filter((ci, i) => !inCI(ci, exact.muStar[i])).length).toBeLessThanOrEqual(misses);
    });
  }

  it('G function: the μ* ranking of the factors matches the ranking of the analytic ST (screening)', () => {
    const { res } = g();
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        if (G.ST[i] > G.ST[j] * (1 + 1e-9)) expect(res.muStar[i], `μ*_${i + 1} > μ*_${j + 1}`).toBeGreaterThan(res.muStar[j]);
      }
    }
  });

  it(`the tolerance catches a wrong step: dividing by the grid step 1/(p−1) instead of Δ misses by more than ${REL_TOL * 100}%`, () => {
    const { design } = g();
    const wrongDesign: MorrisDesign = { ...design, delta: 1 / 3 };
    const wrong = morrisIndices(wrongDesign, design.points.map(gFunction), { rng: rng(4, 'bootstrap'), resamples: 10 });
    wrong.muStar.forEach((m, i) => expect(Math.abs(m / gExact().muStar[i] - 1)).toBeGreaterThan(REL_TOL));
  });

  it('a linear f = Σ c_i x_i gives μ = c_i, μ* = |c_i| and σ = 0 for every factor (6 levels, r = 50)', () => {
    const c = [1, -2, 0.5, 3, 0];
    const design = morrisDesign(50, 5, 6, rng(5));
    const res = morrisIndices(design, design.points.map((u) => u.reduce((s, x, i) => s + c[i] * x, 0)), { rng: rng(5, 'bootstrap'), resamples: 100 });
    c.forEach((ci, i) => {
      expect(res.mu[i]).toBeCloseTo(ci, 12);
      expect(res.muStar[i]).toBeCloseTo(Math.abs(ci), 12);
      expect(res.sigma[i]).toBeLessThan(1e-12);
      expect(res.muStarCI[i][1] - res.muStarCI[i][0]).toBeLessThan(1e-12);
    });
    expect(res.ee).toHaveLength(50);
  });

  it('μ, μ*, σ (divisor r − 1) and the sign convention on a hand-checked design', () => {
    const t = 2 / 3;
    const design: MorrisDesign = {
      k: 2,
      levels: 4,
      delta: t,
      points: [
        [0, 0], [t, 0], [t, t], // factor 0 up, then factor 1 up
        [1, 1 / 3], [1, 1], [1 / 3, 1], // factor 1 up, then factor 0 down
      ],
      trajectories: [
        { start: 0, order: [0, 1], signs: [1, 1] },
        { start: 3, order: [1, 0], signs: [1, -1] },
      ],
    };
    // EE_0 = (3 − 1)/Δ = 3 and (3 − 1)/(−Δ) = −3; EE_1 = (2 − 3)/Δ = −1.5 and (1 − 0)/Δ = 1.5
    const res = morrisIndices(design, [1, 3, 2, 0, 1, 3], { rng: rng(1), resamples: 50 });
    expect(res.ee[0][0]).toBeCloseTo(3, 14);
    expect(res.ee[1][0]).toBeCloseTo(-3, 14);
    expect(res.ee[0][1]).toBeCloseTo(-1.5, 14);
    expect(res.ee[1][1]).toBeCloseTo(1.5, 14);
    expect(res.mu.map((m) => Math.abs(m))).toEqual([0, 0]);
    expect(res.muStar[0]).toBeCloseTo(3, 14);
    expect(res.muStar[1]).toBeCloseTo(1.5, 14);
    expect(res.sigma[0]).toBeCloseTo(Math.sqrt(18), 14);
    expect(res.sigma[1]).toBeCloseTo(Math.sqrt(4.5), 14);
    expect(res.muStarCI[0][0]).toBeCloseTo(3, 14);
    expect(res.muStarCI[0][1]).toBeCloseTo(3, 14);
  });

  it('one trajectory gives σ = NaN; bad outputs and designs throw RangeErrors', () => {
    const design = morrisDesign(1, 2, 4, rng(6));
    const res = morrisIndices(design, [1, 2, 4], { rng: rng(6, 'b'), resamples: 10 });
    expect(res.sigma.every(Number.isNaN)).toBe(true);
    expect(() => morrisIndices(design, [1, 2], { rng: rng(6) })).toThrow(/2 outputs, the design has 3 rows/);
    expect(() => morrisIndices(design, [1, NaN, 2], { rng: rng(6) })).toThrow(/row 1 \(trajectory 0, point 1\)/);
    const bad = { ...design, trajectories: [{ ...design.trajectories[0], order: [0, 0] }] };
    expect(() => morrisIndices(bad, [1, 2, 3], { rng: rng(6) })).toThrow(/permutation/);
  });
});

// ---------------------------------------------------------------------------
// Designs

describe('designs', () => {
  it('fullFactorial: every combination once, lexicographic with the first factor slowest', () => {
    expect(fullFactorial([2, 3])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    const rows = fullFactorial([3, 2, 4]);
    expect(rows).toHaveLength(24);
    expect(new Set(rows.map((r) => r.join(','))).size).toBe(24);
    for (let r = 1; r < rows.length; r++) {
      const a = rows[r - 1];
      const b = rows[r];
      const f = a.findIndex((v, i) => v !== b[i]);
      expect(b[f]).toBeGreaterThan(a[f]);
    }
    expect(fullFactorial([1])).toEqual([[0]]);
    expect(() => fullFactorial([])).toThrow(RangeError);
    expect(() => fullFactorial([2, 0])).toThrow(/levels\[1\]/);
    expect(() => fullFactorial([2.5])).toThrow(RangeError);
    expect(() => fullFactorial(new Array(24).fill(2))).toThrow(new RegExp(`more than the ${MAX_DESIGN_POINTS}`));
  });

  it('latinHypercube: exactly one point per stratum per column, coordinates in [0, 1)', () => {
    for (const [n, k] of [[1, 1], [7, 3], [100, 5]]) {
      const x = latinHypercube(n, k, rng(n));
      expect(x).toHaveLength(n);
      for (let c = 0; c < k; c++) {
        const strata = x.map((row) => Math.floor(row[c] * n)).sort((a, b) => a - b);
        expect(strata).toEqual(Array.from({ length: n }, (_, s) => s));
        for (const row of x) expect(row[c] >= 0 && row[c] < 1).toBe(true);
      }
    }
    expect(() => latinHypercube(0, 2, rng(1))).toThrow(/n must be an integer ≥ 1/);
    expect(() => latinHypercube(5, 0, rng(1))).toThrow(/k must be an integer ≥ 1/);
  });

  it('morrisDesign: trajectories stay on the grid in [0, 1] and move one factor per step by ±Δ', () => {
    for (const levels of [2, 4, 6]) {
      const r = 30;
      const k = 5;
      const d = morrisDesign(r, k, levels, rng(levels));
      expect(d.delta).toBe(levels / (2 * (levels - 1)));
      expect(d.points).toHaveLength(r * (k + 1));
      for (const row of d.points) {
        for (const v of row) {
          expect(v >= 0 && v <= 1).toBe(true);
          const l = v * (levels - 1);
          expect(Math.abs(l - Math.round(l))).toBeLessThan(1e-12);
        }
      }
      d.trajectories.forEach((t, ti) => {
        expect(t.start).toBe(ti * (k + 1));
        expect([...t.order].sort()).toEqual([0, 1, 2, 3, 4]);
        for (let s = 0; s < k; s++) {
          const a = d.points[t.start + s];
          const b = d.points[t.start + s + 1];
          const moved = a.map((v, i) => (v !== b[i] ? i : -1)).filter((i) => i >= 0);
          expect(moved).toEqual([t.order[s]]);
          expect(b[t.order[s]] - a[t.order[s]]).toBeCloseTo(t.signs[s] * d.delta, 12);
        }
      });
    }
    expect(morrisDesign(3, 2, undefined, rng(1)).levels).toBe(4);
    expect(() => morrisDesign(3, 2, 5, rng(1))).toThrow(/even integer ≥ 2/);
    expect(() => morrisDesign(3, 2, 0, rng(1))).toThrow(/even integer ≥ 2/);
    expect(() => morrisDesign(0, 2, 4, rng(1))).toThrow(/r \(trajectories\) must be/);
    expect(() => morrisDesign(3, 0, 4, rng(1))).toThrow(/k must be/);
  });

  it('saltelliDesign: n(k+2) or n(2k+2) rows; AB_i is A but column i (from B); BA_i is B but column i (from A)', () => {
    const n = 16;
    const k = 3;
    for (const secondOrder of [false, true]) {
      const { points, layout } = saltelliDesign(n, k, { secondOrder, rng: rng(7) });
      const stride = secondOrder ? 2 * k + 2 : k + 2;
      expect(layout).toEqual({ n, k, secondOrder, stride, a: 0, ab: 1, ba: secondOrder ? k + 1 : -1, b: stride - 1 });
      expect(points).toHaveLength(n * stride);
      for (let j = 0; j < n; j++) {
        const A = points[j * stride];
        const B = points[j * stride + stride - 1];
        for (let i = 0; i < k; i++) {
          expect(points[j * stride + 1 + i]).toEqual(A.map((v, c) => (c === i ? B[i] : v)));
          if (secondOrder) expect(points[j * stride + 1 + k + i]).toEqual(B.map((v, c) => (c === i ? A[i] : v)));
        }
        for (const v of [...A, ...B]) expect(v >= 0 && v < 1).toBe(true);
      }
      // A and B come from a (t, m, s)-net: each column of the 16 rows has one point per 1/16 stratum
      for (const off of [0, stride - 1]) {
        for (let c = 0; c < k; c++) {
          const strata = Array.from({ length: n }, (_, j) => Math.floor(points[j * stride + off][c] * n)).sort((a, b) => a - b);
          expect(strata).toEqual(Array.from({ length: n }, (_, s) => s));
        }
      }
    }
    expect(() => saltelliDesign(0, 3, { secondOrder: false })).toThrow(RangeError);
    expect(() => saltelliDesign(8, 513, { secondOrder: false })).toThrow(/at most 512 factors/);
  });

  it('every design is identical for the same seeded stream and different for another seed', () => {
    expect(latinHypercube(20, 3, rng(1))).toEqual(latinHypercube(20, 3, rng(1)));
    expect(latinHypercube(20, 3, rng(1))).not.toEqual(latinHypercube(20, 3, rng(2)));
    expect(morrisDesign(10, 4, 4, rng(1))).toEqual(morrisDesign(10, 4, 4, rng(1)));
    expect(morrisDesign(10, 4, 4, rng(1))).not.toEqual(morrisDesign(10, 4, 4, rng(2)));
    expect(saltelliDesign(32, 4, { secondOrder: true, rng: rng(1) })).toEqual(saltelliDesign(32, 4, { secondOrder: true, rng: rng(1) }));
    expect(saltelliDesign(32, 4, { secondOrder: true, rng: rng(1) })).not.toEqual(saltelliDesign(32, 4, { secondOrder: true, rng: rng(2) }));
    expect(saltelliDesign(32, 4, { secondOrder: true })).toEqual(saltelliDesign(32, 4, { secondOrder: true }));
  });
});

describe("Sobol' sequence (Joe–Kuo 2008 direction numbers)", () => {
  it('the plain sequence is SciPy\'s scipy.stats.qmc.Sobol(d, scramble=False) point for point', () => {
    // reference values from SciPy 1.17 (new-joe-kuo-6.21201): rows 1, 2, 5, 100, 255; dimensions 0, 1, 2, 63, 511, 1023
    const x = sobolPoints(256, SOBOL_MAX_DIM);
    const dims = [0, 1, 2, 63, 511, 1023];
    const want: Record<number, number[]> = {
      1: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      2: [0.75, 0.25, 0.25, 0.75, 0.75, 0.75],
      5: [0.875, 0.875, 0.125, 0.625, 0.875, 0.375],
      100: [0.4140625, 0.2578125, 0.7734375, 0.6484375, 0.5234375, 0.9453125],
      255: [0.00390625, 0.99609375, 0.76953125, 0.33984375, 0.87890625, 0.11328125],
    };
    for (const [row, values] of Object.entries(want)) expect(dims.map((d) => x[Number(row)][d])).toEqual(values);
    expect(x[0].every((v) => v === 0)).toBe(true);
    // a hash of all 1024 × 1024 coordinates (as 32-bit integers) of the first 1024 points, computed from SciPy's
    let h = 0;
    for (const row of sobolPoints(1024, SOBOL_MAX_DIM)) {
      for (const v of row) {
        h = Math.imul((h ^ (v * 2 ** 32)) >>> 0, 0x01000193) >>> 0;
        h = (h ^ (h >>> 13)) >>> 0;
      }
    }
    expect(h).toBe(3460508621);
    // skip = fast-forward
    expect(sobolPoints(10, 40, { skip: 1000 })).toEqual(sobolPoints(1010, 40).slice(1000));
  });

  it('scrambled: every 1-D projection of the first 2^m points has one point per stratum, no origin, and the seed matters', () => {
    const x = sobolPoints(256, 64, { rng: rng(8) });
    for (let d = 0; d < 64; d++) {
      expect(x.map((row) => Math.floor(row[d] * 256)).sort((a, b) => a - b)).toEqual(Array.from({ length: 256 }, (_, s) => s));
    }
    expect(x[0].some((v) => v !== 0)).toBe(true);
    expect(sobolPoints(4, 3, { rng: rng(8) })).not.toEqual(sobolPoints(4, 3, { rng: rng(9) }));
    expect(() => sobolPoints(4, SOBOL_MAX_DIM + 1)).toThrow(RangeError);
    expect(() => sobolPoints(0, 2)).toThrow(RangeError);
    expect(() => sobolPoints(2, 2, { skip: 2 ** 32 - 1 })).toThrow(/2\^32/);
  });
});

// ---------------------------------------------------------------------------
// Scales

describe('mapUnit', () => {
  it('uniform, loguniform: u = 0 → lo, u = 1 → hi exactly, linear / log-linear between', () => {
    const uni: Scale = { kind: 'uniform', lo: 0.1, hi: 0.7 };
    expect(mapUnit(uni, 0)).toBe(0.1);
    expect(mapUnit(uni, 1)).toBe(0.7);
    expect(mapUnit(uni, 0.5)).toBeCloseTo(0.4, 15);
    const log: Scale = { kind: 'loguniform', lo: 0.001, hi: 10 };
    expect(mapUnit(log, 0)).toBe(0.001);
    expect(mapUnit(log, 1)).toBe(10);
    expect(mapUnit(log, 0.25)).toBeCloseTo(0.01, 12);
  });

  it('int: equal bins over lo..hi inclusive, u = 1 → hi', () => {
    const s: Scale = { kind: 'int', lo: 2, hi: 5 };
    expect([0, 0.2499, 0.25, 0.5, 0.75, 0.9999, 1].map((u) => mapUnit(s, u))).toEqual([2, 2, 3, 4, 5, 5, 5]);
    expect(mapUnit({ kind: 'int', lo: 3, hi: 3 }, 1)).toBe(3);
  });

  it('choice: index floor(u·m), u = 1 → the last value', () => {
    const s: Scale = { kind: 'choice', values: ['a', 2, true] };
    expect([0, 0.33, 0.34, 0.67, 1].map((u) => mapUnit(s, u))).toEqual(['a', 'a', 2, true, true]);
  });

  it('normal: quantiles (0.5 → mean, 0.975 → mean + 1.96 sd), truncation as a truncated distribution, finite at u = 0 and 1', () => {
    const s: Scale = { kind: 'normal', mean: 10, sd: 2 };
    expect(mapUnit(s, 0.5)).toBeCloseTo(10, 12);
    expect(Math.abs((mapUnit(s, 0.975) as number) - (10 + 1.96 * 2))).toBeLessThan(1e-3);
    expect(Math.abs((mapUnit(s, 0.025) as number) - (10 - 1.96 * 2))).toBeLessThan(1e-3);
    const ends = [mapUnit(s, 0), mapUnit(s, 1)] as number[];
    expect(ends.every(Number.isFinite)).toBe(true);
    expect(ends[0]).toBeLessThan(10 - 6 * 2);
    // truncated to [10, 14]: u = 0 → 10, u = 1 → 14, median at the 75% quantile of the full normal (10 + 0.6745 sd)
    const t: Scale = { kind: 'normal', mean: 10, sd: 2, lo: 10, hi: 14 };
    expect(mapUnit(t, 0)).toBe(10);
    expect(mapUnit(t, 1)).toBe(14);
    const med = normalQuantile((0.5 + normalCdf(2)) / 2);
    expect(mapUnit(t, 0.5)).toBeCloseTo(10 + 2 * med, 10);
    expect(mapUnit(t, 0.5)).toBeCloseTo(11.278223821742547, 10); // scipy.stats.truncnorm.ppf(0.5, 0, 2, loc=10, scale=2)
    // far in the upper tail, [mean + 8 sd, mean + 9 sd], without losing precision; symmetric in the lower tail
    expect(mapUnit({ kind: 'normal', mean: 0, sd: 1, lo: 8, hi: 9 }, 0.5)).toBeCloseTo(8.08488889901817, 9); // truncnorm.median(8, 9)
    expect(mapUnit({ kind: 'normal', mean: 0, sd: 1, lo: -9, hi: -8 }, 0.5)).toBeCloseTo(-8.08488889901817, 9);
  });

  it('normal CDF and quantile agree with reference values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 15);
    for (const p of [1e-300, 1e-20, 0.001, 0.3, 0.5, 0.9, 1 - 1e-12]) expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 9);
  });

  it('refuses bad scales and coordinates with a RangeError', () => {
    const bad: [Scale, RegExp][] = [
      [{ kind: 'uniform', lo: 2, hi: 1 }, /lo \(2\) > hi \(1\)/],
      [{ kind: 'int', lo: 0.5, hi: 3 }, /integers/],
      [{ kind: 'loguniform', lo: 0, hi: 1 }, /lo must be > 0/],
      [{ kind: 'normal', mean: 0, sd: 0 }, /sd must be > 0/],
      [{ kind: 'normal', mean: 0, sd: 1, lo: 1, hi: 1 }, /lo \(1\) must be < hi/],
      [{ kind: 'normal', mean: 0, sd: 1, lo: 40, hi: 50 }, /no probability mass/],
      [{ kind: 'choice', values: [] }, /non-empty/],
      [{ kind: 'uniform', lo: NaN, hi: 1 }, /finite/],
      [{ kind: 'beta' } as unknown as Scale, /unknown scale kind/],
    ];
    for (const [s, msg] of bad) expect(() => mapUnit(s, 0.5)).toThrow(msg);
    for (const u of [-0.1, 1.1, NaN]) expect(() => mapUnit({ kind: 'uniform', lo: 0, hi: 1 }, u)).toThrow(/u must be in \[0, 1\]/);
  });
});

describe('percentile helpers', () => {
  it('interpolate linearly between order statistics (type 7) and drop NaN replicates', () => {
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20], 0.25)).toBe(12.5);
    expect(percentile([], 0.5)).toBeNaN();
    expect(percentileInterval([NaN, 1, 2, 3, 4, 5], 0.5)).toEqual([2, 4]);
    expect(percentileInterval([NaN, NaN, 1], 0.9)).toEqual([NaN, NaN]);
  });
});
