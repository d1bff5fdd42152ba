/**
 * Investment decided by the firm (MODEL.md §8 "Markets and money"; issue 9
 * item 4; ODD §7.3b). Each tick each firm chooses how much of its revenue to
 * spend on each capability, x_k (a share of revenue), by weighing the profit
 * it expects to keep from more capability against what the spending costs.
 *
 * - **Learning from own spending is concave** (learning.ts): a spend x_k
 *   raises c_k by G_k(x) = ρ·A·(1 − c_k)·(1 − B_k)·x/(1 + x/x_h), with ρ
 *   `learning.investment_return`, A absorptive capacity, B_k the blocking of
 *   the firm's buyers and x_h `learning.investment_half`.
 * - **Kept profit per unit of capability per tick**, π′_k:
 *   - process: the unit-cost saving |∂u/∂c|, kept at β on each bargained
 *     link (bargaining.ts: the supplier keeps β of a lower landed cost) and in
 *     full on home sales and subcontracted work (fixed prices); below the OEM
 *     threshold, also the value of the OEM role (as for design);
 *   - product: the value a higher quality adds, P_c·premium·v per unit, kept
 *     at β on links, plus its effect on the home price;
 *   - design and marketing: the value of the next role (ODM, OBM) on the
 *     outlets whose buyer and mode allow it, and at home (always), over the
 *     capability still missing to the role's threshold; scaled by
 *     (1 + `firms.intent_weight`·ι) (strategic intent, Humphrey & Schmitz
 *     2000 §4.5). Outlets that block the role add nothing: a supplier under
 *     captive governance does not invest in design for that buyer (H&S §4.2
 *     on self-restraint is a decision here).
 * - **Horizon** H = 1/(r_i + δ + χ_q + ℓ̂_i): r_i the firm's interest rate
 *   (money.ts; finance support lowers it), δ `learning.depreciation`, χ_q the
 *   smoothed share of the cluster's links that end per tick (orders.ts),
 *   ℓ̂_i the leakage the firm observes: how fast the local ties that lag it
 *   closed their gap to it last tick (smoothed). Leakage counts only while
 *   buyers have an outside option (`switches.outside_option`): a rival that
 *   catches up erodes the firm's rent only if buyers can turn to it (Humphrey
 *   & Schmitz 2000 §4.1: the private return falls when knowledge cannot be
 *   kept). No rule reads `spillover_rate`.
 * - **Choice.** Setting the marginal return equal to the cost, π′_k·H·G_k′(x)
 *   = R, gives x_k = x_h·(√(π′_k·H·ρA(1 − c_k)(1 − B_k)/R) − 1)⁺, with R the
 *   firm's revenue. Effort e = Σ x_k (capped at 1) and allocation a_k = x_k/e.
 *   The firm can spend only what its cash and credit line allow beyond its
 *   working capital: e·R ≤ (W + C − N)⁺. Under-investment can happen: a low
 *   kept share, a short horizon or no funds mean little or none.
 * - `switches.own_investment` off: e = 0, so no upgrading at all.
 *
 * Firms in slot order; no draws; O(N·(links + ties)).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { DESIGN, K, MARKETING, OBM, ODM, OEM, PROCESS, PRODUCT } from '../constants.js';
import type { World } from '../world.js';
import { valueShare, quality } from './bargaining.js';
import { unitCost } from './costs.js';
import { learningScratch, linkTerms } from './learning.js';
import { creditLine, interestRate } from './money.js';
import { homeChain } from './production.js';
import { allowedRole, potentialRole } from './roles.js';

/** Smallest capability gap to a role threshold that the design and marketing returns divide by. */
const MIN_GAP = 0.05;

export function investmentPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const f = w.firms;
  const { cap } = f;
  const N = f.N;
  const K4 = K;
  const L = w.links.maxLinks;
  const T = f.tieSlots;
  const sc = learningScratch(w);
  const delta = sc.delta;
  const tk = new Float64Array(K4);
  const ck = new Float64Array(K4);
  const bk = new Float64Array(K4);
  const gain = new Float64Array(K4);
  const roleV = new Float64Array(OBM + 1);
  const xh = p.learning.investment_half;
  const rho = p.learning.investment_return;
  const dep = p.switches.depreciation ? p.learning.depreciation : 0;
  const useLeak = p.switches.outside_option;
  const bargained = p.switches.bargaining;
  const r = p.roles;
  const premium = p.production.product_premium;
  const saving = p.production.process_saving;
  const homeOff = !p.switches.home_competition;
  // the smoothed share of each cluster's links that ended last tick (χ)
  const Qn = w.clusters.nClusters;
  const links = new Float64Array(Qn);
  for (let s = 0; s < w.links.linkBuyer.length; s++) if (w.links.linkBuyer[s] >= 0) links[f.firmCluster[(s / L) | 0]]++;
  for (let q = 0; q < Qn; q++) {
    const n = links[q] + w.clusters.clusterLinkEnds[q];
    const obs = n > 0 ? w.clusters.clusterLinkEnds[q] / n : 0;
    w.clusters.clusterChurn[q] += 0.25 * (obs - w.clusters.clusterChurn[q]);
    w.clusters.clusterLinkEnds[q] = 0;
  }
  for (let i = 0; i < N; i++) {
    if (!f.alive[i]) continue;
    const o = i * K4;
    // leakage observed: how fast the firm's lagging local ties closed their gap to it last tick
    let obs = 0;
    let pairs = 0;
    for (let t = 0; t < T; t++) {
      const j = f.ties[i * T + t];
      if (j < 0 || !f.alive[j]) continue;
      for (let k = 0; k < K4; k++) {
        const gap = cap[o + k] - cap[j * K4 + k];
        if (gap <= 0.01) continue;
        const close = delta[j * K4 + k] - delta[o + k];
        obs += close > 0 ? close / gap : 0;
        pairs++;
      }
    }
    f.leakage[i] += 0.25 * ((pairs > 0 ? obs / pairs : 0) - f.leakage[i]);
    if (!p.switches.own_investment) {
      f.effort[i] = 0;
      for (let k = 0; k < K4; k++) f.alloc[o + k] = 0;
      continue;
    }
    const R = f.revenue[i];
    if (R <= 0) {
      f.effort[i] = 0;
      for (let k = 0; k < K4; k++) f.alloc[o + k] = 0;
      continue;
    }
    // kept profit per unit of capability per tick
    gain.fill(0);
    roleV.fill(0);
    const home = homeChain(w, i);
    const Q = quality(w, i);
    const pot = potentialRole(w, i);
    const services = f.services[i] === 1;
    const cp = cap[o + PROCESS];
    const dudc = (unitCost(w, i) * saving) / (1 - saving * cp > 0.05 ? 1 - saving * cp : 0.05);
    let linkUnits = 0;
    let keptUnits = 0;
    for (let j = 0; j < L; j++) {
      const s = i * L + j;
      const b = w.links.linkBuyer[s];
      if (b < 0) continue;
      const q = w.links.linkVolume[s];
      const beta = bargained ? w.links.linkBeta[s] : 0;
      const c = w.buyers.buyerChain[b];
      const role = w.links.linkRole[s];
      const Pc = w.chains.chainPrice[c];
      linkUnits += q;
      keptUnits += beta * q;
      gain[PRODUCT] += beta * q * Pc * premium * valueShare(w, c, role, services);
      // the next role, where this buyer and mode allow it
      const allowed = allowedRole(w, b, w.links.linkMode[s]);
      const next = pot + 1;
      if (next <= allowed && next > role) {
        const dv = beta * q * Pc * Q * (valueShare(w, c, next, services) - valueShare(w, c, role, services));
        addRoleGain(roleV, next, dv);
      }
    }
    const qh = f.homeUnits[i];
    const sub = f.units[i] - qh - linkUnits;
    keptUnits += qh + (sub > 0 ? sub : 0);
    gain[PROCESS] += dudc * keptUnits;
    if (homeOff) {
      const dp = p.production.domestic_price;
      const hr = f.domesticRole[i];
      gain[PRODUCT] += qh * dp * premium * valueShare(w, home, hr, false);
      if (pot + 1 <= OBM && pot + 1 > hr) addRoleGain(roleV, pot + 1, qh * dp * Q * (valueShare(w, home, pot + 1, false) - valueShare(w, home, hr, false)));
    } else {
      // home competition: the price is a markup over unit cost, so a lower cost is kept only in share and the role
      // premia of home-market.ts; counted as the quality-adjusted price effect
      gain[PRODUCT] += qh * f.homePrice[i] * (premium / Q);
    }
    // turn role values into returns per unit of the capability the role still needs
    gain[PROCESS] += roleSlope(roleV, OEM, r.oem_process - cp, pot < OEM);
    const intent = 1 + p.firms.intent_weight * f.intent[i];
    gain[DESIGN] = roleSlope(roleV, ODM, r.odm_design - cap[o + DESIGN], pot < ODM) * intent;
    // OBM needs ODM first: the brand's value counts in proportion to the way to the design threshold already made
    const reach = cap[o + DESIGN] >= r.odm_design ? 1 : cap[o + DESIGN] / r.odm_design;
    gain[MARKETING] = roleSlope(roleV, OBM, r.obm_marketing - cap[o + MARKETING], pot < OBM) * reach * intent;
    // horizon
    const ci = f.firmCluster[i];
    const rate = interestRate(w, i) + dep + w.clusters.clusterChurn[ci] + (useLeak ? f.leakage[i] : 0);
    const H = rate > 0 ? 1 / rate : 1e6;
    // blocking and absorptive capacity, as learning will apply them
    linkTerms(w, i, sc, tk, ck, bk);
    const A = p.switches.absorptive_scaling ? f.absorptive[i] : 1;
    let e = 0;
    for (let k = 0; k < K4; k++) {
      const block = bk[k] > 1 ? 0 : 1 - bk[k];
      const slope = rho * A * (1 - cap[o + k]) * block;
      const z = (gain[k] * H * slope) / R;
      const x = z > 1 ? xh * (Math.sqrt(z) - 1) : 0;
      f.alloc[o + k] = x;
      e += x;
    }
    // what the firm can finance: cash and credit beyond its working capital
    const room = f.wealth[i] + creditLine(w, i) - p.money.wc_ticks * (f.labourCost[i] + f.purchases[i] + f.fixedCost[i]);
    let cap1 = e > 1 ? 1 : e;
    if (cap1 * R > room) cap1 = room > 0 ? room / R : 0;
    for (let k = 0; k < K4; k++) f.alloc[o + k] = e > 0 ? f.alloc[o + k] / e : 0;
    f.effort[i] = cap1;
  }
}

/** Add dv to the value of reaching `role` (roleV is indexed by role). */
function addRoleGain(roleV: Float64Array, role: number, dv: number): void {
  if (dv > 0) roleV[role] += dv;
}

/** The role's value over the capability still missing to its threshold (0 when the role is not wanted or has no value). */
function roleSlope(roleV: Float64Array, role: number, gap: number, wanted: boolean): number {
  const v = roleV[role];
  if (!wanted || v <= 0) return 0;
  return v / (gap > MIN_GAP ? gap : MIN_GAP);
}
