// Validation of the shipped scenario scenarios/ludhiana-knitwear.yaml: the
// Ludhiana woollen knitwear cluster (Humphrey & Schmitz 2000 §4.3–4.4 and
// fn 27, after Tewari 1999).
//
// Arms, each run once per seed in beforeAll on the same 20 seeds (paired):
// - base: the shipped file;
// - noDomestic: variant no-domestic-hq (no demanding domestic buyers);
// - the same two with params.switches.standards false: the knockout of
//   learning from complying with a buyer's standard, the channel through
//   which an arm's-length domestic market that demands quality builds
//   capability in this model.
// Export links are counted per tick from the world state: links of the
// small-foreign buyer group (ticks.csv `links` also counts the Soviet and
// domestic links).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapAsync } from './ensemble.js';
import { CAPTIVE, HIERARCHY, Simulation, loadScenario, mean, meanCI, pairedCI, type CI, type Scenario } from '../../src/index.js';

const FILE = fileURLToPath(new URL('../../scenarios/ludhiana-knitwear.yaml', import.meta.url));
const SEEDS = Array.from({ length: 20 }, (_, k) => 1 + k);
const EXPORT = 'small-foreign';
const DOMESTIC = 'domestic-hq';
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const positive = (ci: CI): boolean => ci.lo > 0;

interface Run {
  /** Mean number of export links per tick over the window. */
  links: number;
  /** Export link-ticks in the window that are not captive or hierarchy, as a share. */
  nonCaptive: number;
  /** Share of the window's export link-ticks held by firms that had a domestic high-quality link by the collapse. */
  heldByDomestic: number;
  /** Share of the window's firm-ticks of firms that had a domestic high-quality link by the collapse. */
  firmsDomestic: number;
  /** Cluster output in the tick before the collapse and in the collapse tick. */
  outputBefore: number;
  outputAt: number;
  /** Export links before the small foreign buyers arrive (must be 0). */
  linksBeforeArrival: number;
}

function run(sc: Scenario, seed: number, collapse: number, from: number): Run {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const exportGroup = w.buyers.buyerGroupIds.indexOf(EXPORT);
  const domesticGroup = w.buyers.buyerGroupIds.indexOf(DOMESTIC);
  const arrival = sc.world.buyers.find((b) => b.id === EXPORT)!.arrival;
  const served = new Uint8Array(w.firms.N);
  let linkTicks = 0;
  let nonCaptive = 0;
  let held = 0;
  let firmTicks = 0;
  let firmsDomestic = 0;
  let outputBefore = NaN;
  let outputAt = NaN;
  let linksBeforeArrival = 0;
  while (!sim.done) {
    const r = sim.step();
    const t = r.tick;
    if (t === collapse - 1) outputBefore = r.rows![0].output as number;
    if (t === collapse) outputAt = r.rows![0].output as number;
    for (let s = 0; s < w.firms.N * w.links.maxLinks; s++) {
      const b = w.links.linkBuyer[s];
      if (b < 0) continue;
      const i = (s / w.links.maxLinks) | 0;
      if (w.buyers.buyerGroup[b] === domesticGroup && t <= collapse) served[i] = 1;
      if (w.buyers.buyerGroup[b] !== exportGroup) continue;
      if (t < arrival) linksBeforeArrival++;
      if (t < from) continue;
      linkTicks++;
      if (w.links.linkMode[s] !== CAPTIVE && w.links.linkMode[s] !== HIERARCHY) nonCaptive++;
      // a firm born after the collapse (a new firm in a reused slot) never served the domestic market before it
      if (served[i] && w.firms.born[i] <= collapse) held++;
    }
    if (t >= from) {
      for (let i = 0; i < w.firms.N; i++) {
        if (!w.firms.alive[i]) continue;
        firmTicks++;
        if (served[i] && w.firms.born[i] <= collapse) firmsDomestic++;
      }
    }
  }
  const ticks = sc.ticks - from + 1;
  return {
    links: linkTicks / ticks,
    nonCaptive: linkTicks > 0 ? nonCaptive / linkTicks : NaN,
    heldByDomestic: linkTicks > 0 ? held / linkTicks : NaN,
    firmsDomestic: firmTicks > 0 ? firmsDomestic / firmTicks : NaN,
    outputBefore,
    outputAt,
    linksBeforeArrival,
  };
}

describe('Ludhiana woollen knitwear, India (Humphrey & Schmitz 2000 §4.3–4.4, fn 27; Tewari 1999): scenarios/ludhiana-knitwear.yaml', () => {
  type Arm = 'base' | 'noDomestic' | 'baseKnockout' | 'noDomesticKnockout';
  const runs = {} as Record<Arm, Run[]>;
  const col = (a: Arm, k: keyof Run): number[] => runs[a].map((r) => r[k]);
  let collapse = 0;
  let from = 0;

  beforeAll(async () => {
    const base = loadScenario(FILE).scenario;
    collapse = base.world.shocks.find((s) => s.kind === 'demand')!.tick;
    // from two years after the collapse to the horizon: re-entry takes time (capabilities must reach the export standard)
    from = collapse + 9;
    const knockout = ['params.switches.standards=false'];
    const arms: Record<Arm, Scenario> = {
      base,
      noDomestic: loadScenario(FILE, [], 'no-domestic-hq').scenario,
      baseKnockout: loadScenario(FILE, knockout).scenario,
      noDomesticKnockout: loadScenario(FILE, knockout, 'no-domestic-hq').scenario,
    };
    for (const a of Object.keys(arms) as Arm[]) runs[a] = await mapAsync(SEEDS, (s) => run(arms[a], s, collapse, from));
  });

  it('design: the mass (Soviet) market collapses — cluster output falls at the shock in every run — and export links to small foreign buyers appear only after it', () => {
    for (const a of ['base', 'noDomestic'] as const) {
      for (const r of runs[a]) {
        expect(r.outputAt, a).toBeLessThan(r.outputBefore);
        expect(r.linksBeforeArrival, a).toBe(0);
      }
    }
    const fall = meanCI(runs.base.map((r) => 1 - r.outputAt / r.outputBefore));
    console.info(`Ludhiana design: share of cluster output lost at the collapse ${fmt(fall)}`);
  });

  // Fails since issue 9 item 3 (money: fixed costs, thin cash reserves, insolvency exit; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: export links per tick, ticks 25–end, base − no-domestic-hq −0.57 [−1.62, 0.48] (base 8.0, no-domestic-hq 8.6).
  it.fails('Humphrey & Schmitz 2000 §4.3–4.4 (Tewari): after the collapse the cluster with a demanding domestic high-quality segment regains more export links with small foreign buyers than without it (vs variant no-domestic-hq)', () => {
    const d = pairedCI(col('base', 'links'), col('noDomestic', 'links'));
    console.info(
      `Ludhiana export links per tick, ticks ${from}–end, base − no-domestic-hq: ${fmt(d)} (base ${mean(col('base', 'links')).toFixed(1)}, no-domestic-hq ${mean(col('noDomestic', 'links')).toFixed(1)})`,
    );
    expect(positive(d), `export links base − no-domestic-hq ${fmt(d)}`).toBe(true);
  });

  it('Humphrey & Schmitz 2000 §4.4: the re-entry goes through symmetrical (non-captive) links with small foreign buyers', () => {
    const nc = meanCI(col('base', 'nonCaptive'));
    console.info(`Ludhiana non-captive share of export links, ticks ${from}–end: ${fmt(nc)}`);
    expect(nc.lo, `non-captive share ${fmt(nc)}`).toBeGreaterThan(0.9);
  });

  // FAILS (2026-12-07, with the observed leakage net of the reader's other gains; not tuned; CHANGELOG, ODD §1): held share − firm share 0.0175 [−0.0012, 0.0363] (links 0.509, firms 0.491): the sign holds, the CI
  // reaches zero. Re-marked, not tuned; not traced.
  it.fails('Humphrey & Schmitz 2000 fn 27 (Tewari): re-entry is limited to firms with capability from the demanding domestic market — they hold a larger share of export links than of firms', () => {
    const d = pairedCI(col('base', 'heldByDomestic'), col('base', 'firmsDomestic'));
    console.info(
      `Ludhiana share of export links held by firms that served the domestic high-quality market before the collapse − their share of firms: ${fmt(d)} (links ${mean(col('base', 'heldByDomestic')).toFixed(3)}, firms ${mean(col('base', 'firmsDomestic')).toFixed(3)})`,
    );
    expect(positive(d), `held share − firm share ${fmt(d)}`).toBe(true);
    expect(mean(col('base', 'heldByDomestic'))).toBeGreaterThan(0.5);
  });

  it('knockout (Kaplinsky 2015 §4d, complying with standards builds capability): without learning from the domestic buyers’ standard the demanding segment no longer brings more export links', () => {
    const d = pairedCI(col('baseKnockout', 'links'), col('noDomesticKnockout', 'links'));
    console.info(`Ludhiana knockout (switches.standards false) export links, base − no-domestic-hq: ${fmt(d)}`);
    expect(positive(d), `export links without compliance learning ${fmt(d)}`).toBe(false);
  });
});
