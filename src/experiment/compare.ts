/**
 * Compare a scenario with a counterfactual over an ensemble of seeds.
 *
 * Both arms run on the same seeds (common random numbers), so the effect is
 * the paired difference of a per-run statistic: the mean of a ticks.csv
 * column over a tick window for one cluster. This is what `gvcsim compare`
 * prints (one block per cluster) and what the shipped scenarios' tests assert.
 *
 * There is no statistic "over all clusters": a column such as unit_price or
 * a share cannot be added across clusters. To aggregate a count (firms,
 * output, …), compute `windowStat` per cluster and combine explicitly.
 */
import { Simulation } from '../model/simulation.js';
import { TICK_COLUMNS, type TickRow } from '../model/metrics.js';
import type { Scenario } from '../scenario/schema.js';
import { mean, pairedCI, type CI } from './stats.js';

export interface Window {
  /** Column of ticks.csv to average. */
  column: (typeof TICK_COLUMNS)[number];
  /** Cluster id (one block of ticks.csv rows). */
  cluster: string;
  from: number;
  to: number;
  /** 'mean' over the window (default) or 'sum'. */
  how?: 'mean' | 'sum';
}

/**
 * The statistic of one run: mean (or sum) of the column over the window for
 * the window's cluster; empty cells are skipped. NaN when the cluster has no
 * value in the window (it has not arrived yet, or has no firms).
 */
export function windowStat(rows: readonly TickRow[], w: Window): number {
  if (typeof w.cluster !== 'string') {
    throw new TypeError(
      `windowStat: Window.cluster must be a cluster id, got ${JSON.stringify(w.cluster)} (the sum over clusters was removed: compute windowStat per cluster and combine explicitly)`,
    );
  }
  const values: number[] = [];
  for (const r of rows) {
    const t = r.tick as number;
    if (t < w.from || t > w.to) continue;
    if (r.cluster !== w.cluster) continue;
    const v = r[w.column];
    if (typeof v !== 'number') continue;
    values.push(v);
  }
  if (values.length === 0) return NaN;
  return w.how === 'sum' ? values.reduce((a, b) => a + b, 0) : mean(values);
}

/** Run a scenario on one seed and return its rows (all ticks). */
export function runRows(s: Scenario, seed: number): TickRow[] {
  const sim = new Simulation(s, { seed });
  return [...sim.metrics(), ...sim.run()];
}

export interface Comparison {
  /** The window (cluster, column, ticks) this comparison is about. */
  window: Window;
  seeds: number[];
  /** The statistic per seed in the scenario arm (NaN where the cluster has no value in the window). */
  scenario: number[];
  /** The statistic per seed in the counterfactual arm. */
  counterfactual: number[];
  /** Means over seeds of each arm (NaN if any seed is NaN). */
  scenarioMean: number;
  counterfactualMean: number;
  /** Paired 95% CI of scenario − counterfactual (NaN if any seed is NaN in either arm). */
  effect: CI;
}

/** The comparisons of per-seed runs of both arms (a[k], b[k] ran on seeds[k]). */
function comparisons(a: readonly TickRow[][], b: readonly TickRow[][], seeds: readonly number[], windows: readonly Window[]): Comparison[] {
  return windows.map((w) => {
    const x = a.map((rows) => windowStat(rows, w));
    const y = b.map((rows) => windowStat(rows, w));
    return { window: { ...w }, seeds: [...seeds], scenario: x, counterfactual: y, scenarioMean: mean(x), counterfactualMean: mean(y), effect: pairedCI(x, y) };
  });
}

/** Compare `s` with its counterfactual `c` on `seeds`, for one or more windows (one run per seed and arm). */
export function compare(s: Scenario, c: Scenario, seeds: readonly number[], windows: readonly Window[]): Comparison[] {
  const a = seeds.map((seed) => runRows(s, seed));
  const b = seeds.map((seed) => runRows(c, seed));
  return comparisons(a, b, seeds, windows);
}

/** Yield to the event loop (keeps a host process responsive between runs). */
function breathe(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** `compare`, yielding to the event loop between runs (for notebooks, UIs and test workers). */
export async function compareAsync(s: Scenario, c: Scenario, seeds: readonly number[], windows: readonly Window[]): Promise<Comparison[]> {
  const a: TickRow[][] = [];
  const b: TickRow[][] = [];
  for (const seed of seeds) {
    a.push(runRows(s, seed));
    await breathe();
    b.push(runRows(c, seed));
    await breathe();
  }
  return comparisons(a, b, seeds, windows);
}

/** One window per cluster and column, cluster by cluster (in the given order), columns in order within each. */
export function clusterWindows(
  clusters: readonly string[],
  columns: readonly Window['column'][],
  from: number,
  to: number,
  how?: Window['how'],
): Window[] {
  return clusters.flatMap((cluster) => columns.map((column) => ({ column, cluster, from, to, ...(how ? { how } : {}) })));
}

/**
 * Columns of a comparison as a tidy table (`gvcsim compare --out`): one row
 * per cluster, column and seed (`kind` = seed; CI cells empty), then one row
 * per cluster and column with the means over seeds and the paired 95% CI
 * (`kind` = mean; seed empty). `scenario` and `variant` are the statistic in
 * each arm, `difference` is scenario − variant.
 */
export const COMPARISON_COLUMNS = ['cluster', 'column', 'kind', 'seed', 'scenario', 'variant', 'difference', 'ci95_lo', 'ci95_hi'] as const;

export type ComparisonRow = Record<(typeof COMPARISON_COLUMNS)[number], string | number | null>;

/** The rows of COMPARISON_COLUMNS for some comparisons (NaN = no value; written empty). */
export function comparisonRows(results: readonly Comparison[]): ComparisonRow[] {
  const out: ComparisonRow[] = [];
  for (const r of results) {
    const { cluster, column } = r.window;
    r.seeds.forEach((seed, k) => {
      const x = r.scenario[k];
      const y = r.counterfactual[k];
      out.push({ cluster, column, kind: 'seed', seed, scenario: x, variant: y, difference: x - y, ci95_lo: null, ci95_hi: null });
    });
    out.push({
      cluster,
      column,
      kind: 'mean',
      seed: null,
      scenario: r.scenarioMean,
      variant: r.counterfactualMean,
      difference: r.effect.diff,
      ci95_lo: r.effect.lo,
      ci95_hi: r.effect.hi,
    });
  }
  return out;
}
