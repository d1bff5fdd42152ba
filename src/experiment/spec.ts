/**
 * The experiment file format: one spec that types, validates and documents it.
 *
 * An experiment names a base scenario (a path, relative to the experiment
 * file, or a shipped name), optional variants, fixed overrides, the factors
 * to vary (by scenario path), a design, replicates and outcomes — the
 * uncertainties / levers / outcomes of the EMA workbench, the design of
 * NetLogo BehaviorSpace or SALib. Cross-field rules (exactly one way to give
 * each factor's levels, what each design needs) are checked in
 * `validateExperiment` (src/experiment/load.ts), with the same one-line
 * errors naming the field as scenarios get.
 */
import { bool, int, list, num, obj, oneOf, str, type Infer } from '../engine/spec.js';
import { STATUSES } from '../model/constants.js';
import { TICK_COLUMNS } from '../model/metrics.js';

/** Numeric ticks.csv columns an outcome may read. */
export const OUTCOME_COLUMNS = TICK_COLUMNS.filter((c) => c !== 'tick' && c !== 'cluster' && c !== 'stage');

export const factorSpec = obj({
  path: str('', 'Scenario path of the parameter or field to vary, as for --set (e.g. params.learning.depreciation, world.clusters.0.firms)'),
  name: str('', 'Column name in runs.csv (default: the path with dots as underscores)'),
  values: list(num(0, 'a level', { min: -1e12, max: 1e12 }), 'Numeric levels (factorial design; or sampled evenly by the other designs)'),
  choices: list(str('', 'a level, read as YAML as with --set (e.g. captive, true, 0.5)'), 'Categorical levels, e.g. governance clamps or switches'),
  range: list(num(0, 'a bound', { min: -1e12, max: 1e12 }), 'Lower and upper bound [lo, hi] for sampling designs (lhs, morris, sobol)', { maxItems: 2 }),
  scale: oneOf(['uniform', 'log', 'int', 'normal'] as const, 'uniform', 'How a unit coordinate maps into the range: uniform, log (log-uniform, lo > 0), int (integers lo..hi), normal (mean and sd, truncated to range if given)'),
  mean: num(0, 'Mean of a normal factor', { min: -1e12, max: 1e12 }),
  sd: num(0, 'Standard deviation of a normal factor', { min: 0, max: 1e12 }),
  group: str('', 'Group name for grouped Sobol indices (factors in one group move together)'),
});

export const outcomeSpec = obj({
  name: str('outcome', 'Column name in runs.csv', true),
  column: oneOf(['', ...OUTCOME_COLUMNS] as const, '', 'ticks.csv column (one of column or event)'),
  event: str('', 'Event kind to count (events.csv kind, e.g. upg_functional, exit)'),
  cluster: str('', 'Cluster id (required for a column; for an event, empty counts every cluster)'),
  status: oneOf(['', ...STATUSES] as const, '', 'For an event: count only events of firms of this status (sme, large, lead; Dai et al.’s firm status); empty: every firm'),
  per_firm: bool(false, 'For an event: divide each tick’s count by the live firms it could come from (of the cluster and status, if given), a rate per firm-tick instead of a total'),
  stat: oneOf(['mean', 'sum', 'min', 'max', 'at', 'first'] as const, 'mean', 'Statistic over the window: mean, sum, min, max; at (the value at tick `at`); first (the first tick in the window at which the condition holds, empty if never)'),
  from: int(0, 'First tick of the window', 0, 1_000_000),
  to: int(1_000_000, 'Last tick of the window (clipped to the horizon)', 0, 1_000_000),
  at: int(0, 'Tick for stat: at', 0, 1_000_000),
  op: oneOf(['>', '>=', '<', '<=', '==', '!='] as const, '>=', 'Comparison for stat: first'),
  value: num(0, 'Threshold for stat: first', { min: -1e12, max: 1e12 }),
});

export const designSpec = obj({
  kind: oneOf(['factorial', 'lhs', 'morris', 'sobol', 'file'] as const, 'factorial', 'Design: full factorial of the levels; Latin hypercube; Morris elementary effects; Sobol/Saltelli; or an external file of design points'),
  samples: int(20, 'lhs: number of design points', 1, 1_000_000),
  trajectories: int(10, 'morris: number of trajectories r (r·(k+1) design points)', 2, 100_000),
  levels: int(4, 'morris: grid levels p (even)', 2, 100),
  n: int(64, 'sobol: base sample size N (N·(k+2) design points, N·(2k+2) with second order); a power of 2 is best', 2, 1_000_000),
  second_order: bool(false, 'sobol: also estimate second-order indices S2'),
  file: str('', 'file: CSV (header = factor names) or JSON lines (one object per design point), relative to the experiment file'),
  resamples: int(1000, 'Bootstrap resamples for the confidence intervals of sensitivity indices', 10, 100_000),
});

export const experimentSpec = obj({
  name: str('experiment', 'Short name of the experiment', true),
  description: str('', 'One-line summary'),
  source: str('', 'The question and its source (author, year, section)'),
  scenario: str('', 'Base scenario: a path relative to this file, or the name of a shipped scenario (gvcsim list)'),
  variants: list(str('', 'a variant name, or "" for the scenario itself'), 'Variants of the base scenario to cross with the design (default: the scenario itself)'),
  set: list(str('', 'path=value'), 'Overrides applied to every run, as with --set'),
  seed: int(1, 'Experiment seed: each run seed is a hash of (seed, design point, replicate)', 0, 2 ** 32 - 1),
  ticks: int(0, 'Horizon in ticks (0: the scenario’s)', 0, 1_000_000),
  replicates: int(1, 'Runs per design point (and variant), each with its own seed', 1, 100_000),
  factors: list(factorSpec, 'Parameters to vary'),
  design: designSpec,
  outcomes: list(outcomeSpec, 'What to measure in each run', { minItems: 1 }),
});

export type Experiment = Infer<typeof experimentSpec>;
export type FactorDef = Infer<typeof factorSpec>;
export type OutcomeDef = Infer<typeof outcomeSpec>;
