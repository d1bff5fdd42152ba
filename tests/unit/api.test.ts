// The library API: load a scenario, step a simulation, read metrics as plain records (issue 2, acceptance 5).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation, baselineScenario, loadScenario, TICK_COLUMNS, MODES } from '../../src/index.js';
import { ROOT, smallScenario } from '../helpers.js';

describe('library API', () => {
  it('steps a simulation and reads metrics as plain records', () => {
    const sim = new Simulation(baselineScenario(), { seed: 5, ticks: 10 });
    expect(sim.tick).toBe(0);
    const first = sim.step();
    expect(first.tick).toBe(1);
    const nClusters = baselineScenario().world.clusters.length;
    expect(first.rows).toHaveLength(nClusters);
    const m = sim.metrics();
    expect(Object.keys(m[0])).toEqual([...TICK_COLUMNS]);
    expect(m[0].firms).toBeGreaterThan(250);
    const rest = sim.run(4);
    expect(sim.tick).toBe(5);
    expect(rest).toHaveLength(4 * nClusters);
    sim.run();
    expect(sim.done).toBe(true);
    const f = sim.world.firm(0);
    expect(f.capabilities.process).toBeGreaterThan(0);
    for (const l of f.links) expect(MODES).toContain(l.mode);
    expect(sim.phases).toEqual([
      'environment',
      'policy',
      'firm-decisions',
      'investment',
      'own-brand',
      'sourcing',
      'governance',
      'home-market',
      'bargaining',
      'final-demand',
      'orders',
      'outsourcing',
      'production',
      'money',
      'learning',
      'upgrading',
      'joint-action',
      'lead-firms',
      'demography',
      'lifecycle',
    ]);
  });

  it('two simulations with the same seed stay identical step by step; another seed differs', () => {
    const a = new Simulation(smallScenario(), { seed: 9 });
    const b = new Simulation(smallScenario(), { seed: 9 });
    const c = new Simulation(smallScenario(), { seed: 10 });
    const ra = a.run();
    expect(b.run()).toEqual(ra);
    expect(c.run()).not.toEqual(ra);
  });

  it('loadScenario applies --set overrides with validation', () => {
    const l = loadScenario(join(ROOT, 'scenarios/baseline.yaml'), ['params.learning.depreciation=0.01', 'ticks=12']);
    expect(l.scenario.params.learning.depreciation).toBe(0.01);
    expect(l.scenario.ticks).toBe(12);
  });

  it('plain JavaScript imports the built package by name', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'tests/fixtures/import-smoke.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ tick: 5, columns: TICK_COLUMNS.length });
    expect(out.rows).toBe(4 * baselineScenario().world.clusters.length);
    expect(out.firms).toBeGreaterThan(0);
  });
});
