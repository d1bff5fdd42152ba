// The built-in experiments (experiments/*.yaml, issue 8): a WIRING test.
// Every experiment file validates; each built-in experiment, shrunk (32
// ticks, one replicate, the smallest design of its kind), runs through
// sweep() and gives the tables its design promises: runs = points ×
// variants × replicates, every factor and outcome column, summary rows per
// point, variant and outcome, and Morris/Sobol sensitivity rows with finite
// values for some outcomes. It checks that the files and the sweep machinery
// fit together, not what the experiments find (experiments/README.md holds
// the measured results of the full experiments).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { factorName, loadExperiment } from '../../src/experiment/load.js';
import { sweep } from '../../src/experiment/sweep.js';
import { ROOT, tempDir } from '../helpers.js';

const DIR = join(ROOT, 'experiments');
const BUILT_IN = ['rq1-antecedents', 'rq2-lead-firms', 'rq3-policy', 'dai-3d-grid', 'morris-baseline'] as const;
const TICKS = 32;

/** A shrunk copy of an experiment file, written to `dir` (the base scenarios are shipped names, so they resolve anywhere). */
function shrink(name: string, dir: string): string {
  const raw = parse(readFileSync(join(DIR, `${name}.yaml`), 'utf8')) as Record<string, any>;
  raw.ticks = TICKS;
  raw.replicates = 1;
  raw.design = { ...raw.design, resamples: 100 };
  if (raw.design.kind === 'sobol') raw.design.n = 4;
  if (raw.design.kind === 'morris') raw.design.trajectories = 2;
  // outcome windows beyond the shorter horizon move inside it
  for (const o of raw.outcomes as Record<string, any>[]) {
    if ((o.from ?? 0) > TICKS) o.from = TICKS / 2;
    if ((o.at ?? 0) > TICKS) o.at = TICKS;
    if ((o.to ?? 0) > TICKS) o.to = TICKS;
  }
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(raw));
  return file;
}

/** The design points an experiment's design promises, counted from the file. */
function expectedPoints(e: ReturnType<typeof loadExperiment>['experiment']): number {
  const k = e.factors.length;
  switch (e.design.kind) {
    case 'factorial':
      return e.factors.reduce((n, f) => n * (f.choices.length > 0 ? f.choices.length : f.values.length), 1);
    case 'morris':
      return e.design.trajectories * (k + 1);
    case 'sobol': {
      // grouped indices: factors sharing a `group` move together, one AB block per group
      const groups = new Set(e.factors.map((f) => (f.group !== '' ? f.group : factorName(f)))).size;
      return e.design.n * (e.design.second_order ? 2 * groups + 2 : groups + 2);
    }
    case 'lhs':
      return e.design.samples;
    default:
      throw new Error(`no expected size for a ${e.design.kind} design`);
  }
}

describe('experiments/*.yaml validate', () => {
  const files = readdirSync(DIR).filter((n) => /\.ya?ml$/i.test(n));
  it('the five built-in experiments are there', () => {
    for (const name of BUILT_IN) expect(files).toContain(`${name}.yaml`);
  });
  for (const f of files) {
    it(`${f} loads (loadExperiment does not throw)`, () => {
      expect(() => loadExperiment(join(DIR, f))).not.toThrow();
    });
  }
  for (const name of BUILT_IN) {
    it(`${name} cites its source in source, description and a header comment`, () => {
      const text = readFileSync(join(DIR, `${name}.yaml`), 'utf8');
      const e = loadExperiment(join(DIR, `${name}.yaml`)).experiment;
      expect(text.startsWith('#')).toBe(true);
      expect(e.name).toBe(name);
      expect(e.source).toMatch(/Gancarczyk|Dai|Morris/);
      expect(e.description).toMatch(/Gancarczyk|Dai|Morris|ODD/);
      expect(text.split('\n').filter((l) => l.startsWith('#')).join('\n')).toMatch(/Gancarczyk|Dai|Morris/);
    });
  }
  // experiments/README.md: functional upgrading is read from the ODM and OBM
  // shares of export links, and upgrading events are rates per firm-tick
  for (const name of BUILT_IN) {
    it(`${name} measures the functional position by share_odm and share_obm, upgrading events per firm`, () => {
      const e = loadExperiment(join(DIR, `${name}.yaml`)).experiment;
      const cols = e.outcomes.filter((o) => o.column !== '').map((o) => o.column);
      if (e.outcomes.some((o) => o.event === 'upg_functional' || o.column === 'upg_functional' || o.column === 'share_odm')) {
        expect(cols).toContain('share_odm');
        expect(cols).toContain('share_obm');
      }
      // upgrading and brand-launch counts are never totals from a ticks.csv column
      for (const o of e.outcomes) expect(/^upg_|^dng_/.test(o.column), o.name).toBe(false);
      for (const o of e.outcomes.filter((x) => /^upg_|^brand_launch$/.test(x.event))) expect(o.per_firm, o.name).toBe(true);
    });
  }
  it('dai-3d-grid clamps governance to captive, relational, modular, market and none', () => {
    const e = loadExperiment(join(DIR, 'dai-3d-grid.yaml')).experiment;
    const g = e.factors.find((f) => f.path === 'params.governance.clamp');
    expect(g?.choices.map(String).sort()).toEqual(['captive', 'market', 'modular', 'none', 'relational']);
  });
});

describe('built-in experiments, shrunk, run through sweep() (wiring)', () => {
  const dir = tempDir('gvcsim-experiments-');
  mkdirSync(dir, { recursive: true });
  for (const name of BUILT_IN) {
    it(`${name}: runs = points × variants × replicates, every column, summary and sensitivity rows`, async () => {
      const l = loadExperiment(shrink(name, dir));
      const e = l.experiment;
      expect(e.ticks).toBe(TICKS);
      const points = expectedPoints(e);
      const V = l.variants.length;
      const res = await sweep(l, { workers: 1 });

      // runs.csv
      expect(res.runs).toHaveLength(points * V * e.replicates);
      const factorCols = e.factors.map(factorName);
      const outcomeCols = e.outcomes.map((o) => o.name);
      expect(res.columns.runs).toEqual(['run', 'point', 'variant', 'replicate', 'seed', ...factorCols, ...outcomeCols]);
      for (const row of res.runs) expect(Object.keys(row)).toEqual(res.columns.runs);
      expect(new Set(res.runs.map((r) => r.point)).size).toBe(points);
      expect(new Set(res.runs.map((r) => r.variant))).toEqual(new Set(l.variants));
      // every outcome has a value in at least one run
      for (const c of outcomeCols) expect(res.runs.some((r) => typeof r[c] === 'number' && Number.isFinite(r[c])), c).toBe(true);

      // summary.csv: one row per point, variant and outcome
      expect(res.summary).toHaveLength(points * V * outcomeCols.length);
      expect(new Set(res.summary.map((r) => r.outcome))).toEqual(new Set(outcomeCols));

      // sensitivity.csv
      if (e.design.kind === 'morris' || e.design.kind === 'sobol') {
        const index = e.design.kind === 'morris' ? 'mu_star' : 'S1';
        const names = e.design.kind === 'morris' ? factorCols : [...new Set(e.factors.map((f) => (f.group !== '' ? f.group : factorName(f))))];
        for (const o of outcomeCols) {
          const rows = res.sensitivity.filter((r) => r.outcome === o && r.index === index);
          expect(rows.map((r) => r.factor).sort(), o).toEqual([...names].sort());
        }
        if (e.design.kind === 'sobol') expect(res.sensitivity.filter((r) => r.index === 'ST')).toHaveLength(names.length * outcomeCols.length * V);
        const finite = res.sensitivity.filter((r) => r.index === index && typeof r.value === 'number' && Number.isFinite(r.value));
        expect(finite.length).toBeGreaterThan(0);
      } else {
        expect(res.sensitivity).toEqual([]);
      }
    });
  }
});
