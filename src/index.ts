/**
 * gvcsim — the public API. Load a scenario, create a simulation, step it,
 * read its metrics as plain records, or write a run folder like the CLI.
 */
export { Simulation, type ModelInput, type StepResult } from './model/simulation.js';
export { World, COUNTERS, type SimEvent, type FirmSnapshot } from './model/world.js';
export { TICK_COLUMNS, clusterRows, type TickRow } from './model/metrics.js';
export { paramsSpec, type Params } from './model/params.js';
export { worldSpec, type WorldDef } from './model/inputs.js';
export * from './model/constants.js';
export { costTable, bestMode, type LinkSituation } from './model/mechanisms/governance.js';
export { scenarioSpec, type Scenario } from './scenario/schema.js';
export { loadScenario, validateScenario, parseText, applySets, ScenarioError, type LoadedScenario } from './scenario/load.js';
export { defaultsOf, validate, leaves, SpecError, type Spec, type Infer } from './engine/spec.js';
export { Streams, type Rng } from './engine/rng.js';
export { Scheduler, type Phase, type PhaseContext } from './engine/scheduler.js';
export { writeRun, writeRunFiles, EVENT_COLUMNS, OutputError, type Manifest, type RunRequest } from './output/run.js';
export { verifyRun, readManifest, type VerifyResult } from './output/verify.js';
export { VERSION } from './engine/version.js';
export {
  compare,
  compareAsync,
  windowStat,
  runRows,
  clusterWindows,
  comparisonRows,
  COMPARISON_COLUMNS,
  type Window,
  type Comparison,
  type ComparisonRow,
} from './experiment/compare.js';
export { writeCsvFileAtomic, checkCsvFile, csvHeaderLine, type Cell, type CsvFileOptions } from './output/table.js';
export { mean, sd, diffCI, pairedCI, meanCI, tQuantile, type CI } from './experiment/stats.js';
export { sweep, ensemble, variantScenarios, type SweepResult, type EnsembleOptions, type EnsembleResult } from './experiment/sweep.js';
export { loadExperiment, loadExperimentText, type LoadedExperiment } from './experiment/load.js';
export { experimentSpec, type Experiment, type FactorDef, type OutcomeDef } from './experiment/spec.js';
export { buildPlan, plannedRun, runSeed, type Plan, type PlannedRun } from './experiment/plan.js';
export { collectRun, type CollectSpec, type Collected } from './experiment/collect.js';
export { fullFactorial, latinHypercube, morrisDesign, saltelliDesign, mapUnit, normalCdf, normalQuantile, type Scale, type MorrisDesign } from './experiment/design.js';
export { morrisIndices, sobolIndices, type MorrisResult, type SobolResult } from './experiment/sensitivity.js';

import { fileURLToPath } from 'node:url';
import type { Scenario as _Scenario } from './scenario/schema.js';
import { loadScenario as _load, validateScenario as _validate } from './scenario/load.js';

/** The shipped baseline scenario (scenarios/baseline.yaml), validated. */
export function baselineScenario(): _Scenario {
  return _load(BASELINE_PATH).scenario;
}

/** Path of the shipped baseline scenario file. */
export const BASELINE_PATH = fileURLToPath(new URL('../scenarios/baseline.yaml', import.meta.url));

/** Validate a scenario given as a plain object (e.g. built in a notebook). */
export function scenarioFrom(value: unknown, label = '<object>'): _Scenario {
  return _validate(value, label);
}
