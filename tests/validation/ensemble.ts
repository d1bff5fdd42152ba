/**
 * Ensemble helpers for validation tests: run a scenario over many seeds,
 * collect a statistic per run, and compare arms with a 95% confidence
 * interval (Welch's t for independent arms, paired t for common seeds).
 */
import { Simulation, scenarioFrom, loadScenario, type Scenario, type TickRow, type SimEvent } from '../../src/index.js';

/**
 * n seeds from `from` on. `npm run validate:full` sets GVCSIM_SEEDS_FACTOR
 * (e.g. 4) to run every ensemble that uses SEEDS with that many times more seeds.
 */
export const SEEDS = (n = 30, from = 1000): number[] => {
  const factor = Math.max(1, Math.floor(Number(process.env.GVCSIM_SEEDS_FACTOR ?? '1')) || 1);
  return Array.from({ length: n * factor }, (_, k) => from + k);
};

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

export { mean, sd, t975, diffCI, pairedCI, meanCI, type CI } from '../../src/experiment/stats.js';
import type { CI } from '../../src/experiment/stats.js';

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

/**
 * Let the test worker's event loop breathe between long synchronous runs, so
 * vitest's worker RPC (60 s timeout) is answered even on a loaded machine.
 * Use in async beforeAll/it bodies: `await breathe()` between runs or arms.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Map over items with a breather after each (for ensembles of long runs). */
export async function mapAsync<T, U>(items: readonly T[], f: (x: T, k: number) => U): Promise<U[]> {
  const out: U[] = [];
  for (let k = 0; k < items.length; k++) {
    out.push(f(items[k], k));
    await breathe();
  }
  return out;
}
