/**
 * The tables of a sweep, from its plan and its runs' outcomes (pure).
 *
 * - runs: one row per run (run, point, variant, replicate, seed, factors, outcomes);
 * - summary: per design point, variant and outcome: n, mean, sd and the 95%
 *   confidence interval of the mean (Student's t quantile, jstat);
 * - sensitivity: Morris μ*, μ, σ or Sobol S1, ST (and S2) per outcome and
 *   variant, each with its bootstrap 95% CI, from the design point means
 *   over replicates.
 */
import { Streams } from '../engine/rng.js';
import { factorName, type LoadedExperiment } from './load.js';
import { plannedRun, sobolGroups, type Plan } from './plan.js';
import { morrisIndices, sobolIndices } from './sensitivity.js';
import type { SweepTables } from '../output/sweep.js';
import type { Cell } from '../output/table.js';
import { mean, sd, tQuantile } from './stats.js';

export type Row = Record<string, Cell>;

export const SUMMARY_STATS = ['n', 'mean', 'sd', 'ci95_lo', 'ci95_hi'] as const;
export const SENSITIVITY_COLUMNS = ['method', 'variant', 'outcome', 'factor', 'factor2', 'index', 'value', 'ci95_lo', 'ci95_hi'] as const;

export function runColumns(l: LoadedExperiment): string[] {
  return ['run', 'point', 'variant', 'replicate', 'seed', ...l.experiment.factors.map(factorName), ...l.experiment.outcomes.map((o) => o.name)];
}

export function summaryColumns(l: LoadedExperiment): string[] {
  return ['point', 'variant', ...l.experiment.factors.map(factorName), 'outcome', ...SUMMARY_STATS];
}

const cell = (x: number): Cell => (Number.isFinite(x) ? x : null);

/** runs.csv rows, in run order; `results` maps run index to outcome values. */
export function runRows(l: LoadedExperiment, plan: Plan, results: Map<number, number[]>): Row[] {
  const runs = [...results.keys()].sort((a, b) => a - b);
  return runs.map((r) => {
    const p = plannedRun(l, plan, r);
    const row: Row = { run: r, point: p.point, variant: p.variant, replicate: p.replicate, seed: p.seed, ...p.values };
    l.experiment.outcomes.forEach((o, j) => (row[o.name] = cell(results.get(r)![j])));
    return row;
  });
}

/** Outcome values of one (point, variant) over its replicates, per outcome. */
function byCell(l: LoadedExperiment, plan: Plan, results: Map<number, number[]>): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  const K = l.experiment.outcomes.length;
  for (const [r, values] of results) {
    const p = plannedRun(l, plan, r);
    const key = `${p.point}\u0000${p.variant}`;
    let cellValues = out.get(key);
    if (!cellValues) out.set(key, (cellValues = Array.from({ length: K }, () => [])));
    for (let j = 0; j < K; j++) if (Number.isFinite(values[j])) cellValues[j].push(values[j]);
  }
  return out;
}

/** summary.csv rows: per point, variant and outcome. */
export function summaryRows(l: LoadedExperiment, plan: Plan, results: Map<number, number[]>): Row[] {
  const cells = byCell(l, plan, results);
  const rows: Row[] = [];
  plan.points.forEach((values, point) => {
    for (const variant of plan.variants) {
      const c = cells.get(`${point}\u0000${variant}`);
      if (!c) continue;
      l.experiment.outcomes.forEach((o, j) => {
        const x = c[j];
        const n = x.length;
        const m = n > 0 ? mean(x) : NaN;
        const s = n > 1 ? sd(x) : NaN;
        const h = n > 1 ? (tQuantile(0.975, n - 1) * s) / Math.sqrt(n) : NaN;
        rows.push({ point, variant, ...values, outcome: o.name, n, mean: cell(m), sd: cell(s), ci95_lo: cell(m - h), ci95_hi: cell(m + h) });
      });
    }
  });
  return rows;
}

/** sensitivity.csv rows (Morris or Sobol designs), or [] for other designs. */
export function sensitivityRows(l: LoadedExperiment, plan: Plan, results: Map<number, number[]>): Row[] {
  const e = l.experiment;
  if (e.design.kind !== 'morris' && e.design.kind !== 'sobol') return [];
  const names = e.factors.map(factorName);
  const cells = byCell(l, plan, results);
  const rows: Row[] = [];
  for (const variant of plan.variants) {
    e.outcomes.forEach((o, j) => {
      // the model output of each design point: the mean over its replicates
      const y = plan.points.map((_, point) => {
        const x = cells.get(`${point}\u0000${variant}`)?.[j] ?? [];
        return x.length > 0 ? mean(x) : NaN;
      });
      const rng = new Streams(e.seed).get(`experiment.bootstrap/${variant}/${o.name}`);
      const push = (method: string, factor: string, factor2: string, index: string, value: number, ci?: [number, number]) =>
        rows.push({ method, variant, outcome: o.name, factor, factor2, index, value: cell(value), ci95_lo: cell(ci?.[0] ?? NaN), ci95_hi: cell(ci?.[1] ?? NaN) });
      if (y.some((v) => !Number.isFinite(v))) {
        // an outcome with no value in some run has no sensitivity indices
        names.forEach((f) => push(e.design.kind, f, '', e.design.kind === 'morris' ? 'mu_star' : 'S1', NaN));
        return;
      }
      if (e.design.kind === 'morris') {
        const m = morrisIndices(plan.morris!, y, { rng, resamples: e.design.resamples });
        names.forEach((f, i) => {
          push('morris', f, '', 'mu_star', m.muStar[i], m.muStarCI[i]);
          push('morris', f, '', 'mu', m.mu[i]);
          push('morris', f, '', 'sigma', m.sigma[i]);
        });
      } else {
        // indices per group (each factor its own group unless `group` joins them)
        const groups = sobolGroups(e.factors).names;
        const s = sobolIndices(y, e.design.n, groups.length, { secondOrder: e.design.second_order, rng, resamples: e.design.resamples });
        groups.forEach((f, i) => {
          push('sobol', f, '', 'S1', s.S1[i], s.S1CI[i]);
          push('sobol', f, '', 'ST', s.ST[i], s.STCI[i]);
        });
        if (s.S2 && s.S2CI) {
          for (let a = 0; a < groups.length; a++) for (let b = a + 1; b < groups.length; b++) push('sobol', groups[a], groups[b], 'S2', s.S2[a][b], s.S2CI[a][b]);
        }
      }
    });
  }
  return rows;
}

/**
 * The three tables of a sweep folder (what `gvcsim sweep`, `merge` and
 * `verify` write or rebuild): sensitivity only for a whole (unsharded)
 * Morris or Sobol sweep.
 */
export function sweepTables(l: LoadedExperiment, plan: Plan, results: Map<number, number[]>, shard: { index: number; count: number } | null): SweepTables {
  const kind = l.experiment.design.kind;
  return {
    runs: { columns: runColumns(l), rows: runRows(l, plan, results) },
    summary: { columns: summaryColumns(l), rows: summaryRows(l, plan, results) },
    sensitivity: !shard && (kind === 'morris' || kind === 'sobol') ? { columns: [...SENSITIVITY_COLUMNS], rows: sensitivityRows(l, plan, results) } : null,
  };
}
