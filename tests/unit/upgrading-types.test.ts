// Upgrading types (wiring; issue 10 item 6, MODEL.md §8): a role change on a buyer link across OEA↔OEM is process
// upgrading, counted once by the process grade (the role event `role_oem` adds no count), above OEM functional; home-market role changes go to their own kinds and columns; a first outsourcing
// contract and a move into services count as functional. Hand-built states: the rule, not a pattern.
import { describe, expect, it } from 'vitest';
import { Simulation, K, MARKET, OEA, OEM, ODM, DESIGN, PROCESS, COUNTERS } from '../../src/index.js';
import { addLink } from '../../src/model/mechanisms/sourcing.js';
import { upgradingPhase } from '../../src/model/mechanisms/upgrading.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

function setup() {
  const sim = new Simulation(smallScenario(), { seed: 3, ticks: 2 });
  const w = sim.world;
  w.log.clear();
  w.counters.fill(0);
  const ctx = { tick: 0, streams: new Streams(1) };
  return { w, ctx };
}

const counter = (w: ReturnType<typeof setup>['w'], name: (typeof COUNTERS)[number]): number => w.counters[COUNTERS.indexOf(name)];

describe('upgrading types (wiring)', () => {
  it('OEA→OEM on a link is recorded as role_oem with no second process count; OEM→ODM on a link is functional; home-market changes are dom_*', () => {
    const { w, ctx } = setup();
    const i = 0;
    // firm 0: one link with the tolerant buyer (trading company, index 1), role OEA; capabilities for OEM only
    for (let j = 0; j < w.links.maxLinks; j++) if (w.links.linkBuyer[i * w.links.maxLinks + j] >= 0) w.dropLink(i * w.links.maxLinks + j);
    const s = addLink(w, 1, i, MARKET);
    w.links.linkRole[s] = OEA;
    w.firms.domesticRole[i] = OEA;
    for (let k = 0; k < K; k++) w.firms.cap[i * K + k] = 0.1;
    w.firms.cap[i * K + PROCESS] = w.params.roles.oem_process + 0.05;
    w.firms.effort[i] = 0.05;
    // grades already at the capabilities, so only role events fire
    for (let k = 0; k < K; k++) w.firms.grade[i * K + k] = Math.floor(w.firms.cap[i * K + k] / w.params.events.step);
    w.log.clear();
    w.counters.fill(0);
    upgradingPhase(w, ctx);
    const mine = w.events.filter((e) => e.firm === w.firms.firmUid[i]);
    expect(mine.map((e) => e.kind).sort()).toEqual(['dom_upg_process', 'role_oem']);
    expect(mine.find((e) => e.kind === 'role_oem')?.detail).toMatch(/^OEA->OEM/);
    expect(counter(w, 'upg_process')).toBe(0);
    expect(counter(w, 'dom_upg_process')).toBe(1);
    expect(w.links.linkRole[s]).toBe(OEM);

    // design capability for ODM: the link's role (trading company tolerates design) and the home role rise above OEM
    w.firms.cap[i * K + DESIGN] = w.params.roles.odm_design + 0.05;
    w.firms.grade[i * K + DESIGN] = Math.floor(w.firms.cap[i * K + DESIGN] / w.params.events.step);
    w.log.clear();
    w.counters.fill(0);
    upgradingPhase(w, ctx);
    const next = w.events.filter((e) => e.firm === w.firms.firmUid[i]);
    expect(next.map((e) => e.kind).sort()).toEqual(['dom_upg_functional', 'upg_functional']);
    expect(w.links.linkRole[s]).toBe(ODM);
    expect(counter(w, 'dom_upg_functional')).toBeGreaterThanOrEqual(1);

    // and back down: capabilities fall below OEM; the link and home fall to OEA in one step each (ODM→OEA crosses OEM:
    // counted once, as functional, the larger change)
    for (let k = 0; k < K; k++) w.firms.cap[i * K + k] = 0.05;
    for (let k = 0; k < K; k++) w.firms.grade[i * K + k] = Math.floor(w.firms.cap[i * K + k] / w.params.events.step);
    w.log.clear();
    upgradingPhase(w, ctx);
    const down = w.events.filter((e) => e.firm === w.firms.firmUid[i]);
    expect(down.map((e) => e.kind).sort()).toEqual(['dng_functional', 'dom_dng_functional']);
    expect(down.find((e) => e.kind === 'dng_functional')?.detail).toMatch(/^ODM->OEA/);
  });

  it('a process capability crossing the OEM threshold from below counts one upg_process, however many links follow', () => {
    const { w, ctx } = setup();
    const i = 0;
    const L = w.links.maxLinks;
    for (let j = 0; j < L; j++) if (w.links.linkBuyer[i * L + j] >= 0) w.dropLink(i * L + j);
    const s0 = addLink(w, 0, i, MARKET);
    const s1 = addLink(w, 1, i, MARKET);
    w.links.linkRole[s0] = OEA;
    w.links.linkRole[s1] = OEA;
    w.firms.domesticRole[i] = OEA;
    for (let k = 0; k < K; k++) w.firms.cap[i * K + k] = 0.1;
    for (let k = 0; k < K; k++) w.firms.grade[i * K + k] = Math.floor(w.firms.cap[i * K + k] / w.params.events.step);
    w.firms.grade[i * K + PROCESS] = Math.floor((w.params.roles.oem_process - 0.01) / w.params.events.step);
    w.firms.cap[i * K + PROCESS] = w.params.roles.oem_process + 0.001;
    w.firms.effort[i] = 0.05;
    w.log.clear();
    w.counters.fill(0);
    upgradingPhase(w, ctx);
    const mine = w.events.filter((e) => e.firm === w.firms.firmUid[i]);
    expect(mine.filter((e) => e.kind === 'upg_process')).toHaveLength(1);
    expect(mine.filter((e) => e.kind === 'role_oem')).toHaveLength(2);
    expect(counter(w, 'upg_process')).toBe(1);
  });

  it('every tick row has the dom_* columns', () => {
    const sim = new Simulation(smallScenario(), { seed: 3, ticks: 3 });
    const rows = sim.run();
    for (const k of ['dom_upg_process', 'dom_upg_functional', 'dom_dng_process', 'dom_dng_functional']) expect(Object.keys(rows[0])).toContain(k);
  });
});
