/**
 * Ensemble helpers for validation tests: run a scenario over many seeds,
 * collect a statistic per run, and compare arms with a 95% confidence
 * interval (Welch's t for independent arms, paired t for common seeds).
 */
import { Simulation, scenarioFrom, loadScenario, type Scenario, type TickRow, type SimEvent } from '../../src/index.js';

export const SEEDS = (n = 30, from = 1000): number[] => Array.from({ length: n }, (_, k) => from + k);

export interface RunResult {
  rows: TickRow[];
  events: SimEvent[];
  sim: Simulation;
}

/** Run one scenario for one seed to its horizon, keeping all rows and (optionally) events. */
export function runOnce(scenario: Scenario, seed: number, opts: { events?: boolean; ticks?: number } = {}): RunResult {
  const sim = new Simulation(scenario, { seed, ticks: opts.ticks });
  const rows: TickRow[] = [...sim.metrics()];
  const events: SimEvent[] = [];
  while (!sim.done) {
    const r = sim.step();
    if (r.rows) rows.push(...r.rows);
    if (opts.events !== false) events.push(...r.events);
  }
  return { rows, events, sim };
}

/** A statistic per seed. */
export function ensemble(scenario: Scenario, seeds: number[], stat: (r: RunResult) => number, opts: { ticks?: number } = {}): number[] {
  return seeds.map((s) => stat(runOnce(scenario, s, opts)));
}

/** Load a shipped or fixture scenario and apply --set style overrides. */
export function scenario(file: string, sets: string[] = []): Scenario {
  return loadScenario(file, sets).scenario;
}

/** Deep-patched copy of a scenario (edit a plain clone, then validate). */
export function variant(s: Scenario, patch: (x: any) => void): Scenario {
  const copy = structuredClone(s) as any;
  patch(copy);
  return scenarioFrom(copy, 'variant');
}

export function mean(x: number[]): number {
  return x.reduce((a, b) => a + b, 0) / x.length;
}

export function sd(x: number[]): number {
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1));
}

/** Two-sided 97.5% t quantile for df degrees of freedom (Cornish–Fisher-free table + asymptote). */
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
export function diffCI(a: number[], b: number[]): CI {
  const va = sd(a) ** 2 / a.length;
  const vb = sd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / Math.max(1, a.length - 1) + (vb * vb) / Math.max(1, b.length - 1) || 1);
  const d = mean(a) - mean(b);
  if (se === 0) return { diff: d, lo: d, hi: d };
  const h = t975(Math.floor(df)) * se;
  return { diff: d, lo: d - h, hi: d + h };
}

/** 95% CI of the mean of paired differences a[k] − b[k] (same seeds). */
export function pairedCI(a: number[], b: number[]): CI {
  const d = a.map((x, k) => x - b[k]);
  const m = mean(d);
  const s = sd(d);
  const h = s === 0 ? 0 : (t975(d.length - 1) * s) / Math.sqrt(d.length);
  return { diff: m, lo: m - h, hi: m + h };
}

/** 95% CI of a mean. */
export function meanCI(a: number[]): CI {
  const m = mean(a);
  const h = (t975(a.length - 1) * sd(a)) / Math.sqrt(a.length);
  return { diff: m, lo: m - h, hi: m + h };
}

/** The CI excludes zero on the positive side. */
export const positive = (ci: CI): boolean => ci.lo > 0;
/** The CI does not exclude zero, or the effect reverses: the pattern is gone. */
export const notPositive = (ci: CI): boolean => ci.lo <= 0;

/** Sum of a column over rows (optionally one cluster, a tick window). */
export function total(rows: TickRow[], col: keyof TickRow, opts: { cluster?: string; from?: number; to?: number } = {}): number {
  let s = 0;
  for (const r of rows) {
    if (opts.cluster && r.cluster !== opts.cluster) continue;
    if (opts.from !== undefined && (r.tick as number) < opts.from) continue;
    if (opts.to !== undefined && (r.tick as number) > opts.to) continue;
    const v = r[col];
    if (typeof v === 'number') s += v;
  }
  return s;
}

/** Value of a column at a tick for a cluster (null when empty). */
export function at(rows: TickRow[], col: keyof TickRow, tick: number, cluster?: string): number | null {
  const r = rows.find((x) => x.tick === tick && (!cluster || x.cluster === cluster));
  const v = r?.[col];
  return typeof v === 'number' ? v : null;
}
