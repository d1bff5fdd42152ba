/**
 * Sweeps for notebooks and scripts: `sweep(experiment)` runs a whole
 * experiment and returns the same tables as `gvcsim sweep` writes, as arrays
 * of records; `ensemble(scenario, { seeds })` runs one scenario (and its
 * variants) over many seeds and returns tidy ticks rows with seed and variant
 * columns. Both use the worker pool of src/experiment/runner.ts.
 */
import { loadScenarioText } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunTask } from './execute.js';
import { loadExperiment, type LoadedExperiment } from './load.js';
import { buildPlan, inShard, plannedRun, type Plan } from './plan.js';
import { runTasks } from './runner.js';
import { runColumns, runRows, sensitivityRows, summaryColumns, summaryRows, SENSITIVITY_COLUMNS, type Row } from './tables.js';

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
  return {
    runs: runRows(l, plan, results),
    summary: summaryRows(l, plan, results),
    sensitivity: opts.shard ? [] : sensitivityRows(l, plan, results),
    columns: { runs: runColumns(l), summary: summaryColumns(l), sensitivity: [...SENSITIVITY_COLUMNS] },
  };
}

