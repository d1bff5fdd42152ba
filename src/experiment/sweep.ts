/**
 * Sweeps for notebooks and scripts: `sweep(experiment)` runs a whole
 * experiment and returns the same tables as `gvcsim sweep` writes, as arrays
 * of records; `ensemble(scenario, { seeds })` runs one scenario (and its
 * variants) over many seeds and returns tidy ticks rows with seed and variant
 * columns. Both use the worker pool of src/experiment/runner.ts.
 */
import { applySets, loadScenarioText, validateScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { SimEvent } from '../model/world.js';
import { collectRun, type Collected, type CollectSpec } from './collect.js';
import type { RunTask } from './execute.js';
import { runPool } from './runner.js';
import type { CollectTask } from './worker.js';
import { loadExperiment, type LoadedExperiment } from './load.js';
import { buildPlan, inShard, plannedRun, type Plan } from './plan.js';
import { runTasks } from './runner.js';
import { SENSITIVITY_COLUMNS, sweepTables, type Row } from './tables.js';

export interface SweepResult {
  runs: Row[];
  summary: Row[];
  /** Morris or Sobol indices (empty for other designs). */
  sensitivity: Row[];
  columns: { runs: string[]; summary: string[]; sensitivity: string[] };
}

/** The resolved scenario of each variant of an experiment ('' = the scenario itself). */
export function variantScenarios(l: LoadedExperiment): Map<string, Scenario> {
  const out = new Map<string, Scenario>();
  const e = l.experiment;
  for (const v of l.variants) {
    const s = loadScenarioText(l.base.text, l.base.file, e.set, v === '' ? null : v, e.ticks > 0 ? { ticks: e.ticks } : {}).scenario;
    out.set(v, s);
  }
  return out;
}

/** The tasks of the given runs of a plan. */
export function* tasksOf(l: LoadedExperiment, plan: Plan, runs: Iterable<number>): Generator<[number, RunTask]> {
  const scenarios = variantScenarios(l);
  const paths = l.experiment.factors.map((f) => f.path);
  const names = l.experiment.factors.map((f) => f.name || f.path.replace(/\./g, '_'));
  for (const r of runs) {
    const p = plannedRun(l, plan, r);
    yield [r, { scenario: scenarios.get(p.variant)!, assignments: paths.map((path, i) => [path, p.values[names[i]]]), seed: p.seed, outcomes: l.experiment.outcomes }];
  }
}

/** Run an experiment (a file, or one already loaded) and return its tables. */
export async function sweep(
  experiment: string | LoadedExperiment,
  opts: { workers?: number; shard?: { index: number; count: number }; onProgress?: (done: number, total: number) => void } = {},
): Promise<SweepResult> {
  const l = typeof experiment === 'string' ? loadExperiment(experiment) : experiment;
  const plan = buildPlan(l);
  const runs = Array.from({ length: plan.runs }, (_, r) => r).filter((r) => !opts.shard || inShard(r, opts.shard));
  const results = new Map<number, number[]>();
  await runTasks(tasksOf(l, plan, runs), {
    workers: opts.workers,
    onResult: (r, v) => {
      results.set(r, v);
      opts.onProgress?.(results.size, runs.length);
    },
  });
  const t = sweepTables(l, plan, results, opts.shard ?? null);
  return {
    runs: t.runs.rows,
    summary: t.summary.rows,
    sensitivity: t.sensitivity?.rows ?? [],
    columns: { runs: t.runs.columns, summary: t.summary.columns, sensitivity: [...SENSITIVITY_COLUMNS] },
  };
}


export interface EnsembleOptions {
  /** Seeds: a count (the scenario's seed and the next ones) or a list. */
  seeds: number | readonly number[];
  /** Variant names to run besides the scenario itself ('' = the scenario); default ['']. */
  variants?: readonly string[];
  /** Worker threads (default: the number of cores; 1 runs in this thread). */
  workers?: number;
  /** What to keep (default: every ticks.csv column every tick, no firms, no events). */
  collect?: CollectSpec;
}

export interface EnsembleResult {
  /** ticks.csv rows with `variant` and `seed` first. */
  ticks: Record<string, unknown>[];
  /** Firm rows (when collect.firms is given), with `variant` and `seed` first. */
  firms: Record<string, unknown>[];
  /** Events (when collect.events), with `variant` and `seed`. */
  events: (SimEvent & { variant: string; seed: number })[];
}

/**
 * Run a scenario (and its variants) over many seeds and return tidy rows,
 * like Agents.jl's `ensemblerun!`: the same seeds in every variant (common
 * random numbers); rows in (variant, seed, tick) order whatever the worker
 * count.
 */
export async function ensemble(scenario: Scenario, opts: EnsembleOptions): Promise<EnsembleResult> {
  const seeds = typeof opts.seeds === 'number' ? Array.from({ length: opts.seeds }, (_, k) => scenario.seed + k) : [...opts.seeds];
  const variants = opts.variants && opts.variants.length > 0 ? [...opts.variants] : [''];
  const arms = variants.map((v) => {
    if (v === '') return scenario;
    const def = scenario.variants.find((x) => x.name === v);
    if (!def) throw new RangeError(`ensemble: no variant '${v}' (variants: ${scenario.variants.map((x) => x.name).join(', ') || 'none'})`);
    const raw = structuredClone(scenario) as unknown as Record<string, unknown>;
    applySets(raw, def.set, `${scenario.name} (variant ${v})`);
    return validateScenario(raw, `${scenario.name} (variant ${v})`);
  });
  const spec = opts.collect ?? {};
  const jobs: [number, CollectTask][] = [];
  arms.forEach((s, a) => seeds.forEach((seed, k) => jobs.push([a * seeds.length + k, { kind: 'collect', scenario: s, seed, spec }])));
  const results = new Map<number, Collected>();
  await runPool<CollectTask, Collected>(jobs, (t) => collectRun(t.scenario, t.seed, t.spec), { workers: opts.workers, onResult: (r, c) => void results.set(r, c) });
  const out: EnsembleResult = { ticks: [], firms: [], events: [] };
  for (const [r] of jobs) {
    const c = results.get(r)!;
    const variant = variants[Math.floor(r / seeds.length)];
    const seed = seeds[r % seeds.length];
    for (const row of c.ticks) out.ticks.push({ variant, seed, ...row });
    for (const row of c.firms) out.firms.push({ variant, seed, ...row });
    for (const e of c.events) out.events.push({ variant, seed, ...e });
  }
  return out;
}
