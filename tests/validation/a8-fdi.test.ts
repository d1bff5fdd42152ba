// Issue 9 item 8: FDI brings a lead firm that sources locally, and long-term
// links to it raise transfer. Meant as a WIRING test: the contract-transfer
// term of learning.ts writes a gain into exactly the firms measured here (the
// foreign firm's local contractors), and the knockout removes that term. As
// first run, the knockout leaves the effect in place (see the it.fails below),
// so the measured effect is not (mainly) the written rule. What the test adds over the unit
// tests is that the whole chain runs at default parameters in a full world:
// the programme brings the firm → the firm signs local-content contracts with
// its SME ties (outsourcing.ts) → the contracts age → its contractors learn.
//
// Design (fixed in advance; default parameters; 30 paired seeds): a valley of
// 120 firms (room for 160) and a rival cluster abroad of 40, the baseline's
// kind of buyers (two global lead firms, two trading companies) and one
// dormant global lead buyer, the parent. FDI arm: a national FDI programme on
// the valley from tick 5, intensity 1 (one foreign lead firm). Control: no
// programme. Both arms are the same world up to tick 4, so the initial firms
// (ids below the valley's and rival's initial count) pair by id.
// Statistic per seed: over the initial valley firms that hold a local-content
// contract with the foreign firm at any tick of the FDI arm and are alive at
// the horizon (tick 40) in both arms, the mean gain in process capability
// from tick 5 to 40, FDI arm − control. Knockout (upstream of the outcome):
// `learning.contract_transfer` 0 in both arms; the FDI firm still arrives,
// contracts and pays its contractors, so what remains is the money channel
// (contract revenue → investment) and selection.
import { beforeAll, describe, expect, it } from 'vitest';
import { K, PROCESS, Simulation, scenarioFrom, type Scenario } from '../../src/index.js';
import { ContractStore } from '../../src/model/state/contracts.js';
import { SEEDS, mapAsync, pairedCI, type CI } from './ensemble.js';

const SL = ContractStore.SLOTS;
const START = 5;
const H = 40;
const fmt = (ci: CI): string => `${ci.diff.toPrecision(3)} [${ci.lo.toPrecision(3)}, ${ci.hi.toPrecision(3)}]`;

function world(fdi: boolean, params: Record<string, unknown> = {}): Scenario {
  return scenarioFrom(
    {
      name: fdi ? 'a8-fdi' : 'a8-control',
      seed: 1,
      ticks: H,
      world: {
        countries: [{ id: 'home' }, { id: 'abroad' }],
        chains: [{ id: 'c', complexity: 0.6, codifiability: 0.5, standard: 0.45 }],
        clusters: [
          { id: 'valley', country: 'home', firms: 120, capacity: 160, wage: 0.1, lead_firms: 2, ties: 4, tie_window: 10, external_ties: 2 },
          { id: 'rival', country: 'abroad', firms: 40, wage: 0.1, lead_firms: 1, ties: 4, tie_window: 10, external_ties: 2 },
        ],
        buyers: [
          { id: 'lead', type: 'global_lead', chain: 'c', count: 2 },
          { id: 'trader', type: 'trading_company', chain: 'c', count: 2 },
          { id: 'parent', type: 'global_lead', chain: 'c', count: 1, arrival: 100000 },
        ],
        policies: fdi ? [{ instrument: 'fdi', level: 'national', clusters: ['valley'], start: START, end: H, intensity: 1 }] : [],
      },
      params,
    },
    'a8-fdi',
  );
}

const N0 = 160; // initial firms of both clusters (ids 0..159)

interface Run {
  /** Process capability of each initial firm id at START and at H (NaN if not alive). */
  c0: Float64Array;
  c1: Float64Array;
  contractors: Set<number>;
}

function run(sc: Scenario, seed: number): Run {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const c0 = new Float64Array(N0).fill(NaN);
  const c1 = new Float64Array(N0).fill(NaN);
  const contractors = new Set<number>();
  const read = (out: Float64Array) => {
    for (let i = 0; i < w.firms.N; i++) {
      const id = w.firms.firmUid[i];
      if (w.firms.alive[i] && id >= 0 && id < N0) out[id] = w.firms.cap[i * K + PROCESS];
    }
  };
  for (let t = 1; t <= H; t++) {
    sim.step();
    if (t === START - 1) read(c0); // the state the programme meets
    for (let i = 0; i < w.firms.N; i++) {
      if (!w.firms.alive[i] || !w.firms.foreign[i]) continue;
      for (let k = 0; k < SL; k++) {
        const s = i * SL + k;
        const j = w.contracts.contractor[s];
        if (j >= 0 && w.contracts.committed[s] && w.firms.firmUid[j] < N0) contractors.add(w.firms.firmUid[j]);
      }
    }
  }
  read(c1);
  return { c0, c1, contractors };
}

/** Per seed: mean process gain of the FDI arm's local contractors (alive in both arms at H), FDI arm and control. */
async function contrast(params: Record<string, unknown>): Promise<{ arm: number[]; control: number[]; n: number[] }> {
  const seeds = SEEDS(30);
  const a = world(true, params);
  const b = world(false, params);
  const res = await mapAsync(seeds, (seed) => {
    const x = run(a, seed);
    const y = run(b, seed);
    let sa = 0;
    let sb = 0;
    let n = 0;
    for (const id of x.contractors) {
      const da = x.c1[id] - x.c0[id];
      const db = y.c1[id] - y.c0[id];
      if (!(da === da) || !(db === db)) continue;
      sa += da;
      sb += db;
      n++;
    }
    return { arm: n > 0 ? sa / n : NaN, control: n > 0 ? sb / n : NaN, n };
  });
  const ok = res.filter((r) => r.n > 0);
  return { arm: ok.map((r) => r.arm), control: ok.map((r) => r.control), n: res.map((r) => r.n) };
}

describe('issue 9 line 8: FDI raises its local contractors’ capability growth (30 paired seeds)', () => {
  let ciOn: CI;
  let ciOff: CI;
  let seedsWith = 0;
  beforeAll(async () => {
    const on = await contrast({});
    ciOn = pairedCI(on.arm, on.control);
    seedsWith = on.arm.length;
    const off = await contrast({ learning: { contract_transfer: [0, 0, 0, 0] } });
    ciOff = pairedCI(off.arm, off.control);
    console.log(`a8: contractors per seed ${on.n.join(' ')}; seeds with contractors ${on.arm.length}`);
    console.log(`a8: process gain of the FDI firm's local contractors, FDI − control: ${fmt(ciOn)} (control mean ${(on.control.reduce((s, v) => s + v, 0) / on.control.length).toFixed(4)})`);
    console.log(`a8: knockout contract_transfer 0: ${fmt(ciOff)}`);
  }, 600_000);

  // Held at 6c3cf71 (0.0558 [0.0156, 0.0960]), failed on the tree that merged own brand and the per-mode switching
  // cost (0.0429 [−0.0041, 0.0900]) and holds again after the joint-action mend (jam2) merged (2026-12-07): 0.0420
  // [0.0062, 0.0779]. Not tuned; the CI is wide (1–3 contractors a seed), so the status is fragile (CHANGELOG, ODD §1).
  // FAILS again (2026-12-07, with the observed leakage net of the reader's other gains; not tuned; CHANGELOG, ODD §1), on its precondition: only 23 seeds have contractors (the test asks for 25); among them
  // FDI − control 0.0392 [0.0165, 0.0618], knockout 0.0420 [0.0189, 0.0652]. Re-marked, not tuned.
  // HOLDS again (2026-12-07, int3: buyers' final demand merged with the jam2 + leak main; not tuned; CHANGELOG, ODD §1): 25 seeds with contractors; FDI − control 0.0544
  // [0.0293, 0.0795] (control mean 0.3349). Un-marked. The knockout (contract_transfer 0) is 0.0545 [0.0298, 0.0791]:
  // the gain does not come through the contract-transfer channel (reported; see the knockout test).
  // FAILS again on its precondition (2026-12-07, joint action's third mend: matched means, binding membership, κ against its norm; not tuned; CHANGELOG, ODD §1): 24 seeds with contractors (the test
  // asks for 25); among them 0.0665 [0.0328, 0.1000], knockout 0.0814 [0.0440, 0.1190].
  it.fails('FDI − control > 0 for the contractors’ process gain, ticks 5–40', () => {
    expect(seedsWith).toBeGreaterThanOrEqual(25);
    expect(ciOn.lo).toBeGreaterThan(0);
  });

  // Fails when first run (reported, not tuned; CHANGELOG, ODD §1): with contract_transfer 0 the effect stays,
  // 0.0523 [0.0163, 0.0883] against 0.0538 [0.0175, 0.0902] with it. Contract transfer adds about 0.002 of the 0.054;
  // the rest comes through other channels the FDI firm opens (contract revenue and investment, ties of its SMEs to its
  // place, selection of the capable SMEs it contracts), not yet separated by a knockout.
  it.fails('the knockout, contract_transfer 0, removes it', () => {
    expect(ciOff.lo).toBeLessThanOrEqual(0);
  });
});
