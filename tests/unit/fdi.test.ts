// Wiring tests of FDI (fdi.ts, its local-content contracts in outsourcing.ts)
// and of contract transfer (learning.ts contractTransfer; issue 9 item 8) on
// small hand-built states: the rules do what their headers say. Not findings.
import { describe, expect, it } from 'vitest';
import { K, LEAD, PROCESS, PRODUCT, DESIGN, SME, Simulation } from '../../src/index.js';
import { contractTransfer } from '../../src/model/mechanisms/learning.js';
import { ContractStore } from '../../src/model/state/contracts.js';
import { smallScenario } from '../helpers.js';

const SL = ContractStore.SLOTS;

/** One cluster (40 firms, room for 60) and two countries' worth of buyers; an FDI programme from tick 2 with intensity n. */
function fdiWorld(n = 1, params: Record<string, any> = {}) {
  return new Simulation(
    smallScenario((s) => {
      s.world.countries = [{ id: 'home' }, { id: 'abroad' }];
      s.world.clusters = [
        { id: 'k', country: 'home', firms: 40, ties: 4, tie_window: 10, external_ties: 3 },
        { id: 'other', country: 'abroad', firms: 20, ties: 2, tie_window: 5, external_ties: 2 },
      ];
      s.world.buyers.push({ id: 'parent', type: 'global_lead', chain: 'c', count: 2, arrival: 100000 });
      s.world.policies = [{ instrument: 'fdi', level: 'national', clusters: ['k'], start: 2, end: 20, intensity: n }];
      s.params = params;
    }),
    { seed: 11 },
  );
}

describe('FDI brings a lead firm (wiring)', () => {
  it('round(intensity) foreign lead firms arrive with their capabilities, local and external ties, and a link to a parent abroad', () => {
    const sim = fdiWorld(2);
    const w = sim.world;
    sim.step(); // tick 1: no programme yet
    expect(w.firms.foreign.reduce((a, b) => a + b, 0)).toBe(0);
    const { events } = sim.run(1, { events: true }); // tick 2: the programme starts
    const foreign = [...Array(w.firms.N).keys()].filter((i) => w.firms.foreign[i] && w.firms.alive[i]);
    expect(foreign).toHaveLength(2);
    expect(events.filter((e) => e.kind === 'fdi_entry')).toHaveLength(2);
    for (const i of foreign) {
      expect(w.firms.firmCluster[i]).toBe(0);
      expect(w.firms.status[i]).toBe(LEAD);
      expect(w.firms.sizeFactor[i]).toBe(w.params.lead_firms.size_lead);
      const snap = w.firm(i);
      expect(snap.ties.length).toBeGreaterThan(0);
      expect(snap.externalTies.length).toBeGreaterThan(0);
      // external ties reach the other cluster
      for (let t = 0; t < w.firms.extSlots; t++) {
        const j = w.firms.ext[i * w.firms.extSlots + t];
        if (j >= 0) expect(w.firms.firmCluster[j]).toBe(1);
      }
      // its parent abroad: a formerly dormant global-lead buyer
      expect(snap.links.some((l) => l.buyer.startsWith('parent'))).toBe(true);
    }
    expect([...w.buyers.buyerIds.keys()].filter((b) => w.buyers.buyerIds[b].startsWith('parent') && w.buyers.buyerActive[b])).toHaveLength(2);
    // the row counts them
    const row = sim.metrics().find((r) => r.cluster === 'k');
    expect(row?.foreign_firms).toBe(2);
  });

  it('with intensity 0 nothing arrives', () => {
    const sim = fdiWorld(0);
    sim.run(4);
    expect(sim.world.firms.foreign.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('the foreign firm contracts local SMEs under its local-content commitment (contracts, foreign_local_units)', () => {
    const sim = fdiWorld(1);
    const w = sim.world;
    const { events } = sim.run(6, { events: true });
    const i = [...Array(w.firms.N).keys()].find((x) => w.firms.foreign[x] && w.firms.alive[x]) as number;
    expect(i).toBeGreaterThanOrEqual(0);
    let committed = 0;
    let units = 0;
    for (let k = 0; k < SL; k++) {
      const s = i * SL + k;
      const j = w.contracts.contractor[s];
      if (j < 0) continue;
      if (w.contracts.committed[s]) {
        committed += w.contracts.share[s];
        expect(w.firms.status[j]).toBe(SME);
        expect(w.firms.firmCluster[j]).toBe(w.firms.firmCluster[i]);
        expect(w.firms.hasTie(i, j)).toBe(true);
      }
      units += w.contracts.units[s];
    }
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThanOrEqual(w.params.policy.fdi_local_share + 1e-12);
    expect(events.some((e) => e.kind === 'outsourcing' && e.detail.includes('local-content'))).toBe(true);
    const row = sim.metrics().find((r) => r.cluster === 'k');
    expect(row?.foreign_local_units as number).toBeGreaterThan(0);
    expect(units).toBeGreaterThan(0);
  });

  it('with fdi_local_share 0 and outsourcing off the foreign firm holds no contract', () => {
    const sim = fdiWorld(1, { policy: { fdi_local_share: 0 }, switches: { outsourcing: false } });
    sim.run(6);
    const w = sim.world;
    let n = 0;
    for (let s = 0; s < w.contracts.contractor.length; s++) if (w.contracts.contractor[s] >= 0) n++;
    expect(n).toBe(0);
  });
});

describe('contract transfer (wiring)', () => {
  /** A hand-set contract: outsourcer 0 (capable) with contractor 1, all of 1's units, at age `age`. */
  function contract(age: number, gap = 0.3) {
    const sim = fdiWorld(0);
    const w = sim.world;
    for (let k = 0; k < K; k++) {
      w.firms.cap[k] = 0.4 + gap;
      w.firms.cap[K + k] = 0.4;
    }
    w.contracts.contractor[0] = 1;
    w.contracts.contractorUid[0] = w.firms.firmUid[1];
    w.contracts.units[0] = 5;
    w.contracts.age[0] = age;
    w.firms.units[1] = 5;
    const out = new Float64Array(w.firms.N * K);
    contractTransfer(w, out);
    return { w, out };
  }

  it('rises with the contract’s age: τ_c·a/(a + h_c)·gap, process and product only', () => {
    const q = [0, 1, 4, 8, 40].map((a) => contract(a).out[K + PROCESS]);
    expect(q[0]).toBe(0);
    for (let n = 1; n < q.length; n++) expect(q[n]).toBeGreaterThan(q[n - 1]);
    const { w, out } = contract(8);
    const tau = w.params.learning.contract_transfer;
    expect(out[K + PROCESS]).toBeCloseTo(tau[PROCESS] * 0.5 * 0.3, 12);
    expect(out[K + PRODUCT]).toBeCloseTo(tau[PRODUCT] * 0.5 * 0.3, 12);
    expect(out[K + DESIGN]).toBe(0);
    // the outsourcer learns nothing from its contractor
    for (let k = 0; k < K; k++) expect(out[k]).toBe(0);
  });

  it('is zero at a zero (or negative) gap', () => {
    for (const gap of [0, -0.2]) {
      const { out } = contract(20, gap);
      for (let k = 0; k < K; k++) expect(out[K + k]).toBe(0);
    }
  });

  it('is zero with contract_transfer 0 or switches.transfer off', () => {
    for (const params of [{ learning: { contract_transfer: [0, 0, 0, 0] } }, { switches: { transfer: false } }]) {
      const sim = fdiWorld(0, params);
      const w = sim.world;
      w.firms.cap[0] = 0.9;
      w.firms.cap[K] = 0.1;
      w.contracts.contractor[0] = 1;
      w.contracts.units[0] = 5;
      w.contracts.age[0] = 20;
      w.firms.units[1] = 5;
      const out = new Float64Array(w.firms.N * K);
      contractTransfer(w, out);
      expect(out[K + PROCESS]).toBe(0);
    }
  });
});
