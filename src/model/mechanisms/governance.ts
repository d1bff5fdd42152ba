/**
 * Governance choice — one cost model (MODEL.md §4.1).
 *
 * For a link between buyer b and supplier i the buyer compares, per mode m,
 *   cost_m = fixed_m + x·a_m + x(1−y)·u_m + x(1−s)·c_m + (1 − control_m)·p_fail·L
 * (a modular buyer's control rises with the chain's modularity μ:
 * control + w·μ·(1 − control), Dai §IV.2)
 * (governing + co-ordinating + expected failure loss), where x is the
 * transaction complexity (scaled down when the buyer does not define the
 * product), y the codifiability, s the supplier's competence,
 * p_fail = p0 + p1·max(0, σ − s) rises with the gap to the buyer's required
 * standard σ, and L is the buyer's loss from a failure. The cheapest mode
 * wins; if even it costs more than the link is worth, R = r0 + r1·x, the
 * supplier is excluded. Calibrated so that corner values reproduce the table
 * of Gereffi, Humphrey & Sturgeon (2005); the risk term carries Humphrey &
 * Schmitz (2000) §3 ("the key determinant … is the risks faced by the
 * buyer"). A link is re-evaluated every `review_interval` ticks and changes
 * mode only when the saving beats `inertia` plus the buyer's sunk investment
 * (hysteresis). An old relational link's joint knowledge becomes codified:
 * beyond `loosening_ticks` its effective codifiability rises each tick and
 * stays with the link, so networks loosen toward modular or market
 * (Humphrey & Schmitz 2000 §4.4); captive links do not loosen this way.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import type { Rng } from '../../engine/rng.js';
import { CAPTIVE, EXCLUDED, HIERARCHY, M, MARKET, MODES, MODULAR, RELATIONAL } from '../constants.js';
import type { Params } from '../params.js';
import { BINS, clip01, type World } from '../world.js';

type Gov = Params['governance'];

/** Inputs of the cost model for one (buyer, supplier) pair. */
export interface LinkSituation {
  /** Transaction complexity x in [0, 1]. */
  complexity: number;
  /** Codifiability y in [0, 1]. */
  codifiability: number;
  /** Supplier competence s in [0, 1]. */
  competence: number;
  /** Buyer's required standard σ in [0, 1]. */
  standard: number;
  /** Buyer's loss L from a supplier failure. */
  loss: number;
  /** Whether the buyer defines the product. */
  definesProduct: boolean;
  /** Modularity of the product (default 0). */
  modularity?: number;
}

const ROWS = [MARKET, MODULAR, RELATIONAL, CAPTIVE, HIERARCHY].map((m) => MODES[m]);

type CostRow = Gov[(typeof ROWS)[number]];
/** Columns of the cost table: fixed, coord_complexity, coord_uncodified, coord_incompetence, control. */
const CT = 5;
let tableOf: Gov | null = null;
const table = new Float64Array(5 * CT);
/**
 * The cost rows of g in mode order, as one flat table (a keyed lookup by mode name, or a row object per call, is slow
 * in the scouting loops). Kept for the last g seen: parameters are read-only during a run (a run is a function of its
 * inputs), so a table built at first use holds for the run.
 */
function modeTable(g: Gov): Float64Array {
  if (g !== tableOf) {
    for (let m = 0; m < 5; m++) {
      const c: CostRow = g[ROWS[m]];
      const o = m * CT;
      table[o] = c.fixed;
      table[o + 1] = c.coord_complexity;
      table[o + 2] = c.coord_uncodified;
      table[o + 3] = c.coord_incompetence;
      table[o + 4] = c.control;
    }
    tableOf = g;
  }
  return table;
}

/** Probability that the supplier fails the buyer. */
export function failureProbability(g: Gov, competence: number, standard: number): number {
  const p = g.p_fail_base + g.p_fail_gap * Math.max(0, standard - competence);
  return p > 1 ? 1 : p;
}

/** Effective complexity: lower when the buyer does not define the product. */
export function effectiveComplexity(g: Gov, x: number, definesProduct: boolean): number {
  return definesProduct ? x : x * g.no_definition_factor;
}

/** Expected cost per tick of governing the link in mode m. */
export function modeCost(g: Gov, m: number, x: number, y: number, s: number, risk: number, modularity = 0): number {
  return costAt(modeTable(g), g.modularity_weight, m, x, y, s, risk, modularity);
}

/** modeCost over the flat table t (modeTable) with modularity weight mw: the one formula, which cheapest() also calls. */
function costAt(t: Float64Array, mw: number, m: number, x: number, y: number, s: number, risk: number, modularity: number): number {
  const o = m * CT;
  // modularisation standardises interfaces: a modular buyer can check and replace modules, so its control rises (Dai §IV.2)
  const control = m === MODULAR && modularity > 0 ? t[o + 4] + (1 - t[o + 4]) * mw * modularity : t[o + 4];
  return t[o] + t[o + 1] * x + t[o + 2] * x * (1 - y) + t[o + 3] * x * (1 - s) + (1 - control) * risk;
}

/** What the link is worth to the buyer; above this cost the supplier is excluded. */
export function reservationCost(g: Gov, x: number): number {
  return g.reservation_base + g.reservation_complexity * x;
}

/** Cost of every mode, for inspection and tests. */
export function costTable(g: Gov, sit: LinkSituation): Record<(typeof MODES)[number], number> & { reservation: number } {
  const x = effectiveComplexity(g, sit.complexity, sit.definesProduct);
  const risk = failureProbability(g, sit.competence, sit.standard) * sit.loss;
  const out = { reservation: reservationCost(g, x) } as Record<(typeof MODES)[number], number> & { reservation: number };
  for (let m = 0; m < MODES.length; m++) out[MODES[m]] = modeCost(g, m, x, sit.codifiability, sit.competence, risk, sit.modularity ?? 0);
  return out;
}

/** Scratch result of `bestMode` (no allocation per call). */
export const choice = { mode: EXCLUDED, cost: Infinity };

/**
 * Cheapest mode for a situation, or EXCLUDED when no mode is worth the link.
 * Writes the mode and its cost into `choice` and returns the mode.
 */
export function bestMode(g: Gov, x0: number, y: number, s: number, sigma: number, loss: number, defines: boolean, modularity = 0): number {
  const x = effectiveComplexity(g, x0, defines);
  cheapest(g, x, y, s, failureProbability(g, s, sigma) * loss, modularity);
  if (choice.cost > reservationCost(g, x)) choice.mode = EXCLUDED;
  return choice.mode;
}

/** The cheapest mode and its cost, into `choice` (no exclusion test). */
function cheapest(g: Gov, x: number, y: number, s: number, risk: number, modularity: number): void {
  let best = EXCLUDED;
  let bestCost = Infinity;
  const t = modeTable(g);
  const mw = g.modularity_weight;
  for (let m = 0; m < 5; m++) {
    const c = costAt(t, mw, m, x, y, s, risk, modularity);
    if (c < bestCost) {
      bestCost = c;
      best = m;
    }
  }
  choice.mode = best;
  choice.cost = bestCost;
}

/** The mode a link must take under the run's switches (clamp, governance off). */
export function imposedMode(p: Params): number {
  if (p.governance.clamp !== 'none') return MODES.indexOf(p.governance.clamp);
  if (!p.switches.governance) return MARKET;
  return -2; // free choice
}

/**
 * The situation buyer b sees when it looks at supplier i: effective
 * complexity, codifiability and the chain's modularity, the
 * competence it perceives (blended with the cluster's reputation, a club
 * good) and the failure probability (lower for certified suppliers).
 * Written into `seen` (no allocation).
 */
export const seen = { x: 0, y: 0, s: 0, risk: 0, reservation: 0, modularity: 0 };
export function perceive(w: World, b: number, i: number, codified = 0): void {
  const p = w.params;
  const g = p.governance;
  const ch = w.buyers.buyerChain[b];
  const x = effectiveComplexity(g, w.chains.chainComplexity[ch], w.buyers.buyerDefines[b] === 1);
  // network loosening: what the partners of an old network link learnt together is codified, so the
  // link needs less governance and drifts toward modular or market (Humphrey & Schmitz 2000 §4.4)
  const y = Math.min(1, w.chains.chainCodifiability[ch] + codified);
  const modularity = p.switches.modularisation ? w.chains.chainModularity[ch] : 0;
  let s = w.competence(i);
  if (p.switches.reputation) s = (1 - g.reputation_weight) * s + g.reputation_weight * w.clusters.clusterReputation[w.firms.firmCluster[i]];
  let pf = failureProbability(g, s, w.buyers.buyerStd[b]);
  if (p.switches.certification && w.firms.certified[i]) pf *= 1 - g.certification_effect;
  seen.x = x;
  seen.y = y;
  seen.s = s;
  seen.risk = pf * w.buyers.buyerLoss[b];
  seen.reservation = reservationCost(g, x);
  seen.modularity = modularity;
}

/** Competence bin of a perceived situation (relative to the buyer's standard). */
export function binOf(s: number, sigma: number): number {
  const v = Math.floor((s - sigma + 0.5) * BINS);
  return v < 0 ? 0 : v >= BINS ? BINS - 1 : v;
}

/**
 * Evaluate (buyer b, firm i) with the world's current state: the cheapest
 * mode by the cost model or, when buyers learn, the mode with the highest
 * learned attraction. Returns the mode or EXCLUDED; `choice.cost` holds the
 * expected cost of the chosen mode.
 */
export function evaluate(w: World, b: number, i: number, codified = 0): number {
  perceive(w, b, i, codified);
  if (w.params.switches.governance_learning) {
    const base = (b * BINS + binOf(seen.s, w.buyers.buyerStd[b])) * M;
    let best = EXCLUDED;
    let bestA = -Infinity;
    for (let m = 0; m < 5; m++) {
      if (w.buyers.attraction[base + m] > bestA) {
        bestA = w.buyers.attraction[base + m];
        best = m;
      }
    }
    choice.mode = best;
    choice.cost = -bestA;
  } else {
    cheapest(w.params.governance, seen.x, seen.y, seen.s, seen.risk, seen.modularity);
  }
  if (choice.cost > seen.reservation) choice.mode = EXCLUDED;
  return choice.mode;
}

/** Expected cost of keeping link (b, i) in mode m under current state. */
export function costOf(w: World, b: number, i: number, m: number, codified = 0): number {
  const g = w.params.governance;
  perceive(w, b, i, codified);
  let c = modeCost(g, m, seen.x, seen.y, seen.s, seen.risk, seen.modularity);
  if (w.params.switches.governance_learning) {
    c = -w.buyers.attraction[(b * BINS + binOf(seen.s, w.buyers.buyerStd[b])) * M + m];
  }
  return c;
}

/** Initial attractions: each buyer's misperceived expected cost per bin and mode. */
export function initAttractions(w: World, rng: Rng): void {
  const g = w.params.governance;
  for (let b = 0; b < w.buyers.nBuyers; b++) {
    const ch = w.buyers.buyerChain[b];
    const x = w.buyers.buyerDefines[b] === 1 ? w.chains.chainComplexity[ch] : w.chains.chainComplexity[ch] * g.no_definition_factor;
    for (let bin = 0; bin < BINS; bin++) {
      const s = clip01(w.buyers.buyerStd[b] + (bin + 0.5) / BINS - 0.5);
      const pf = Math.min(1, g.p_fail_base + g.p_fail_gap * Math.max(0, w.buyers.buyerStd[b] - s));
      for (let m = 0; m < 5; m++) {
        const c = modeCost(g, m, x, w.chains.chainCodifiability[ch], s, pf * w.buyers.buyerLoss[b]);
        w.buyers.attraction[(b * BINS + bin) * M + m] = -c * (1 + g.ewa_prior_noise * rng.normal());
      }
      w.buyers.experience[b * BINS + bin] = 1;
    }
  }
}

/**
 * Experience-weighted attraction (Camerer & Ho 1999): after a tick of a
 * link, the buyer sees whether the supplier failed and updates every mode's
 * attraction with the payoff it had or would have had (weight δ for modes
 * not chosen).
 */
function learnFromLink(w: World, b: number, i: number, chosen: number, failed: boolean): void {
  const g = w.params.governance;
  perceive(w, b, i);
  const k = b * BINS + binOf(seen.s, w.buyers.buyerStd[b]);
  const n0 = w.buyers.experience[k];
  const n1 = g.ewa_phi * n0 + 1;
  const loss = failed ? w.buyers.buyerLoss[b] : 0;
  for (let m = 0; m < 5; m++) {
    const payoff = -modeCost(g, m, seen.x, seen.y, seen.s, loss, seen.modularity);
    const weight = m === chosen ? 1 : g.ewa_delta;
    const a = k * M + m;
    w.buyers.attraction[a] = (g.ewa_phi * n0 * w.buyers.attraction[a] + weight * payoff) / n1;
  }
  w.buyers.experience[k] = n1;
}

/**
 * Phase 4: re-choose the governance of every link. Each link is independent
 * of the others' order, except for the failure draws, which come from one
 * stream per tick in link-slot order.
 */
export function governancePhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const g = p.governance;
  const imposed = imposedMode(p);
  const interval = g.review_interval;
  const S = w.firms.N * w.links.maxLinks;
  const learn = p.switches.governance_learning && imposed === -2;
  const fail = learn ? ctx.streams.get(`governance.fail/${ctx.tick}`) : null;
  for (let s = 0; s < S; s++) {
    const b = w.links.linkBuyer[s];
    if (b < 0) continue;
    const i = (s / w.links.maxLinks) | 0;
    const old = w.links.linkMode[s];
    w.links.linkModeCost[s] = NaN;
    // network loosening: an old relational link codifies its joint knowledge, and keeps it whatever mode follows
    if (old === RELATIONAL && p.switches.loosening && w.links.linkAge[s] > g.loosening_ticks) {
      w.links.linkCodified[s] = Math.min(1, w.links.linkCodified[s] + g.loosening_rate);
    }
    // the buyer's sunk investment in the supplier grows under captive and hierarchy while it
    // helps the supplier close the gap to its standard, and is amortised once the gap is closed
    if (old === CAPTIVE || old === HIERARCHY) {
      if (w.competence(i) < w.buyers.buyerStd[b]) w.links.linkInvestment[s] += g.sunk_rate;
      else w.links.linkInvestment[s] *= 1 - g.sunk_amortisation;
    }
    if (fail) {
      perceive(w, b, i);
      const pf = seen.risk / Math.max(1e-9, w.buyers.buyerLoss[b]);
      learnFromLink(w, b, i, old, fail.next() < pf);
    }
    let next: number;
    if (imposed !== -2) {
      next = imposed;
    } else {
      if (w.links.linkAge[s] % interval !== 0) continue;
      const codified = w.links.linkCodified[s];
      const m = evaluate(w, b, i, codified);
      if (m === EXCLUDED) continue;
      if (m === old) {
        w.links.linkModeCost[s] = choice.cost;
        continue;
      }
      const bestCost = choice.cost;
      const keep = costOf(w, b, i, old, codified);
      let threshold = g.inertia;
      if (p.switches.hysteresis && (old === CAPTIVE || old === HIERARCHY)) threshold += g.sunk_weight * w.links.linkInvestment[s];
      if (bestCost >= (1 - Math.min(0.95, threshold)) * keep) {
        w.links.linkModeCost[s] = keep;
        continue;
      }
      next = m;
      w.links.linkModeCost[s] = bestCost;
    }
    if (next !== old) {
      w.links.linkMode[s] = next;
      if (next !== CAPTIVE && next !== HIERARCHY) w.links.linkInvestment[s] = 0;
      w.emit(i, b, 'governance', `${MODES[old]}->${MODES[next]}`, -1);
    }
  }
}
