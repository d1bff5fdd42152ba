// Conditional test for joint marketing (Kaplinsky 2015 §3d, Table 4; Humphrey &
// Schmitz 2000 §4.1, §4.3; ODD §7.10; GVC-scholar review finding 8): marketing
// joint action raises buyer attraction against none — conditional on the
// fixture's programme, which makes projects run most ticks (a5m-marketing.yaml).
//
// jam2 (review of 2026-12-07, B2): marketing no longer buys reputation (a written
// step, added after the smoothing); it buys visibility to scouting buyers, and
// participation is a decision (room for a buyer, the fair's share × a link's
// margin against dues), so firms can free ride. Before (main 6c3cf71): export
// units 919.8 [576.3, 1263.3] on 32,863, link-ticks 45.7 [27.3, 64.0]; knockout
// reputation off −110.0 [−291.3, 71.3]. After: export units 296.9 [−106.3, 700.1]
// on 32,897 (it.fails), link-ticks 15.6 [−5.3, 36.4]; knockout visibility off
// −155.6 [−277.4, −33.8] (the dues without the fair), link-ticks −6.8 [−14.5, 0.9].
// After the programme was rescaled (S3: P 0.07 instead of 0.52, the budget pays half the
// dues): export units 33.0 [−292.5, 358.5], link-ticks 0.1 [−16.2, 16.4]; knockout −57.2
// [−187.2, 72.8].
//
// Statistics, fixed before the runs (fixture a5m-marketing.yaml: two alike
// clusters of 80 firms, the district with a marketing programme, 30 ticks, 30
// paired seeds): the district's `export_units` and its `links` (buyer links)
// summed over ticks 5–30, switches.joint_marketing on − off. Channel: members
// pay dues (money.ts); the pooled budget (the members' share of the cluster's
// revenue) makes the cluster visible to scouting buyers (reach.ts: weight
// × (1 + V), and buyers the fair brought meet members). No rule writes export
// units or links. Knockout (upstream, the buyers' channel): switches.visibility
// off, so buyers do not see the fair; marketing must then not raise export
// units (its dues remain, so it may lower them).
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
    knock = await contrast(['params.switches.visibility=false']);
    console.info(
      `A5m ticks ${FROM}–30, joint marketing on − off: district export units ${fmt(base.units)} (off ${base.mean.toFixed(0)}), link-ticks ${fmt(base.links)}; ` +
        `knockout (visibility off): export units ${fmt(knock.units)}, link-ticks ${fmt(knock.links)}`,
    );
  });

  // Fails (2026-12-07, jam2: visibility instead of reputation, participation a decision): export units on − off
  // 296.9 [-106.3, 700.1] on 32,897 — the right sign, not significant; after the programme's rescaling 33.0 [−292.5,
  // 358.5]; on main after the merge 208.9 [−51.0, 468.7] on 32,707. Re-marked, not tuned (CHANGELOG, ODD §1).
  it.fails('marketing joint action raises the district’s export units', () => {
    expect(base.units.lo, `export units on − off ${fmt(base.units)}`).toBeGreaterThan(0);
  });

  it('knockout: when buyers do not see the fair, marketing joint action does not raise export units', () => {
    expect(knock.units.lo, `knockout ${fmt(knock.units)}`).toBeLessThanOrEqual(0);
  });
});
