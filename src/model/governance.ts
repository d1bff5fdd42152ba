/**
 * Governance choice — one cost model (MODEL.md §4.1).
 *
 * For a link between buyer b and supplier i the buyer compares, per mode m,
 *   cost_m = fixed_m + x·a_m + x(1−y)·u_m + x(1−s)·c_m + (1 − control_m)·p_fail·L
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
 * mode only when the saving beats `inertia` (hysteresis).
 */
import type { PhaseContext } from '../engine/scheduler.js';
import { CAPTIVE, EXCLUDED, HIERARCHY, MARKET, MODES, MODULAR, RELATIONAL } from './constants.js';
import type { Params } from './params.js';
import type { World } from './world.js';

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
}

const ROWS = [MARKET, MODULAR, RELATIONAL, CAPTIVE, HIERARCHY].map((m) => MODES[m]);

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
export function modeCost(g: Gov, m: number, x: number, y: number, s: number, risk: number): number {
  const c = g[ROWS[m]];
  return (
    c.fixed +
    c.coord_complexity * x +
    c.coord_uncodified * x * (1 - y) +
    c.coord_incompetence * x * (1 - s) +
    (1 - c.control) * risk
  );
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
  for (let m = 0; m < MODES.length; m++) out[MODES[m]] = modeCost(g, m, x, sit.codifiability, sit.competence, risk);
  return out;
}

/** Scratch result of `bestMode` (no allocation per call). */
export const choice = { mode: EXCLUDED, cost: Infinity };

/**
 * Cheapest mode for a situation, or EXCLUDED when no mode is worth the link.
 * Writes the mode and its cost into `choice` and returns the mode.
 */
export function bestMode(g: Gov, x0: number, y: number, s: number, sigma: number, loss: number, defines: boolean): number {
  const x = defines ? x0 : x0 * g.no_definition_factor;
  const p = g.p_fail_base + g.p_fail_gap * (sigma > s ? sigma - s : 0);
  const risk = (p > 1 ? 1 : p) * loss;
  let best = EXCLUDED;
  let bestCost = Infinity;
  for (let m = 0; m < 5; m++) {
    const c = modeCost(g, m, x, y, s, risk);
    if (c < bestCost) {
      bestCost = c;
      best = m;
    }
  }
  choice.cost = bestCost;
  choice.mode = bestCost <= reservationCost(g, x) ? best : EXCLUDED;
  return choice.mode;
}

/** The mode a link must take under the run's switches (clamp, governance off). */
export function imposedMode(p: Params): number {
  if (p.governance.clamp !== 'none') return MODES.indexOf(p.governance.clamp);
  if (!p.switches.governance) return MARKET;
  return -2; // free choice
}

/** Evaluate (buyer b, firm i) with the world's current state. */
export function evaluate(w: World, b: number, i: number): number {
  const ch = w.buyerChain[b];
  return bestMode(
    w.params.governance,
    w.chainComplexity[ch],
    w.chainCodifiability[ch],
    w.competence(i),
    w.buyerStd[b],
    w.buyerLoss[b],
    w.buyerDefines[b] === 1,
  );
}

/** Cost of keeping link (b, i) in mode m under current state. */
export function costOf(w: World, b: number, i: number, m: number): number {
  const g = w.params.governance;
  const ch = w.buyerChain[b];
  const x = effectiveComplexity(g, w.chainComplexity[ch], w.buyerDefines[b] === 1);
  const risk = failureProbability(g, w.competence(i), w.buyerStd[b]) * w.buyerLoss[b];
  return modeCost(g, m, x, w.chainCodifiability[ch], w.competence(i), risk);
}

/** Phase 4: re-choose the governance of every link (order cannot matter: each link is independent). */
export function governancePhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const imposed = imposedMode(p);
  const interval = p.governance.review_interval;
  const inertia = p.governance.inertia;
  const S = w.N * w.maxLinks;
  for (let s = 0; s < S; s++) {
    const b = w.linkBuyer[s];
    if (b < 0) continue;
    const old = w.linkMode[s];
    let next: number;
    if (imposed !== -2) {
      next = imposed;
    } else {
      if (w.linkAge[s] % interval !== 0) continue;
      const i = (s / w.maxLinks) | 0;
      const m = evaluate(w, b, i);
      if (m === EXCLUDED || m === old) continue;
      const keep = costOf(w, b, i, old);
      if (choice.cost >= (1 - inertia) * keep) continue;
      next = m;
    }
    if (next !== old) {
      w.linkMode[s] = next;
      const i = (s / w.maxLinks) | 0;
      w.emit(i, b, 'governance', `${MODES[old]}->${MODES[next]}`, -1);
    }
  }
}
