/**
 * Small statistics for ensembles: means, standard deviations and 95%
 * confidence intervals of differences (Welch for independent arms, paired t
 * for arms run on the same seeds). The t quantiles come from jstat
 * (Student's t by inversion of the regularised incomplete beta function),
 * not a table.
 */
import jStat from 'jstat';

export function mean(x: readonly number[]): number {
  return x.reduce((a, b) => a + b, 0) / x.length;
}

export function sd(x: readonly number[]): number {
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1));
}

/** Quantile function of Student's t (jstat's incomplete-beta inversion), e.g. tQuantile(0.975, 19) = 2.093. */
export function tQuantile(p: number, df: number): number {
  if (!(df >= 1)) return Infinity;
  return jStat.studentt.inv(p, df);
}

/** Two-sided 95% critical value of Student's t with df degrees of freedom (Infinity below 1). */
export function t975(df: number): number {
  return tQuantile(0.975, df);
}

export interface CI {
  diff: number;
  lo: number;
  hi: number;
}

/** 95% CI of mean(a) − mean(b), independent samples (Welch). */
export function diffCI(a: readonly number[], b: readonly number[]): CI {
  const va = sd(a) ** 2 / a.length;
  const vb = sd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  const d = mean(a) - mean(b);
  if (se === 0) return { diff: d, lo: d, hi: d };
  const df = (va + vb) ** 2 / ((va * va) / Math.max(1, a.length - 1) + (vb * vb) / Math.max(1, b.length - 1));
  const h = t975(df) * se;
  return { diff: d, lo: d - h, hi: d + h };
}

/** 95% CI of the mean of paired differences a[k] − b[k] (same seeds). */
export function pairedCI(a: readonly number[], b: readonly number[]): CI {
  const d = a.map((x, k) => x - b[k]);
  const m = mean(d);
  const s = sd(d);
  const h = s === 0 ? 0 : (t975(d.length - 1) * s) / Math.sqrt(d.length);
  return { diff: m, lo: m - h, hi: m + h };
}

/** 95% CI of a mean. */
export function meanCI(a: readonly number[]): CI {
  const m = mean(a);
  const s = sd(a);
  const h = s === 0 ? 0 : (t975(a.length - 1) * s) / Math.sqrt(a.length);
  return { diff: m, lo: m - h, hi: m + h };
}
