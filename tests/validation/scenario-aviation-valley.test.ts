// Validation of the shipped scenario scenarios/aviation-valley.yaml: Aviation
// Valley, Podkarpackie, Poland (EU clusters in GVCs 2018, seed 002, §Coop:
// vertical integration of companies, scientific units and R&D brings
// cross-sectoral co-operation and emerging industries, E7, E8; notes
// seeds-000-002-004.md SF002-3, V13).
//
// Two arms run once per seed in beforeAll (20 seeds, paired): the shipped
// file (base: vertical co-operation valley–labs from its start tick) and the
// variant no-integration (the co-operation never starts). Per run, over the
// ticks from the co-operation's start to the horizon, for the manufacturing
// cluster (valley):
// - spaceLinks: mean number of valley buyer links held with space-chain
//   buyers (cross-sectoral orders in the emerging industry);
// - spaceFirms: distinct valley firms that held an order from a space-chain
//   buyer at some tick of the window (a firm is its slot and birth tick);
// - openness, cap_design, cap_product: ticks.csv means.
// `upg_chain` is not used: the model counts it only for a firm's own entry
// decision, and vertical co-operation opens the partner's chains without that
// event (see the scenario header).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapAsync } from './ensemble.js';
import { Simulation, loadScenario, pairedCI, windowStat, type CI, type Scenario, type TickRow } from '../../src/index.js';

const FILE = fileURLToPath(new URL('../../scenarios/aviation-valley.yaml', import.meta.url));
const SEEDS = Array.from({ length: 20 }, (_, k) => 1000 + k);
const VALLEY = 'valley';
const SECOND = 'space';
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;

interface Run {
  rows: TickRow[];
  spaceLinks: number;
  spaceFirms: number;
}

function run(sc: Scenario, seed: number, from: number): Run {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const c = w.clusters.clusterIds.indexOf(VALLEY);
  const ch = w.chains.chainIds.indexOf(SECOND);
  const rows: TickRow[] = [...sim.metrics()];
  const links: number[] = [];
  const firms = new Set<string>();
  while (!sim.done) {
    const r = sim.step();
    if (r.rows) rows.push(...r.rows);
    if (r.tick < from) continue;
    let n = 0;
    for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
      if (!w.firms.alive[i]) continue;
      for (let j = 0; j < w.links.maxLinks; j++) {
        const b = w.links.linkBuyer[i * w.links.maxLinks + j];
        if (b >= 0 && w.buyers.buyerChain[b] === ch) {
          n++;
          firms.add(`${i}@${w.firms.born[i]}`);
        }
      }
    }
    links.push(n);
  }
  return { rows, spaceLinks: links.reduce((a, b) => a + b, 0) / links.length, spaceFirms: firms.size };
}

describe('Aviation Valley, Poland (EU clusters in GVCs 2018 §Coop: vertical integration of firms, research units and R&D): scenarios/aviation-valley.yaml', () => {
  const runs = {} as Record<'base' | 'none', Run[]>;
  let from = 0;
  let to = 0;

  beforeAll(async () => {
    const base = loadScenario(FILE).scenario;
    from = base.world.cooperation[0].start;
    to = base.ticks;
    const none = loadScenario(FILE, [], 'no-integration').scenario;
    runs.base = await mapAsync(SEEDS, (s) => run(base, s, from));
    runs.none = await mapAsync(SEEDS, (s) => run(none, s, from));
  });

  const col = (a: 'base' | 'none', column: 'openness' | 'cap_design' | 'cap_product'): number[] =>
    runs[a].map((r) => windowStat(r.rows, { column, cluster: VALLEY, from, to }));

  it('design: the co-operation is vertical between two segments of one region (one country), and the second chain is producer-driven like the first', () => {
    const sc = loadScenario(FILE).scenario;
    const [a, b] = [sc.world.clusters.find((c) => c.id === VALLEY)!, sc.world.clusters.find((c) => c.id === sc.world.cooperation[0].b)!];
    expect(sc.world.cooperation[0].kind).toBe('vertical');
    expect(a.country).toBe(b.country);
    expect(sc.world.chains.every((c) => c.driver === 'producer')).toBe(true);
  });

  it('EU clusters in GVCs 2018 §Coop (E8): vertical integration brings cross-sectoral entry — more valley orders in the related (space) chain and more valley firms that hold such orders', () => {
    const links = pairedCI(runs.base.map((r) => r.spaceLinks), runs.none.map((r) => r.spaceLinks));
    const served = pairedCI(runs.base.map((r) => r.spaceFirms), runs.none.map((r) => r.spaceFirms));
    console.info(`Aviation Valley: valley links in the space chain, ticks ${from}–${to}, base − no-integration: ${fmt(links)}; distinct valley firms with space orders: ${fmt(served)}`);
    expect(links.lo, `space links ${fmt(links)}`).toBeGreaterThan(0);
    expect(served.lo, `space firms ${fmt(served)}`).toBeGreaterThan(0);
  });

  it('EU clusters in GVCs 2018 §Coop (E7), §Concl (E10): integration with research units opens the valley’s networks and raises its design and product capability', () => {
    const open = pairedCI(col('base', 'openness'), col('none', 'openness'));
    const design = pairedCI(col('base', 'cap_design'), col('none', 'cap_design'));
    const product = pairedCI(col('base', 'cap_product'), col('none', 'cap_product'));
    console.info(`Aviation Valley, ticks ${from}–${to}, base − no-integration: openness ${fmt(open)}; cap_design ${fmt(design)}; cap_product ${fmt(product)}`);
    expect(open.lo, `openness ${fmt(open)}`).toBeGreaterThan(0);
    expect(design.lo, `cap_design ${fmt(design)}`).toBeGreaterThan(0);
    expect(product.lo, `cap_product ${fmt(product)}`).toBeGreaterThan(0);
  });
});
