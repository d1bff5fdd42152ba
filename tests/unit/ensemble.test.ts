// The notebook API of issue 8: ensemble() over seeds and variants with collectors,
// run() with events. Wiring tests: rows must equal what a plain Simulation gives.
import { describe, expect, it } from 'vitest';
import { Simulation, baselineScenario, ensemble } from '../../src/index.js';

const small = () => {
  const s = baselineScenario();
  s.ticks = 12;
  return s;
};

describe('ensemble', () => {
  it('gives tidy rows with variant and seed, the same with 1 and 2 workers, equal to plain runs', async () => {
    const opts = { seeds: 3, variants: ['', 'no-entrant'], collect: { clusters: ['cap_process', 'firms'] as const, firms: ['wealth'] as const, every: 4, events: true } };
    const a = await ensemble(small(), { ...opts, workers: 1 });
    const b = await ensemble(small(), { ...opts, workers: 2 });
    expect(b).toEqual(a);
    // 2 variants × 3 seeds × ticks 0, 4, 8, 12 × 3 clusters
    expect(a.ticks).toHaveLength(2 * 3 * 4 * 3);
    expect(Object.keys(a.ticks[0])).toEqual(['variant', 'seed', 'tick', 'cluster', 'cap_process', 'firms']);
    expect(a.ticks[0]).toMatchObject({ variant: '', seed: 1, tick: 0, cluster: 'valley' });
    expect(Object.keys(a.firms[0])).toEqual(['variant', 'seed', 'tick', 'firm', 'cluster', 'wealth']);
    // the plain run of seed 2 gives the same valley capability at tick 8
    const sim = new Simulation(small(), { seed: 2 });
    const rows = sim.run();
    const plain = rows.find((r) => r.tick === 8 && r.cluster === 'valley')!;
    const ens = a.ticks.find((r) => r.variant === '' && r.seed === 2 && r.tick === 8 && r.cluster === 'valley')!;
    expect(ens.cap_process).toBe(plain.cap_process);
    expect(a.events.length).toBeGreaterThan(0);
    expect(a.events[0]).toHaveProperty('variant');
  });
  it('refuses an unknown variant', async () => {
    await expect(ensemble(small(), { seeds: 1, variants: ['nope'] })).rejects.toThrow(/no variant 'nope'/);
  });
});

describe('run() with events', () => {
  it('returns the events of the ticks it ran, as step() does', () => {
    const a = new Simulation(small(), { seed: 4 });
    const { rows, events } = a.run(6, { events: true });
    const b = new Simulation(small(), { seed: 4 });
    const stepped = Array.from({ length: 6 }, () => b.step());
    expect(rows).toEqual(stepped.flatMap((r) => r.rows ?? []));
    expect(events).toEqual(stepped.flatMap((r) => r.events));
    expect(events.length).toBeGreaterThan(0);
  });
});
