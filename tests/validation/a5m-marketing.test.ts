// Pattern test for joint marketing (Kaplinsky 2015 §3d, Table 4; Humphrey &
// Schmitz 2000 §4.1; ODD §7.10; GVC-scholar review finding 8): marketing
// joint action raises buyer attraction against none.
//
// Statistics, fixed before the runs (fixture a5m-marketing.yaml: two alike
// clusters of 80 firms, the district with a marketing programme, 30 ticks, 30
// paired seeds): the district's `export_units` and its `links` (buyer links)
// summed over ticks 5–30, switches.joint_marketing on − off. Channel: members
// pay dues (money.ts); the pooled budget (the members' share of the cluster's
// revenue) raises the cluster's reputation, which buyers read when they scout
// (reach.ts) and when they judge a supplier's competence (governance.ts). No
// rule writes export units or links. Knockout (upstream, the buyers' channel):
// switches.reputation off, so buyers no longer read reputation; marketing
// must then not raise export units (its dues remain, so it may lower them).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, mapAsync, pairedCI, runOnce, scenario, type CI } from './ensemble.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/a5m-marketing.yaml', import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(1)} [${ci.lo.toFixed(1)}, ${ci.hi.toFixed(1)}]`;
const FROM = 5;
const seeds = SEEDS(30);

interface Run {
  units: number;
  links: number;
}

function run(sets: string[], seed: number): Run {
  const { rows } = runOnce(scenario(FIXTURE, sets), seed, { events: false });
  let units = 0;
  let links = 0;
  for (const r of rows) {
    if ((r.tick as number) < FROM || r.cluster !== 'district') continue;
    units += r.export_units as number;
    links += r.links as number;
  }
  return { units, links };
}

async function contrast(sets: string[]): Promise<{ units: CI; links: CI; mean: number }> {
  const on = await mapAsync(seeds, (s) => run(sets, s));
  const off = await mapAsync(seeds, (s) => run([...sets, 'params.switches.joint_marketing=false'], s));
  const ci = (k: keyof Run) =>
    pairedCI(
      on.map((r) => r[k]),
      off.map((r) => r[k]),
    );
  return { units: ci('units'), links: ci('links'), mean: off.reduce((a, r) => a + r.units, 0) / off.length };
}

describe('Joint marketing (Kaplinsky 2015 §3d): pooled marketing raises buyer attraction', () => {
  let base: Awaited<ReturnType<typeof contrast>>;
  let knock: Awaited<ReturnType<typeof contrast>>;
  beforeAll(async () => {
    base = await contrast([]);
    knock = await contrast(['params.switches.reputation=false']);
    console.info(
      `A5m ticks ${FROM}–30, joint marketing on − off: district export units ${fmt(base.units)} (off ${base.mean.toFixed(0)}), link-ticks ${fmt(base.links)}; ` +
        `knockout (reputation off): export units ${fmt(knock.units)}, link-ticks ${fmt(knock.links)}`,
    );
  });

  it('marketing joint action raises the district’s export units', () => {
    expect(base.units.lo, `export units on − off ${fmt(base.units)}`).toBeGreaterThan(0);
  });

  it('knockout: when buyers do not read reputation, marketing joint action does not raise export units', () => {
    expect(knock.units.lo, `knockout ${fmt(knock.units)}`).toBeLessThanOrEqual(0);
  });
});
