// Validation of the shipped scenario scenarios/smart-specialisation.yaml: a
// declining textile cluster given related-diversification support
// (Gancarczyk & Bohatkiewicz 2018 §Policy P3, P4 and Table 1; EU clusters in
// GVCs 2018 §I.2; notes seeds-000-002-004.md pattern V7: "S3 / related
// branching raises renewal probability versus no policy").
//
// Three arms run once per seed in beforeAll (20 seeds, paired): the shipped
// file (base: smart_specialisation + matchmaking from tick 12), the variant
// no-support (both removed) and the variant no-smart (only the
// smart-specialisation instrument removed). Per run, for the cluster town,
// over the ticks from the support's start to the horizon:
// - upgChain: sum of upg_chain events (firms entering another chain by their
//   own decision, paying a cost that smart specialisation halves);
// - nearServed: town firms alive at the horizon that have entered or served
//   the near chain (world.chainServed: set on an own entry or an order);
// - nearFirms: distinct town firms that held an order from a near-chain
//   buyer at some tick of the window (a firm is its slot and birth tick);
// - nearLinks: mean number of town links with near-chain buyers;
// - decline, newCycle: ticks classified decline, and renewal or growth.
// What drives what (checked when calibrating, and by comparison (b)): the
// S3 instrument raises chain entry and orders in the near chain; the stage
// effect comes from matchmaking's external ties, which make the declining
// cluster's networks open (openness is one of the life-cycle classifier's two
// renewal markers, Table 1 "strong networks sourcing external knowledge"),
// so that it passes to renewal as soon as its firm count stops falling. The
// S3 instrument alone does not change the stages here (no-smart − base stage
// differences are not significant); diversification does not raise the
// firm count enough to move the classifier, which reads firm-count growth,
// technological variety and openness only.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapAsync } from './ensemble.js';
import { Simulation, loadScenario, pairedCI, type CI, type Scenario } from '../../src/index.js';

const FILE = fileURLToPath(new URL('../../scenarios/smart-specialisation.yaml', import.meta.url));
const SEEDS = Array.from({ length: 20 }, (_, k) => 1000 + k);
const TOWN = 'town';
const NEAR = 'technical';
const fmt = (ci: CI): string => `${ci.diff.toFixed(3)} [${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}]`;

interface Run {
  upgChain: number;
  nearServed: number;
  nearLinks: number;
  nearFirms: number;
  decline: number;
  newCycle: number;
  /** Whether town was classified in decline at some tick after the shock. */
  declined: boolean;
}

function run(sc: Scenario, seed: number, from: number): Run {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const c = w.clusters.clusterIds.indexOf(TOWN);
  const ch = w.chains.chainIds.indexOf(NEAR);
  const out: Run = { upgChain: 0, nearServed: 0, nearLinks: 0, nearFirms: 0, decline: 0, newCycle: 0, declined: false };
  const firms = new Set<string>();
  let ticks = 0;
  while (!sim.done) {
    const r = sim.step();
    const row = r.rows?.find((x) => x.cluster === TOWN);
    if (row?.stage === 'decline') out.declined = true;
    if (r.tick < from || !row) continue;
    ticks++;
    out.upgChain += row.upg_chain as number;
    if (row.stage === 'decline') out.decline++;
    if (row.stage === 'renewal' || row.stage === 'growth') out.newCycle++;
    for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
      if (!w.firms.alive[i]) continue;
      for (let j = 0; j < w.links.maxLinks; j++) {
        const b = w.links.linkBuyer[i * w.links.maxLinks + j];
        if (b >= 0 && w.buyers.buyerChain[b] === ch) {
          out.nearLinks++;
          firms.add(`${i}@${w.firms.born[i]}`);
        }
      }
    }
  }
  out.nearLinks /= ticks;
  out.nearFirms = firms.size;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) if (w.firms.alive[i] && (w.firms.chainServed[i] >>> ch) & 1) out.nearServed++;
  return out;
}

type Arm = 'base' | 'none' | 'noSmart';

describe('Smart specialisation in a declining cluster (Gancarczyk & Bohatkiewicz 2018 §Policy P3–P4, Table 1; EU clusters in GVCs 2018 §I.2): scenarios/smart-specialisation.yaml', () => {
  const runs = {} as Record<Arm, Run[]>;
  let from = 0;
  let to = 0;

  beforeAll(async () => {
    const base = loadScenario(FILE).scenario;
    from = base.world.policies[0].start;
    to = base.ticks;
    const arms: Record<Arm, Scenario> = {
      base,
      none: loadScenario(FILE, [], 'no-support').scenario,
      noSmart: loadScenario(FILE, [], 'no-smart').scenario,
    };
    for (const a of Object.keys(arms) as Arm[]) runs[a] = await mapAsync(SEEDS, (s) => run(arms[a], s, from));
  });

  const ci = (a: Arm, b: Arm, k: keyof Omit<Run, 'declined'>): CI => pairedCI(runs[a].map((r) => r[k]), runs[b].map((r) => r[k]));

  // Failed with bargained prices alone (issue 9 item 1: the appreciation was passed on in prices, so the town never
  // declined); holds again since money (item 3): fixed costs turn the squeeze into losses, and insolvent firms exit.
  it('design: the shocked cluster declines — town is classified in decline in every run, with or without support', () => {
    for (const a of ['base', 'none'] as Arm[]) expect(runs[a].every((r) => r.declined), `${a}: every run visits decline`).toBe(true);
  });

  it('(a) Gancarczyk & Bohatkiewicz 2018 P3: with S3 support more firms branch into the related (near) chain — more upg_chain events, more firms that have entered it, more orders in it and more firms holding them', () => {
    const upg = ci('base', 'none', 'upgChain');
    const served = ci('base', 'none', 'nearServed');
    const links = ci('base', 'none', 'nearLinks');
    const withOrders = ci('base', 'none', 'nearFirms');
    console.info(
      `S3 (a) ticks ${from}–${to}, base − no-support: upg_chain ${fmt(upg)}; firms that entered or served the near chain ${fmt(served)}; near-chain links ${fmt(links)}; distinct firms with near-chain orders ${fmt(withOrders)}`,
    );
    expect(upg.lo, `upg_chain ${fmt(upg)}`).toBeGreaterThan(0);
    expect(served.lo, `near-chain firms ${fmt(served)}`).toBeGreaterThan(0);
    expect(links.lo, `near-chain links ${fmt(links)}`).toBeGreaterThan(0);
    expect(withOrders.lo, `firms with near-chain orders ${fmt(withOrders)}`).toBeGreaterThan(0);
  });

  // Failed with bargained prices alone (no decline, so no new cycle); holds again since money (issue 9 item 3):
  // decline ticks −14.1 [−18.1, −10.1], renewal or growth ticks +15.7 [12.4, 18.9] (20 seeds).
  it('(a) Gancarczyk & Bohatkiewicz 2018 Table 1, P3–P4 (V7): with support the declining cluster starts a new cycle — fewer ticks in decline, more in renewal or growth', () => {
    const dec = ci('base', 'none', 'decline');
    const cyc = ci('base', 'none', 'newCycle');
    console.info(`S3 (a) ticks ${from}–${to}, base − no-support: decline ticks ${fmt(dec)}; renewal or growth ticks ${fmt(cyc)}`);
    expect(dec.hi, `decline ticks ${fmt(dec)}`).toBeLessThan(0);
    expect(cyc.lo, `renewal/growth ticks ${fmt(cyc)}`).toBeGreaterThan(0);
  });

  it('(b) Gancarczyk & Bohatkiewicz 2018 P3: the smart-specialisation instrument itself (cheaper entry into the near chain) raises chain upgrading and the firms that have entered the near chain', () => {
    const upg = ci('base', 'noSmart', 'upgChain');
    const served = ci('base', 'noSmart', 'nearServed');
    const links = ci('base', 'noSmart', 'nearLinks');
    const dec = ci('base', 'noSmart', 'decline');
    console.info(
      `S3 (b) ticks ${from}–${to}, base − no-smart: upg_chain ${fmt(upg)}; firms that entered or served the near chain ${fmt(served)}; not asserted: near-chain links ${fmt(links)}, decline ticks ${fmt(dec)}`,
    );
    expect(upg.lo, `upg_chain ${fmt(upg)}`).toBeGreaterThan(0);
    expect(served.lo, `near-chain firms ${fmt(served)}`).toBeGreaterThan(0);
  });
});
