/**
 * Small statistics for ensembles: means, standard deviations and 95%
 * confidence intervals of differences (Welch for independent arms, paired t
 * for arms run on the same seeds).
 */

export function mean(x: readonly number[]): number {
  return x.reduce((a, b) => a + b, 0) / x.length;
}

export function sd(x: readonly number[]): number {
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1));
}

/** Two-sided 97.5% quantile of Student's t with df degrees of freedom (table, then the normal). */
export function t975(df: number): number {
  const table: [number, number][] = [
    [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365], [8, 2.306], [9, 2.262],
    [10, 2.228], [12, 2.179], [15, 2.131], [20, 2.086], [25, 2.06], [30, 2.042], [40, 2.021], [60, 2.0], [120, 1.98],
  ];
  let v = 1.96;
  for (const [d, q] of table) if (df >= d) v = q;
  return df < 1 ? Infinity : v;
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
  const h = t975(Math.floor(df)) * se;
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
