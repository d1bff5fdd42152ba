// Wiring test of the columnar event log (state/events.ts): events are kept in columns and made into objects only
// when read; `run()` without events builds none, and the rows are the same either way.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/index.js';
import { EventLog } from '../../src/model/state/events.js';
import { baselineScenario } from '../../src/index.js';

describe('event log (wiring)', () => {
  it('grows past its initial size and clears', () => {
    const g = new EventLog();
    for (let k = 0; k < 3000; k++) g.push(k, k % 3, k, -1, 'x', `d${k}`);
    expect(g.n).toBe(3000);
    expect(g.tick[2999]).toBe(2999);
    expect(g.detail[2999]).toBe('d2999');
    g.clear();
    expect(g.n).toBe(0);
  });
  it('world.events reads the log as objects, and only [] may be assigned', () => {
    const sim = new Simulation(baselineScenario(), { seed: 3, ticks: 5 });
    const r = sim.step();
    expect(r.events.length).toBe(sim.world.log.n);
    for (const e of r.events) expect(Object.keys(e)).toEqual(['tick', 'cluster', 'firm', 'buyer', 'kind', 'detail']);
    expect(sim.world.events).toBe(sim.world.events);
    expect(() => (sim.world.events = r.events.length ? r.events : [{} as never])).toThrow();
    sim.world.events = [];
    expect(sim.world.events.length).toBe(0);
  });
  it('run() without events gives the same rows as run() with them', () => {
    const a = new Simulation(baselineScenario(), { seed: 5, ticks: 12 }).run();
    const b = new Simulation(baselineScenario(), { seed: 5, ticks: 12 }).run(undefined, { events: true });
    expect(a).toEqual(b.rows);
    expect(b.events.length).toBeGreaterThan(0);
  });
});
