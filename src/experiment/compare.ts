/**
 * Compare a scenario with a counterfactual over an ensemble of seeds.
 *
 * Both arms run on the same seeds (common random numbers), so the effect is
 * the paired difference of a per-run statistic: the mean of a ticks.csv
 * column over a tick window for one cluster (or all clusters). This is what
 * `gvcsim compare` prints and what the shipped scenarios' tests assert.
 */
import { Simulation } from '../model/simulation.js';
import { TICK_COLUMNS, type TickRow } from '../model/metrics.js';
import type { Scenario } from '../scenario/schema.js';
import { mean, pairedCI, type CI } from './stats.js';

export interface Window {
  /** Column of ticks.csv to average. */
  column: (typeof TICK_COLUMNS)[number];
  /** Cluster id, or null for the sum over clusters per tick. */
  cluster: string | null;
  from: number;
  to: number;
  /** 'mean' over the window (default) or 'sum'. */
  how?: 'mean' | 'sum';
}

/** The statistic of one run: mean (or sum) of the column over the window; empty cells are skipped. */
export function windowStat(rows: readonly TickRow[], w: Window): number {
  const perTick = new Map<number, number>();
  for (const r of rows) {
    const t = r.tick as number;
    if (t < w.from || t > w.to) continue;
    if (w.cluster !== null && r.cluster !== w.cluster) continue;
    const v = r[w.column];
    if (typeof v !== 'number') continue;
    perTick.set(t, (perTick.get(t) ?? 0) + v);
  }
  const values = [...perTick.values()];
  if (values.length === 0) return NaN;
  return w.how === 'sum' ? values.reduce((a, b) => a + b, 0) : mean(values);
}

/** Run a scenario on one seed and return its rows (all ticks). */
export function runRows(s: Scenario, seed: number): TickRow[] {
  const sim = new Simulation(s, { seed });
  return [...sim.metrics(), ...sim.run()];
}

export interface Comparison {
  seeds: number[];
  scenario: number[];
  counterfactual: number[];
  /** Paired 95% CI of scenario − counterfactual. */
  effect: CI;
}

/** Compare `s` with its counterfactual `c` on `seeds`, for one or more windows (one run per seed and arm). */
export function compare(s: Scenario, c: Scenario, seeds: readonly number[], windows: readonly Window[]): Comparison[] {
  const a = seeds.map((seed) => runRows(s, seed));
  const b = seeds.map((seed) => runRows(c, seed));
  return windows.map((w) => {
    const x = a.map((rows) => windowStat(rows, w));
    const y = b.map((rows) => windowStat(rows, w));
    return { seeds: [...seeds], scenario: x, counterfactual: y, effect: pairedCI(x, y) };
  });
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
  return windows.map((w) => {
    const x = a.map((rows) => windowStat(rows, w));
    const y = b.map((rows) => windowStat(rows, w));
    return { seeds: [...seeds], scenario: x, counterfactual: y, effect: pairedCI(x, y) };
  });
}
