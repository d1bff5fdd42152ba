// Stable firm ids (issue 7): a firm's id in events.csv, firms.csv and World.firm() is given once, in
// creation order, and never reused, although storage slots are reused after exits.
import { beforeAll, describe, expect, it } from 'vitest';
import { Simulation, baselineScenario, type SimEvent } from '../../src/index.js';

const TICKS = 80;
/** Events after which the firm is gone (World.kill). */
const DEPARTURES = new Set(['exit', 'relocation_full']);

interface Trace {
  /** Ids of the initial firms of the clusters present at tick 0, in slot order, read before the first step. */
  initialIds: number[];
  /** How many initial firms those clusters have (N0). */
  n0: number;
  events: SimEvent[];
  /** Failures of the per-tick checks on the live world (collected so that one assertion reports them all). */
  problems: string[];
  /** Slots taken by an entrant or spin-off that had held an exited firm (the baseline must exercise reuse). */
  reusedSlots: number;
  spinoffsChecked: number;
  sim: Simulation;
}

function trace(): Trace {
  const sim = new Simulation(baselineScenario(), { seed: 1, ticks: TICKS });
  const w = sim.world;
  const initialIds: number[] = [];
  let n0 = 0;
  for (let c = 0; c < w.clusters.nClusters; c++) {
    if (!w.clusters.clusterActive[c]) continue;
    n0 += w.clusters.clusterInitialFirms[c];
    for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterStart[c] + w.clusters.clusterInitialFirms[c]; i++) initialIds.push(w.firm(i).id);
  }
  const events: SimEvent[] = [];
  const problems: string[] = [];
  const everHeld = new Uint8Array(w.firms.N);
  for (let i = 0; i < w.firms.N; i++) everHeld[i] = w.firms.alive[i];
  let reusedSlots = 0;
  let spinoffsChecked = 0;
  while (!sim.done) {
    const r = sim.step();
    for (const e of r.events) {
      events.push(e);
      if (e.kind === 'entry' || e.kind === 'spinoff') {
        const slot = w.slotOf(e.firm as number);
        if (slot >= 0 && everHeld[slot] && w.firms.born[slot] === r.tick) reusedSlots++;
      }
      if (e.kind === 'spinoff') {
        // the spin-off's first local tie is its parent, named by id in the snapshot and in the detail
        const parent = Number(/spun off from firm (\d+)/.exec(e.detail)?.[1]);
        const slot = w.slotOf(e.firm as number);
        if (slot < 0) continue; // left again within the tick (not in the baseline)
        const ties = w.firm(slot).ties;
        if (ties[0] !== parent) problems.push(`tick ${r.tick}: spin-off ${e.firm}: first tie ${ties[0]}, parent in detail ${parent}`);
        if (w.slotOf(parent) < 0) problems.push(`tick ${r.tick}: spin-off ${e.firm}: parent ${parent} not a live firm`);
        spinoffsChecked++;
      }
      if (e.kind === 'order_relocation') {
        const m = /orders move to firm (\d+) in (\S+)/.exec(e.detail);
        const alt = Number(m?.[1]);
        if (!(alt >= 0 && alt < w.firms.nextUid)) problems.push(`tick ${r.tick}: order_relocation names firm ${alt}, not an id given out`);
        const slot = w.slotOf(alt);
        if (slot >= 0 && w.firm(slot).cluster !== m?.[2]) problems.push(`tick ${r.tick}: order_relocation: firm ${alt} is not in ${m?.[2]}`);
      }
    }
    for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i]) everHeld[i] = 1;
    if (r.tick % 10 === 0 || r.tick === TICKS) {
      // (3) every live firm round-trips id -> slot -> snapshot
      for (let i = 0; i < w.firms.N; i++) {
        if (!w.firms.alive[i]) continue;
        const id = w.firm(i).id;
        const slot = w.slotOf(id);
        if (slot !== i) problems.push(`tick ${r.tick}: slotOf(${id}) = ${slot}, expected ${i}`);
        else if (w.firm(slot).id !== id || w.firm(slot).slot !== i) problems.push(`tick ${r.tick}: firm(slotOf(${id})) is not firm ${id}`);
      }
    }
  }
  return { initialIds, n0, events, problems, reusedSlots, spinoffsChecked, sim };
}

describe('stable firm ids on the baseline (exits, entries, spin-offs, a late cluster)', () => {
  let t: Trace;
  beforeAll(() => {
    t = trace();
  });

  it('the scenario exercises slot reuse (otherwise the checks below prove nothing)', () => {
    expect(t.events.filter((e) => DEPARTURES.has(e.kind)).length).toBeGreaterThan(10);
    expect(t.reusedSlots).toBeGreaterThan(10);
    expect(t.spinoffsChecked).toBeGreaterThan(5);
  });

  it('the initial firms of the clusters present at tick 0 have ids 0..N0-1 in slot order', () => {
    expect(t.initialIds).toEqual(Array.from({ length: t.n0 }, (_, k) => k));
  });

  it('every entry and spin-off names an id never seen before, in creation order', () => {
    const seen = new Set<number>(t.initialIds);
    let last = -1;
    const reused: string[] = [];
    for (const e of t.events) {
      if (e.firm === null) continue;
      if (e.kind === 'entry' || e.kind === 'spinoff') {
        if (seen.has(e.firm)) reused.push(`tick ${e.tick} ${e.kind} ${e.firm}`);
        if (e.firm <= last) reused.push(`tick ${e.tick} ${e.kind} ${e.firm} after ${last}`);
        last = e.firm;
      }
      seen.add(e.firm);
    }
    expect(reused).toEqual([]);
    expect(last).toBeGreaterThanOrEqual(t.n0);
    expect(t.sim.world.firms.nextUid).toBeGreaterThan(last);
  });

  it('no firm id appears in events after its exit', () => {
    const gone = new Map<number, number>();
    const after: string[] = [];
    for (const e of t.events) {
      if (e.firm === null) continue;
      if (gone.has(e.firm)) after.push(`tick ${e.tick} ${e.kind} ${e.firm} (gone at tick ${gone.get(e.firm)})`);
      if (DEPARTURES.has(e.kind)) gone.set(e.firm, e.tick);
    }
    expect(after).toEqual([]);
    // and the world agrees: an exited firm has no slot
    for (const id of gone.keys()) expect(t.sim.world.slotOf(id)).toBe(-1);
  });

  it('world.firm(world.slotOf(id)).id === id for live firms; details and ties name ids', () => {
    expect(t.problems).toEqual([]);
    const w = t.sim.world;
    let live = 0;
    for (let i = 0; i < w.firms.N; i++) {
      if (!w.firms.alive[i]) continue;
      live++;
      const f = w.firm(i);
      expect(w.firm(w.slotOf(f.id)).id).toBe(f.id);
    }
    expect(live).toBeGreaterThan(500);
    expect(w.slotOf(-1)).toBe(-1);
    expect(w.slotOf(w.firms.nextUid)).toBe(-1);
    expect(w.slotOf(1.5)).toBe(-1);
  });

  it('ids are a pure function of scenario and seed', () => {
    const again = trace();
    expect(again.events).toEqual(t.events);
    expect(again.sim.world.firms.nextUid).toBe(t.sim.world.firms.nextUid);
  });
});
