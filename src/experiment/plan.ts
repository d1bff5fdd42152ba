/**
 * The plan of a sweep: every run, with its design point, variant, replicate,
 * seed and factor values, in a fixed order.
 *
 * Run r = (point · V + variant) · R + replicate. A run's seed is a hash of
 * (experiment seed, design point, replicate) — the same in every variant, so
 * variants are compared on common random numbers — and never of the run
 * order, the worker count or the shard, so a run gives the same result
 * wherever and whenever it runs.
 */
import { createHash } from 'node:crypto';
import { Streams } from '../engine/rng.js';
import { fullFactorial, latinHypercube, mapUnit, morrisDesign, saltelliDesign, type Scale } from './design.js';
import { factorName, parseChoice, type LoadedExperiment } from './load.js';
import type { FactorDef } from './spec.js';

export interface PlannedRun {
  run: number;
  point: number;
  variant: string;
  replicate: number;
  seed: number;
  /** Factor values by column name (numbers, or texts/booleans for choices). */
  values: Record<string, number | string | boolean>;
}

export interface Plan {
  /** Design points (factor values by column name). */
  points: Record<string, number | string | boolean>[];
  /** Unit-hypercube coordinates of the points (morris, sobol, lhs), for the estimators. */
  unit: number[][] | null;
  /** Morris trajectories (for the estimator), or null. */
  morris: ReturnType<typeof morrisDesign> | null;
  variants: string[];
  replicates: number;
  runs: number;
}

/** The seed of a run: the first 32 bits of sha256("gvcsim-run|seed|point|replicate"). */
export function runSeed(seed: number, point: number, replicate: number): number {
  return createHash('sha256').update(`gvcsim-run|${seed}|${point}|${replicate}`).digest().readUInt32BE(0);
}

/** How a factor maps a unit coordinate to a value. */
export function scaleOf(f: FactorDef): Scale {
  if (f.choices.length > 0) return { kind: 'choice', values: f.choices.map((c) => parseChoice(c) as number | string | boolean) };
  if (f.values.length > 0) return { kind: 'choice', values: [...f.values] };
  const [lo, hi] = f.range.length === 2 ? f.range : [-Infinity, Infinity];
  if (f.scale === 'normal') return { kind: 'normal', mean: f.mean, sd: f.sd, ...(f.range.length === 2 ? { lo, hi } : {}) };
  if (f.scale === 'log') return { kind: 'loguniform', lo, hi };
  if (f.scale === 'int') return { kind: 'int', lo, hi };
  return { kind: 'uniform', lo, hi };
}

/**
 * The groups of a Sobol design: factors sharing a `group` name move together
 * (grouped indices, Jacques, Lavergne & Devictor 2006); a factor without one
 * is its own group, named after its column. Groups are numbered in order of
 * first appearance.
 */
export function sobolGroups(factors: readonly FactorDef[]): { names: string[]; index: number[] } {
  const names: string[] = [];
  const index = factors.map((f) => {
    const name = f.group !== '' ? f.group : factorName(f);
    let g = names.indexOf(name);
    if (g < 0) g = names.push(name) - 1;
    return g;
  });
  return { names, index };
}

export function buildPlan(l: LoadedExperiment): Plan {
  const e = l.experiment;
  const names = e.factors.map(factorName);
  const scales = e.factors.map(scaleOf);
  const rng = new Streams(e.seed).get('experiment.design');
  const fromUnit = (u: number[]) => Object.fromEntries(u.map((x, i) => [names[i], mapUnit(scales[i], x)]));
  let points: Record<string, number | string | boolean>[];
  let unit: number[][] | null = null;
  let morris: Plan['morris'] = null;
  const k = e.factors.length;
  switch (e.design.kind) {
    case 'factorial': {
      const levels = e.factors.map((f) => (f.choices.length > 0 ? f.choices.map(parseChoice) : f.values));
      points = k === 0 ? [{}] : fullFactorial(levels.map((x) => x.length)).map((idx) => Object.fromEntries(idx.map((j, i) => [names[i], levels[i][j] as number | string | boolean])));
      break;
    }
    case 'lhs':
      unit = k === 0 ? [[]] : latinHypercube(e.design.samples, k, rng);
      points = unit.map(fromUnit);
      break;
    case 'morris':
      morris = morrisDesign(e.design.trajectories, k, e.design.levels, rng);
      unit = morris.points;
      points = unit.map(fromUnit);
      break;
    case 'sobol': {
      const g = sobolGroups(e.factors);
      unit = saltelliDesign(e.design.n, k, { secondOrder: e.design.second_order, rng, groups: g.index }).points;
      points = unit.map(fromUnit);
      break;
    }
    case 'file':
      points = (l.designFile ?? []).map((row) => Object.fromEntries(names.map((n, i) => [n, e.factors[i].choices.length > 0 ? (parseChoice(String(row[n])) as number | string | boolean) : row[n]])));
      break;
  }
  const variants = l.variants;
  return { points, unit, morris, variants, replicates: e.replicates, runs: points.length * variants.length * e.replicates };
}

/** Run r of a plan (pure: any worker, any shard, any order). */
export function plannedRun(l: LoadedExperiment, plan: Plan, r: number): PlannedRun {
  const V = plan.variants.length;
  const R = plan.replicates;
  const replicate = r % R;
  const v = Math.floor(r / R) % V;
  const point = Math.floor(r / (R * V));
  return { run: r, point, variant: plan.variants[v], replicate, seed: runSeed(l.experiment.seed, point, replicate), values: plan.points[point] };
}

/** Whether run r belongs to shard i of n (round robin: every shard gets a fair share of every design region). */
export function inShard(r: number, shard: { index: number; count: number }): boolean {
  return r % shard.count === shard.index;
}
