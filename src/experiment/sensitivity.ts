/**
 * Sensitivity estimators for `gvcsim sweep` (issue 8): Morris elementary
 * effects and Sobol' variance-based indices, each with percentile-bootstrap
 * confidence intervals. Pure functions of the design and the model outputs;
 * the bootstrap draws from the `Rng` the caller passes.
 *
 * Sources:
 * - M. D. Morris (1991), "Factorial sampling plans for preliminary
 *   computational experiments", Technometrics 33(2):161–174 — elementary
 *   effects EE_i = (y(x + Δe_i) − y(x)) / Δ, their mean μ and sd σ.
 * - F. Campolongo, J. Cariboni & A. Saltelli (2007), "An effective screening
 *   design for sensitivity analysis of large models", Environ. Model. Softw.
 *   22:1509–1518 — μ* = mean |EE|, the screening measure.
 * - I. M. Sobol' (1993), "Sensitivity estimates for nonlinear mathematical
 *   models", Math. Model. Comput. Exp. 1:407–414 — the indices.
 * - A. Saltelli (2002), "Making best use of model evaluations to compute
 *   sensitivity indices", Comput. Phys. Commun. 145:280–297 — second order.
 * - A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto & S.
 *   Tarantola (2010), "Variance based sensitivity analysis of model output",
 *   Comput. Phys. Commun. 181:259–270, Table 2 — the first-order estimator
 *   (b) and the total estimator (f), which is
 * - M. J. W. Jansen (1999), "Analysis of variance designs for model output",
 *   Comput. Phys. Commun. 117:35–43.
 * - B. Efron & R. J. Tibshirani (1993), "An Introduction to the Bootstrap",
 *   ch. 13 — percentile intervals.
 * The estimators and row layout are SALib's (`SALib.analyze.sobol`), except
 * that SALib reports a normal-approximation interval where this reports the
 * percentile interval.
 */
import type { Rng } from '../engine/rng.js';
import type { MorrisDesign } from './design.js';

/** Default bootstrap resamples. */
export const DEFAULT_RESAMPLES = 1000;
/** Default confidence level of the intervals. */
export const DEFAULT_CONFIDENCE = 0.95;

export interface BootstrapOptions {
  /** Stream for the bootstrap resampling. */
  rng: Rng;
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** Confidence level in (0, 1) (default 0.95). */
  confidence?: number;
}

/**
 * The q-quantile (q ∈ [0, 1]) of an ascending-sorted sample, interpolating
 * linearly between order statistics (Hyndman & Fan 1996 type 7, the default
 * of R and NumPy). NaN for an empty sample.
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`percentile: q must be in [0, 1], got ${q}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile interval of bootstrap replicates at the given confidence;
 * replicates that are NaN (e.g. a resample with zero variance) are left out.
 * [NaN, NaN] when fewer than half the replicates are finite.
 */
export function percentileInterval(replicates: readonly number[], confidence: number): [number, number] {
  const finite = replicates.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0 || finite.length < replicates.length / 2) return [NaN, NaN];
  const alpha = (1 - confidence) / 2;
  return [percentile(finite, alpha), percentile(finite, 1 - alpha)];
}

function bootstrapSettings(fn: string, opts: BootstrapOptions): { rng: Rng; resamples: number; confidence: number } {
  const resamples = opts?.resamples ?? DEFAULT_RESAMPLES;
  const confidence = opts?.confidence ?? DEFAULT_CONFIDENCE;
  if (!opts?.rng || typeof opts.rng.int !== 'function') throw new RangeError(`${fn}: opts.rng (the bootstrap stream) is required`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`${fn}: resamples must be an integer ≥ 1, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`${fn}: confidence must be in (0, 1), got ${confidence}`);
  return { rng: opts.rng, resamples, confidence };
}

function checkOutputs(fn: string, y: readonly number[], expected: number, what: string, where: (row: number) => string): void {
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) throw new RangeError(`${fn}: y must be an array of model outputs`);
  if (y.length !== expected) throw new RangeError(`${fn}: y has ${y.length} outputs, the design has ${expected} rows (${what})`);
  for (let r = 0; r < y.length; r++) {
    const v = y[r];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: output of row ${r} (${where(r)}) is ${String(v)}; every run must give a finite number`);
    }
  }
}

// ---------------------------------------------------------------------------
// Morris

export interface MorrisResult {
  /** μ_i: mean elementary effect (signed; effects of opposite sign cancel). */
  mu: number[];
  /** μ*_i: mean |elementary effect| (Campolongo et al. 2007), the screening measure. */
  muStar: number[];
  /** σ_i: standard deviation (divisor r − 1) of the elementary effects; NaN with one trajectory. */
  sigma: number[];
  /** Percentile-bootstrap interval of μ*_i, resampling trajectories. */
  muStarCI: [number, number][];
  /** ee[t][i]: the elementary effect of factor i in trajectory t. */
  ee: number[][];
}

/**
 * Morris screening measures from a `morrisDesign` and the outputs y (one per
 * design row, in design order). In trajectory t, the step s that moves
 * factor i from row b = start + s to row b + 1 by signs[s]·Δ gives
 *
 *     EE_i = (y[b + 1] − y[b]) / (signs[s]·Δ),
 *
 * the forward difference quotient in unit coordinates (Morris 1991): a step
 * down is read as the step up from the lower point. Per factor over the r
 * trajectories: μ = mean EE, μ* = mean |EE|, σ = sd EE (r − 1). The μ*
 * interval resamples whole trajectories with replacement (r per resample;
 * `resamples` times, each drawing r `rng.int(r)`).
 */
export function morrisIndices(design: MorrisDesign, y: readonly number[], opts: BootstrapOptions): MorrisResult {
  const fn = 'morrisIndices';
  const { rng, resamples, confidence } = bootstrapSettings(fn, opts);
  const { k, delta, points, trajectories } = design ?? ({} as MorrisDesign);
  if (!Array.isArray(points) || !Array.isArray(trajectories) || !Number.isInteger(k) || k < 1 || !(delta > 0)) {
    throw new RangeError(`${fn}: design must be what morrisDesign returns (k, delta, points, trajectories)`);
  }
  const r = trajectories.length;
  if (r < 1) throw new RangeError(`${fn}: the design has no trajectories`);
  checkOutputs(fn, y, points.length, `${r} trajectories of ${k + 1} points`, (row) => `trajectory ${Math.floor(row / (k + 1))}, point ${row % (k + 1)}`);

  const ee: number[][] = trajectories.map((t, ti) => {
    if (t.order.length !== k || t.signs.length !== k || t.start < 0 || t.start + k >= points.length) {
      throw new RangeError(`${fn}: trajectory ${ti} does not fit the design (k = ${k}, ${points.length} rows)`);
    }
    const e = new Array<number>(k).fill(NaN);
    for (let s = 0; s < k; s++) {
      const i = t.order[s];
      if (!Number.isInteger(i) || i < 0 || i >= k || !Number.isNaN(e[i])) throw new RangeError(`${fn}: trajectory ${ti}: order must be a permutation of 0..${k - 1}`);
      if (t.signs[s] !== 1 && t.signs[s] !== -1) throw new RangeError(`${fn}: trajectory ${ti}: signs must be +1 or −1`);
      const b = t.start + s;
      e[i] = (y[b + 1] - y[b]) / (t.signs[s] * delta);
    }
    return e;
  });

  const mu = new Array<number>(k).fill(0);
  const muStar = new Array<number>(k).fill(0);
  const sigma = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    let s = 0;
    let sa = 0;
    for (let t = 0; t < r; t++) {
      s += ee[t][i];
      sa += Math.abs(ee[t][i]);
    }
    mu[i] = s / r;
    muStar[i] = sa / r;
    let ss = 0;
    for (let t = 0; t < r; t++) ss += (ee[t][i] - mu[i]) ** 2;
    sigma[i] = r > 1 ? Math.sqrt(ss / (r - 1)) : NaN;
  }

  const reps: number[][] = Array.from({ length: k }, () => new Array<number>(resamples));
  const acc = new Array<number>(k);
  for (let b = 0; b < resamples; b++) {
    acc.fill(0);
    for (let d = 0; d < r; d++) {
      const e = ee[rng.int(r)];
      for (let i = 0; i < k; i++) acc[i] += Math.abs(e[i]);
    }
    for (let i = 0; i < k; i++) reps[i][b] = acc[i] / r;
  }
  const muStarCI = reps.map((v) => percentileInterval(v, confidence));
  return { mu, muStar, sigma, muStarCI, ee };
}

// ---------------------------------------------------------------------------
// Sobol'

export interface SobolIndicesOptions extends BootstrapOptions {
  /** The design has BA_i rows (saltelliDesign with secondOrder); also estimate S2. */
  secondOrder: boolean;
}

export interface SobolResult {
  /** First-order indices S_i. */
  S1: number[];
  S1CI: [number, number][];
  /** Total-order indices S_Ti. */
  ST: number[];
  STCI: [number, number][];
  /** Second-order indices S_ij, symmetric (S2[i][j] = S2[j][i]), NaN on the diagonal; only with secondOrder. */
  S2?: number[][];
  S2CI?: [number, number][][];
  /** Why the indices are NaN, when they are (zero output variance). */
  note?: string;
}

/** The columns of a Saltelli output vector: f(A_j), f(B_j), f(AB_j^i), f(BA_j^i). */
interface Columns {
  fA: Float64Array;
  fB: Float64Array;
  fAB: Float64Array[];
  fBA: Float64Array[];
}

/**
 * Sobol' indices from the outputs y of a `saltelliDesign(n, k, {secondOrder})`
 * (one per design row, in design order; see `SaltelliLayout`). With
 * V = the variance (divisor 2n) of the 2n outputs f(A_j), f(B_j) together,
 * over base rows j (Saltelli et al. 2010, Table 2):
 *
 *     S_i   = (1/n) Σ_j f(B_j)(f(AB_j^i) − f(A_j)) / V                 (b)
 *     S_Ti  = (1/2n) Σ_j (f(A_j) − f(AB_j^i))² / V        (f), Jansen 1999
 *     S_ij  = (1/n) Σ_j (f(BA_j^i) f(AB_j^l) − f(A_j) f(B_j)) / V − S_i − S_l
 *                                                  (Saltelli 2002, as SALib)
 *
 * Intervals: percentile bootstrap over base rows — each resample draws n
 * blocks j with replacement (n `rng.int(n)`; `resamples` times) and
 * recomputes every index, V included. They treat the rows as independent,
 * which for a (scrambled) Sobol' design errs on the wide side.
 *
 * If the outputs have zero variance (every run gave the same number) no
 * index is defined: all are NaN, the intervals [NaN, NaN], and `note` says
 * so; this does not throw. A non-finite output throws a RangeError naming
 * its row.
 */
export function sobolIndices(y: readonly number[], n: number, k: number, opts: SobolIndicesOptions): SobolResult {
  const fn = 'sobolIndices';
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${fn}: n must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${fn}: k must be an integer ≥ 1, got ${k}`);
  if (typeof opts?.secondOrder !== 'boolean') throw new RangeError(`${fn}: opts.secondOrder must be true or false`);
  const { rng, resamples, confidence } = bootstrapSettings(fn, opts);
  const second = opts.secondOrder;
  const stride = second ? 2 * k + 2 : k + 2;
  const blockName = (o: number): string =>
    o === 0 ? 'A' : o === stride - 1 ? 'B' : o <= k ? `AB, factor ${o - 1}` : `BA, factor ${o - 1 - k}`;
  checkOutputs(fn, y, n * stride, `n = ${n} base rows × ${stride} = n(${second ? '2k+2' : 'k+2'})`, (row) => `base row ${Math.floor(row / stride)}, ${blockName(row % stride)}`);

  const cols: Columns = {
    fA: new Float64Array(n),
    fB: new Float64Array(n),
    fAB: Array.from({ length: k }, () => new Float64Array(n)),
    fBA: second ? Array.from({ length: k }, () => new Float64Array(n)) : [],
  };
  for (let j = 0; j < n; j++) {
    const o = j * stride;
    cols.fA[j] = y[o];
    cols.fB[j] = y[o + stride - 1];
    for (let i = 0; i < k; i++) {
      cols.fAB[i][j] = y[o + 1 + i];
      if (second) cols.fBA[i][j] = y[o + 1 + k + i];
    }
  }

  const identity = Int32Array.from({ length: n }, (_, j) => j);
  const est = estimate(cols, identity, k, second);
  const nanCI = (): [number, number] => [NaN, NaN];
  if (!(est.V > 0)) {
    const nan = () => new Array<number>(k).fill(NaN);
    const res: SobolResult = {
      S1: nan(),
      S1CI: Array.from({ length: k }, nanCI),
      ST: nan(),
      STCI: Array.from({ length: k }, nanCI),
      note: 'the output has zero variance over the A and B runs (every run gave the same value), so no variance share is defined: all indices are NaN',
    };
    if (second) {
      res.S2 = Array.from({ length: k }, nan);
      res.S2CI = Array.from({ length: k }, () => Array.from({ length: k }, nanCI));
    }
    return res;
  }

  const pairs = second ? (k * (k - 1)) / 2 : 0;
  const repS1 = Array.from({ length: k }, () => new Array<number>(resamples));
  const repST = Array.from({ length: k }, () => new Array<number>(resamples));
  const repS2 = Array.from({ length: pairs }, () => new Array<number>(resamples));
  const idx = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let j = 0; j < n; j++) idx[j] = rng.int(n);
    const e = estimate(cols, idx, k, second);
    for (let i = 0; i < k; i++) {
      repS1[i][b] = e.S1[i];
      repST[i][b] = e.ST[i];
    }
    for (let p = 0; p < pairs; p++) repS2[p][b] = e.S2[p];
  }

  const res: SobolResult = {
    S1: est.S1,
    S1CI: repS1.map((v) => percentileInterval(v, confidence)),
    ST: est.ST,
    STCI: repST.map((v) => percentileInterval(v, confidence)),
  };
  if (second) {
    const S2 = Array.from({ length: k }, () => new Array<number>(k).fill(NaN));
    const S2CI = Array.from({ length: k }, () => Array.from({ length: k }, nanCI));
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let l = i + 1; l < k; l++, p++) {
        S2[i][l] = S2[l][i] = est.S2[p];
        const ci = percentileInterval(repS2[p], confidence);
        S2CI[i][l] = ci;
        S2CI[l][i] = [ci[0], ci[1]];
      }
    }
    res.S2 = S2;
    res.S2CI = S2CI;
  }
  return res;
}

/**
 * All indices over the base rows idx[0..n−1] (the identity, or a bootstrap
 * resample). S2 is the upper triangle, row by row: (0,1), (0,2), …, (k−2,k−1).
 * NaN everywhere when the variance is zero.
 */
function estimate(c: Columns, idx: Int32Array, k: number, second: boolean): { V: number; S1: number[]; ST: number[]; S2: number[] } {
  const n = idx.length;
  let m = 0;
  for (let t = 0; t < n; t++) m += c.fA[idx[t]] + c.fB[idx[t]];
  m /= 2 * n;
  let V = 0;
  for (let t = 0; t < n; t++) V += (c.fA[idx[t]] - m) ** 2 + (c.fB[idx[t]] - m) ** 2;
  V /= 2 * n;
  const S1 = new Array<number>(k);
  const ST = new Array<number>(k);
  const S2: number[] = [];
  if (!(V > 0)) {
    S1.fill(NaN);
    ST.fill(NaN);
    if (second) for (let p = 0; p < (k * (k - 1)) / 2; p++) S2.push(NaN);
    return { V, S1, ST, S2 };
  }
  for (let i = 0; i < k; i++) {
    const ab = c.fAB[i];
    let s1 = 0;
    let st = 0;
    for (let t = 0; t < n; t++) {
      const j = idx[t];
      const a = c.fA[j];
      // centred (f(B) − mean): the same in expectation, far less variance when the output's mean is large (as SALib)
      s1 += (c.fB[j] - m) * (ab[j] - a);
      st += (a - ab[j]) ** 2;
    }
    S1[i] = s1 / n / V;
    ST[i] = st / (2 * n) / V;
  }
  if (second) {
    for (let i = 0; i < k; i++) {
      const ba = c.fBA[i];
      for (let l = i + 1; l < k; l++) {
        const ab = c.fAB[l];
        let v = 0;
        for (let t = 0; t < n; t++) {
          const j = idx[t];
          v += (ba[j] - m) * (ab[j] - m) - (c.fA[j] - m) * (c.fB[j] - m);
        }
        S2.push(v / n / V - S1[i] - S1[l]);
      }
    }
  }
  return { V, S1, ST, S2 };
}
