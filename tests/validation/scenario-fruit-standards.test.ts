// Validation of the shipped scenario scenarios/fruit-standards.yaml: the São
// Francisco valley fruit growers (Humphrey & Schmitz 2000 §3 and §4.3,
// half-channel marketing; seed-001 notes case 6, R11, U5, U6, V15).
//
// Three arms run once per seed in beforeAll (20 seeds, paired: the same
// seeds in every arm): the shipped file (base), the variant no-agency
// (certification and training removed) and the variant no-collective-action
// (joint-action programme removed, low trust and association). Statistics
// are read from ticks.csv rows of petrolina over the ticks from the standard's
// rise (the scenario's standard shock) to the horizon:
// - excluded: sum of exclusion events;
// - links: mean number of buyer links;
// - share: mean over ticks of petrolina's links / all links of the agents;
// - cap_process, reputation: means;
// - competence: the buyer-assessed competence of the mean firm (governance
//   capability_weights applied to the mean capabilities; competence is linear
//   in the capabilities, so this is the mean firm competence).
// Each comparison asserts the paired 95% CI of base − variant excludes zero on
// the predicted side.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapAsync } from './ensemble.js';
import { loadScenario, pairedCI, runRows, windowStat, type CI, type Scenario, type TickRow } from '../../src/index.js';

const FILE = fileURLToPath(new URL('../../scenarios/fruit-standards.yaml', import.meta.url));
const SEEDS = Array.from({ length: 20 }, (_, k) => 1000 + k);
const VALLEY = 'petrolina';
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;

type Arm = 'base' | 'noAgency' | 'noCollective';

describe('São Francisco valley fruit, Brazil (Humphrey & Schmitz 2000 §3, §4.3: half-channel chain, standards met by collective action and a public agency): scenarios/fruit-standards.yaml', () => {
  const rows = {} as Record<Arm, TickRow[][]>;
  let from = 0;
  let to = 0;
  let weights: number[] = [];

  beforeAll(async () => {
    const base = loadScenario(FILE).scenario;
    from = base.world.shocks.find((s) => s.kind === 'standard')!.tick;
    to = base.ticks;
    weights = base.params.governance.capability_weights;
    const arms: Record<Arm, Scenario> = {
      base,
      noAgency: loadScenario(FILE, [], 'no-agency').scenario,
      noCollective: loadScenario(FILE, [], 'no-collective-action').scenario,
    };
    for (const a of Object.keys(arms) as Arm[]) rows[a] = await mapAsync(SEEDS, (s) => runRows(arms[a], s));
  });

  const col = (a: Arm, column: 'excluded' | 'links' | 'cap_process' | 'reputation', how: 'mean' | 'sum' = 'mean'): number[] =>
    rows[a].map((r) => windowStat(r, { column, cluster: VALLEY, from, to, how }));
  const share = (a: Arm): number[] =>
    rows[a].map((r) => {
      const s: number[] = [];
      for (let t = from; t <= to; t++) {
        const at = r.filter((x) => x.tick === t);
        const all = at.reduce((acc, x) => acc + ((x.links as number) ?? 0), 0);
        const own = at.find((x) => x.cluster === VALLEY)?.links as number;
        if (all > 0) s.push(own / all);
      }
      return s.reduce((x, y) => x + y, 0) / s.length;
    });
  const competence = (a: Arm): number[] =>
    rows[a].map((r) => {
      const sw = weights.reduce((x, y) => x + y, 0);
      const caps = (['cap_process', 'cap_product', 'cap_design', 'cap_marketing'] as const).map((c) => windowStat(r, { column: c, cluster: VALLEY, from, to }));
      return caps.reduce((acc, v, k) => acc + weights[k] * v, 0) / sw;
    });

  it('design: the half-channel agents govern nothing — every petrolina link is arm’s-length market in both arms (§3: governance "albeit not between firms in the chain")', () => {
    for (const a of ['base', 'noAgency'] as Arm[]) {
      let nonMarket = 0;
      for (const r of rows[a]) for (const x of r) if (x.cluster === VALLEY && (x.links as number) > 0 && (x.gov_market as number) < 1) nonMarket++;
      expect(nonMarket, `${a}: ticks with non-market links`).toBe(0);
    }
  });

  it('(a) Humphrey & Schmitz 2000 §3, §4.3: with the public agency (certification, training) fewer growers are excluded when the standard rises', () => {
    const d = pairedCI(col('base', 'excluded', 'sum'), col('noAgency', 'excluded', 'sum'));
    console.info(`Fruit (a) exclusions ticks ${from}–${to}, base − no-agency: ${fmt(d)}`);
    expect(d.hi, `exclusions ${fmt(d)}`).toBeLessThan(0);
  });

  it('(a) Humphrey & Schmitz 2000 §4.3: with the agency more growers stay linked to the agents and the valley holds a larger share of the agents’ links', () => {
    const links = pairedCI(col('base', 'links'), col('noAgency', 'links'));
    const sh = pairedCI(share('base'), share('noAgency'));
    console.info(`Fruit (a) links ticks ${from}–${to}, base − no-agency: ${fmt(links)}; share of the agents' links: ${fmt(sh)}`);
    expect(links.lo, `links ${fmt(links)}`).toBeGreaterThan(0);
    expect(sh.lo, `share ${fmt(sh)}`).toBeGreaterThan(0);
  });

  it('(a) Humphrey & Schmitz 2000 §4.3 (U5, U6): the agency substitutes for buyer help — higher process capability than without it', () => {
    const d = pairedCI(col('base', 'cap_process'), col('noAgency', 'cap_process'));
    console.info(`Fruit (a) cap_process ticks ${from}–${to}, base − no-agency: ${fmt(d)}`);
    expect(d.lo, `cap_process ${fmt(d)}`).toBeGreaterThan(0);
  });

  it('(b) Humphrey & Schmitz 2000 §3, §4.3: growers’ collective action (association, joint pest control) keeps more growers linked, with higher reputation and competence', () => {
    const links = pairedCI(col('base', 'links'), col('noCollective', 'links'));
    const rep = pairedCI(col('base', 'reputation'), col('noCollective', 'reputation'));
    const comp = pairedCI(competence('base'), competence('noCollective'));
    console.info(`Fruit (b) ticks ${from}–${to}, base − no-collective-action: links ${fmt(links)}; reputation ${fmt(rep)}; competence ${fmt(comp)}`);
    expect(links.lo, `links ${fmt(links)}`).toBeGreaterThan(0);
    expect(rep.lo, `reputation ${fmt(rep)}`).toBeGreaterThan(0);
    expect(comp.lo, `competence ${fmt(comp)}`).toBeGreaterThan(0);
  });
});
