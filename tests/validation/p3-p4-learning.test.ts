// Validation of MODEL.md §6 patterns 3 and 4: learning, where transfer and
// blocking are separate tables (§4.2).
//
// Pattern 3 (Humphrey & Schmitz 2000 §4.2–4.3): with governance clamped,
// captive suppliers gain process capability faster early on (the buyer's
// tutelage until its standard is met), while market suppliers make more
// strategic functional moves (to ODM/OBM) by the horizon — "from own
// investment and the absence of blocking, not from transfer". Both arms have
// the same firms and the same tick-1 links (clamping changes the mode of a
// link, not which supplier a buyer scouts), so the cohort — the firms with a
// buyer link after tick 1 — is matched across arms and seeds are paired.
// Buyers tolerate supplier design and brands (fixture), so any cap on ODM/OBM
// comes from the blocking table. Knockout: params.switches.blocking: false.
// A further check shows the early process advantage is the captive transfer
// (params.switches.transfer: false removes it).
//
// Pattern 4 (Gancarczyk & Bohatkiewicz 2018 §RBV; Cohen & Levinthal 1990):
// in a captive-dominated world, a 2 × 2 design of absorptive capacity
// (cluster mean 0.15 / 0.6) × support (training + R&D policies off / on).
// Escape per run: the share of the firms whose main link after tick 1 is
// captive (and that were not yet ODM anywhere) that at the horizon have a
// non-captive main link or an ODM/OBM role on a buyer link (not at home: MODEL.md §8). Investment:
// with params.switches.own_investment: false there is no upgrading event at
// all, in any run. Knockouts: [investment] own investment off removes escape
// in every cell, so high/on no longer beats low/off; [absorptive capacity]
// switching off the absorptive-capacity multiplier on learning
// (switches.absorptive_scaling: false) removes the high/on > low/on
// difference while the arms still start at 0.15 vs 0.6.
//
// Fixtures: fixtures/p3-clamped.yaml (captive; market arm by variant()),
// fixtures/p4-lockin.yaml (the high/on cell; other cells by variant()).
// Every arm is run once, in beforeAll, and reused by the `it`s.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAPTIVE, K, ODM, PROCESS, Simulation, type Scenario, type SimEvent, type World } from '../../src/index.js';
import { SEEDS, mean, meanCI, notPositive, pairedCI, positive, scenario, variant, type CI, mapAsync } from './ensemble.js';

const fixture = (f: string): string => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const seeds = SEEDS(30);

/** Slot of firm i's main link (largest volume), or -1. */
function mainSlot(w: World, i: number): number {
  const L = w.links.maxLinks;
  let m = -1;
  for (let j = 0; j < L; j++) {
    const s = i * L + j;
    if (w.links.linkBuyer[s] >= 0 && (m < 0 || w.links.linkVolume[s] > w.links.linkVolume[m])) m = s;
  }
  return m;
}

function hasLink(w: World, i: number): boolean {
  for (let j = 0; j < w.links.maxLinks; j++) if (w.links.linkBuyer[i * w.links.maxLinks + j] >= 0) return true;
  return false;
}

/** A functional upgrading event into a strategic role (ODM or OBM) on a buyer link (home-market roles have their own kinds since issue 10). */
const STRATEGIC = /->(ODM|OBM)\b/;
const isStrategic = (e: SimEvent): boolean => e.kind === 'upg_functional' && STRATEGIC.test(e.detail);

// ---------------------------------------------------------------- pattern 3

const P3_EARLY = 12; // "early": the first 12 ticks (three years of quarters)

interface P3Run {
  /** Signature of the cohort (count and id sum), to check arms are matched. */
  cohortSize: number;
  cohortKey: number;
  /** Mean process capability gain of the cohort from tick 0 to tick P3_EARLY. */
  processGain: number;
  /** upg_process events of the cohort in ticks 1..P3_EARLY, per cohort firm. */
  earlyProcess: number;
  /** Functional upgrading events into ODM/OBM of the cohort by the horizon, per cohort firm. */
  strategic: number;
}

function p3Run(sc: Scenario, seed: number): P3Run {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const process0 = new Float64Array(w.firms.N);
  for (let i = 0; i < w.firms.N; i++) process0[i] = w.firms.cap[i * K + PROCESS];
  const first = sim.step();
  // the cohort is followed by firm id, not by storage slot: an exited firm's slot can go to an entrant (money.ts and
  // demography.ts make exits common since issue 9 item 3), and events name firms by id
  const cohortUid = new Float64Array(w.firms.N).fill(-1);
  const inCohort = new Set<number>();
  let size = 0;
  let key = 0;
  for (let i = 0; i < w.firms.N; i++) {
    if (w.firms.alive[i] && hasLink(w, i)) {
      cohortUid[i] = w.firms.firmUid[i];
      inCohort.add(w.firms.firmUid[i]);
      size++;
      key += i;
    }
  }
  let earlyProcess = 0;
  let strategic = 0;
  const count = (events: SimEvent[]): void => {
    for (const e of events) {
      if (e.firm === null || !inCohort.has(e.firm)) continue;
      if (e.kind === 'upg_process' && e.tick <= P3_EARLY) earlyProcess++;
      if (isStrategic(e)) strategic++;
    }
  };
  count(first.events);
  let processGain = NaN;
  while (!sim.done) {
    count(sim.step().events);
    if (sim.tick === P3_EARLY) {
      // mean gain of the cohort's survivors (exited firms have no capability to measure)
      let g = 0;
      let alive = 0;
      for (let i = 0; i < w.firms.N; i++) {
        if (cohortUid[i] < 0 || !w.firms.alive[i] || w.firms.firmUid[i] !== cohortUid[i]) continue;
        g += w.firms.cap[i * K + PROCESS] - process0[i];
        alive++;
      }
      processGain = alive > 0 ? g / alive : NaN;
    }
  }
  return { cohortSize: size, cohortKey: key, processGain, earlyProcess: earlyProcess / size, strategic: strategic / size };
}

describe('Pattern 3 (MODEL.md §6.3; Humphrey & Schmitz 2000 §4.2–4.3): captive learns process faster, market upgrades functionally more [blocking table]', () => {
  type Arm = 'captive' | 'market' | 'captiveNoBlocking' | 'marketNoBlocking' | 'captiveNoTransfer' | 'marketNoTransfer';
  const runs = {} as Record<Arm, P3Run[]>;
  const col = (a: Arm, k: keyof P3Run): number[] => runs[a].map((r) => r[k]);

  beforeAll(async () => {
    const captive = scenario(fixture('p3-clamped.yaml'));
    const market = variant(captive, (q) => {
      q.params.governance.clamp = 'market';
    });
    const noBlocking = (s: Scenario): Scenario =>
      variant(s, (q) => {
        q.params.switches.blocking = false;
      });
    const noTransfer = (s: Scenario): Scenario =>
      variant(s, (q) => {
        q.params.switches.transfer = false;
      });
    const arms: Record<Arm, Scenario> = {
      captive,
      market,
      captiveNoBlocking: noBlocking(captive),
      marketNoBlocking: noBlocking(market),
      captiveNoTransfer: noTransfer(captive),
      marketNoTransfer: noTransfer(market),
    };
    for (const a of Object.keys(arms) as Arm[]) runs[a] = await mapAsync(seeds, (s) => p3Run(arms[a], s));
  });

  it('pattern 3 design: both arms follow the same ≥ 50 linked firms per seed (suppliers matched on capability)', () => {
    for (const a of ['market', 'captiveNoBlocking', 'marketNoBlocking', 'captiveNoTransfer', 'marketNoTransfer'] as Arm[]) {
      expect(col(a, 'cohortKey')).toEqual(col('captive', 'cohortKey'));
      expect(col(a, 'cohortSize')).toEqual(col('captive', 'cohortSize'));
    }
    expect(Math.min(...col('captive', 'cohortSize'))).toBeGreaterThanOrEqual(50);
  });

  it('pattern 3 (Humphrey & Schmitz 2000 §3, §4.2): early upg_process events captive > market', () => {
    const gain = pairedCI(col('captive', 'processGain'), col('market', 'processGain'));
    const events = pairedCI(col('captive', 'earlyProcess'), col('market', 'earlyProcess'));
    console.info(`P3 process gain ticks 0–${P3_EARLY}, captive − market: ${fmt(gain)}; upg_process events per firm: ${fmt(events)}`);
    expect(positive(events), `early upg_process captive − market ${fmt(events)}`).toBe(true);
  });

  // Holds again since the per-mode switching cost (not tuned; CHANGELOG, ODD §1): 0.0096 [0.0069, 0.0122] (events
  // 0.1331 [0.1043, 0.1618]). Before (6c3cf71: 0.0012 [−0.0016, 0.0041]), it failed since joint action by kind: mean process gain over
  // ticks 0–12, captive − market, 0.0017 [−0.0007, 0.0042] (the events half above still holds, 0.0654 [0.0375,
  // 0.0933]). Joint action no longer saves 5% of members' labour, and its learning term now reaches only members of a
  // learning project (at default trust about 2% of ticks start one), so the process gains of both arms change; the
  // cause of the narrower captive lead was not isolated further.
  it('pattern 3 (Humphrey & Schmitz 2000 §3, §4.2): early mean process gain captive > market', () => {
    const gain = pairedCI(col('captive', 'processGain'), col('market', 'processGain'));
    expect(positive(gain), `process gain captive − market ${fmt(gain)}`).toBe(true);
  });

  it('pattern 3 (Humphrey & Schmitz 2000 §4.2–4.3): strategic functional events (to ODM/OBM) by the horizon market > captive', () => {
    const d = pairedCI(col('market', 'strategic'), col('captive', 'strategic'));
    console.info(`P3 strategic functional events per firm, market − captive: ${fmt(d)} (market ${mean(col('market', 'strategic')).toFixed(3)}, captive ${mean(col('captive', 'strategic')).toFixed(3)})`);
    expect(positive(d), `market − captive ${fmt(d)}`).toBe(true);
  });

  it('pattern 3, the early half for the right reason (Humphrey & Schmitz 2000 §3, §4.2: captive tutelage): with switches.transfer false, captive > market in early process gains disappears', () => {
    const d = pairedCI(col('captiveNoTransfer', 'processGain'), col('marketNoTransfer', 'processGain'));
    console.info(`P3 check (transfer off) process gain ticks 0–${P3_EARLY}, captive − market: ${fmt(d)}`);
    expect(notPositive(d), `process gain captive − market without transfer ${fmt(d)}`).toBe(true);
  });

  it('pattern 3 knockout (Humphrey & Schmitz 2000 §4.2): with switches.blocking false, market > captive in functional upgrading disappears', () => {
    const d = pairedCI(col('marketNoBlocking', 'strategic'), col('captiveNoBlocking', 'strategic'));
    console.info(`P3 knockout (blocking off) strategic events per firm, market − captive: ${fmt(d)}`);
    expect(notPositive(d), `market − captive without blocking ${fmt(d)}`).toBe(true);
  });
});

// ---------------------------------------------------------------- pattern 4

const ABSORPTIVE = { low: 0.15, high: 0.6 };
/** "Near zero": the upper 95% bound of low/off escape stays below 3% of the cohort (under ~4 of ~125 firms). */
const NEAR_ZERO = 0.03;

interface P4Run {
  cohort: number;
  /** Share of the cohort that escaped captive lock-in by the horizon. */
  escape: number;
  /** upg_process + upg_product + upg_functional + upg_chain events of the run (all firms, all ticks). */
  upgrading: number;
}

/**
 * Firm i is out of captive lock-in: the export relationship changed (MODEL.md §8): ODM/OBM on a buyer link, or its
 * main link is not captive. A role on the home market does not count (until issue 10 it did, and 98% of escapes were
 * such labels).
 */
function escaped(w: World, i: number): boolean {
  if (!w.firms.alive[i]) return false;
  for (let j = 0; j < w.links.maxLinks; j++) {
    const s = i * w.links.maxLinks + j;
    if (w.links.linkBuyer[s] >= 0 && w.links.linkRole[s] >= ODM) return true;
  }
  const m = mainSlot(w, i);
  return m >= 0 && w.links.linkMode[m] !== CAPTIVE;
}

const UPGRADING = new Set(['upg_process', 'upg_product', 'upg_functional', 'upg_chain']);

function p4Run(sc: Scenario, seed: number): P4Run {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  let upgrading = 0;
  const count = (events: SimEvent[]): void => {
    for (const e of events) if (UPGRADING.has(e.kind)) upgrading++;
  };
  count(sim.step().events);
  // followed by firm id: a firm that exits has not escaped, and an entrant in its slot is not the cohort's firm
  const cohort: number[] = [];
  const uid: number[] = [];
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    const m = mainSlot(w, i);
    if (m >= 0 && w.links.linkMode[m] === CAPTIVE && !escaped(w, i)) {
      cohort.push(i);
      uid.push(w.firms.firmUid[i]);
    }
  }
  while (!sim.done) count(sim.step().events);
  const out = cohort.filter((i, k) => w.firms.alive[i] && w.firms.firmUid[i] === uid[k] && escaped(w, i)).length;
  return { cohort: cohort.length, escape: out / cohort.length, upgrading };
}

describe('Pattern 4 (MODEL.md §6.4; Gancarczyk & Bohatkiewicz 2018 §RBV; Cohen & Levinthal 1990): escape from captive lock-in needs absorptive capacity and support; no investment, no upgrading [absorptive capacity; investment]', () => {
  type Cell = 'low/off' | 'low/on' | 'high/off' | 'high/on';
  type Arm = Cell | 'noInvestment low/off' | 'noInvestment high/on' | 'nonBinding low/on' | 'nonBinding high/on';
  const runs = {} as Record<Arm, P4Run[]>;
  const esc = (a: Arm): number[] => runs[a].map((r) => r.escape);

  beforeAll(async () => {
    const base = scenario(fixture('p4-lockin.yaml'));
    const cell = (absorptive: 'low' | 'high', support: boolean, patch: (q: any) => void = () => {}): Scenario =>
      variant(base, (q) => {
        q.world.clusters[0].absorptive.mean = ABSORPTIVE[absorptive];
        if (!support) q.world.policies = [];
        patch(q);
      });
    const noInvestment = (q: any): void => {
      q.params.switches.own_investment = false;
    };
    const nonBinding = (q: any): void => {
      q.params.switches.absorptive_scaling = false;
    };
    const arms: Record<Arm, Scenario> = {
      'low/off': cell('low', false),
      'low/on': cell('low', true),
      'high/off': cell('high', false),
      'high/on': cell('high', true),
      'noInvestment low/off': cell('low', false, noInvestment),
      'noInvestment high/on': cell('high', true, noInvestment),
      'nonBinding low/on': cell('low', true, nonBinding),
      'nonBinding high/on': cell('high', true, nonBinding),
    };
    for (const a of Object.keys(arms) as Arm[]) runs[a] = await mapAsync(seeds, (s) => p4Run(arms[a], s));
  });

  it('pattern 4 design: a captive-dominated start (≥ 100 firms per run begin with a captive main link)', () => {
    for (const a of ['low/off', 'high/on'] as Arm[]) expect(Math.min(...runs[a].map((r) => r.cohort))).toBeGreaterThanOrEqual(100);
  });

  it('pattern 4 (Gancarczyk & Bohatkiewicz 2018 §RBV; Cohen & Levinthal 1990): escape is most frequent with high absorptive capacity and support on', () => {
    for (const other of ['low/off', 'low/on', 'high/off'] as Cell[]) {
      const d = pairedCI(esc('high/on'), esc(other));
      console.info(`P4 escape high/on − ${other}: ${fmt(d)} (high/on ${mean(esc('high/on')).toFixed(4)}, ${other} ${mean(esc(other)).toFixed(4)})`);
      expect(positive(d), `high/on − ${other} ${fmt(d)}`).toBe(true);
    }
  });

  // Fails since issue 9 item 4 (investment decided by the firm; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: low/off escape 0.0318 [0.0257, 0.0379] against the 0.03 bound (high/on 0.805).
  it.fails('pattern 4 (Gancarczyk & Bohatkiewicz 2018 §RBV): escape is near zero with low absorptive capacity and no support', () => {
    const ci = meanCI(esc('low/off'));
    console.info(`P4 escape low/off: ${fmt(ci)}; threshold ${NEAR_ZERO}`);
    expect(ci.hi, `low/off escape ${fmt(ci)}`).toBeLessThan(NEAR_ZERO);
    expect(ci.hi).toBeLessThan(mean(esc('high/on')) / 5);
  });

  it('pattern 4 (MODEL.md §4.2; Cohen & Levinthal 1990): with own investment zero there are no upgrading events, in every run', () => {
    for (const a of ['noInvestment low/off', 'noInvestment high/on'] as Arm[]) {
      expect(runs[a].map((r) => r.upgrading)).toEqual(seeds.map(() => 0));
    }
    // the same cells with investment do upgrade in every run
    for (const a of ['low/off', 'high/on'] as Arm[]) expect(Math.min(...runs[a].map((r) => r.upgrading))).toBeGreaterThan(0);
  });

  it('pattern 4 knockout [investment]: with switches.own_investment false, high/on no longer escapes more than low/off', () => {
    const d = pairedCI(esc('noInvestment high/on'), esc('noInvestment low/off'));
    console.info(`P4 knockout (no own investment) escape high/on − low/off: ${fmt(d)}`);
    expect(notPositive(d), `high/on − low/off without investment ${fmt(d)}`).toBe(true);
  });

  it('pattern 4 knockout [absorptive capacity]: with the absorptive-capacity multiplier switched off (switches.absorptive_scaling: false), high/on no longer escapes more than low/on', () => {
    const d = pairedCI(esc('nonBinding high/on'), esc('nonBinding low/on'));
    console.info(`P4 knockout (absorptive scaling off) escape high/on − low/on: ${fmt(d)}`);
    expect(notPositive(d), `high/on − low/on with absorptive scaling off ${fmt(d)}`).toBe(true);
  });
});
