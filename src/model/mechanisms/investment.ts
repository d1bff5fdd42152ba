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
 * - **Process and product: marginal returns.** Kept profit per unit of
 *   capability per tick, π′_k: the unit-cost saving |∂u/∂c| (process) and the
 *   value a higher quality adds, P_c·premium·v (product), on the units where
 *   the firm keeps them — at β on a link with an uncontested bargain, in full
 *   where the buyer's outside option binds (the price sits at the ceiling) and
 *   on home sales and subcontracted work (fixed prices), not at all with
 *   bargaining off — plus the rise of β that more competence brings through
 *   scarcity (bargaining.ts; Kaplinsky 2015 §2: rent is "scarcity in the
 *   context of demand"). Setting π′_k·H·G_k′(x) = R gives
 *   x_k = x_h·(√(π′_k·H·ρA(1 − c_k)(1 − B_k)/R) − 1)⁺, with R revenue.
 * - **Roles: projects.** OEM (process), ODM (design) and OBM (marketing) pay
 *   only on arrival (Humphrey & Schmitz 2000 §4.1: a discontinuous step).
 *   Their value v a tick is the next role's value on the outlets whose buyer
 *   and mode allow it, and at home (always), × (1 + `firms.intent_weight`·ι)
 *   for design and marketing (H&S §4.5). The firm picks the spending step
 *   with the largest positive net value v·H·e^(−T/H) − x·R·H·(1 − e^(−T/H)),
 *   T the ticks to close the gap; none when the gap is closed (the role
 *   waits for something else, such as a brand launch). Outlets that block
 *   the role add nothing (H&S §4.2: self-restraint becomes a decision).
 * - **Horizon** H = 1/(r_i + δ + χ_q + ℓ̂_i): r_i the firm's interest rate
 *   (money.ts; finance support lowers it), δ `learning.depreciation`, χ_q the
 *   smoothed share of the cluster's links that end per tick (orders.ts),
 *   ℓ̂_i the leakage the firm observes: how fast the firms that read it
 *   (local ties toward it) and lag it closed their gap to it in the last
 *   learning step through the tie to it, smoothed. Only the reader's gain
 *   through that tie counts (the spillover channel, learning.ts's S term for
 *   that tie, recorded in the firm store): leakage is knowledge flowing from
 *   the firm to its neighbours (Humphrey & Schmitz 2000 §4.1), so what a
 *   reader gains from its own spending, its buyers, its contracts, its
 *   pipelines, policy, its other ties or a joint-learning pool (a club good
 *   paid by dues, internalised: H&S §4.1; joint-action.ts) is not the firm's
 *   leak. Net of the firm's own gain in the step, so a firm that keeps
 *   learning keeps its lead. No rule exempts co-members: their catch-up
 *   through a tie counts like any reader's.
 *   It counts only while buyers have an outside
 *   option (`switches.outside_option`): a rival that catches up erodes the
 *   firm's rent only if buyers can turn to it (H&S §4.1). No rule reads
 *   `spillover_rate`.
 * - **Finance.** Spending is limited to cash + credit line + this tick's
 *   expected operating profit (last tick's) beyond working capital; when that
 *   binds, every x_k is re-chosen at a shadow price of funds λ,
 *   x_k = x_h·(√(z_k/(1 + λ)) − 1)⁺, with λ solved exactly (spending is
 *   piecewise linear in 1/√(1 + λ)). Under-investment can happen: a low kept
 *   share, a short horizon or no funds mean little or none.
 * - e = Σ x_k (at most 1), a_k = x_k/e. `switches.own_investment` off: e = 0.
 *
 * Firms in slot order; no draws; O(N·(links + ties)).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { DESIGN, K, MARKETING, OBM, ODM, OEM, PROCESS, PRODUCT } from '../constants.js';
import type { World } from '../world.js';
import { scarcityStep, valueShare, quality } from './bargaining.js';
import { HIST_BINS } from '../state/chains.js';
import { unitCost } from './costs.js';
import { learningScratch, linkBlocking, salesTotal } from './learning.js';
import { creditLine, interestRate, workingCapital } from './money.js';
import { homeChain } from './production.js';
import { allowedRole, potentialRole } from './roles.js';

export function investmentPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const f = w.firms;
  const { cap } = f;
  const N = f.N;
  const K4 = K;
  const L = w.links.maxLinks;
  const sc = learningScratch(w);
  const delta = sc.delta;
  const { bk, gain, roleV, z4, sc0, obs, pairs, order, vs } = scratch(w);
  // the smile-curve shares valueShare(chain, role, services), tabulated once (chains' value added do not change here)
  const V = (OBM + 1) * 2;
  for (let c = 0; c < w.chains.nChains; c++) for (let ro = 0; ro <= OBM; ro++) for (let sv = 0; sv < 2; sv++) vs[c * V + ro * 2 + sv] = valueShare(w, c, ro, sv === 1);
  const xh = p.learning.investment_half;
  const rho = p.learning.investment_return;
  const dep = p.switches.depreciation ? p.learning.depreciation : 0;
  const useLeak = p.switches.outside_option;
  const bargained = p.switches.bargaining;
  const r = p.roles;
  const premium = p.production.product_premium;
  const saving = p.production.process_saving;
  const homeOff = !p.switches.home_competition;
  const bp = p.bargaining;
  const cwRaw = p.governance.capability_weights;
  const cwSum = cwRaw[0] + cwRaw[1] + cwRaw[2] + cwRaw[3];
  const cwProcess = cwSum > 0 ? cwRaw[PROCESS] / cwSum : 0;
  const cwProduct = cwSum > 0 ? cwRaw[PRODUCT] / cwSum : 0;
  // the smoothed share of each cluster's links that ended last tick (χ)
  const Qn = w.clusters.nClusters;
  const links = new Float64Array(Qn); // per cluster, not per firm
  {
    const lb = w.links.linkBuyer;
    for (let i = 0; i < N; i++) {
      let n = 0;
      for (let j = 0; j < L; j++) if (lb[i * L + j] >= 0) n++;
      if (n > 0) links[f.firmCluster[i]] += n;
    }
  }
  for (let q = 0; q < Qn; q++) {
    const n = links[q] + w.clusters.clusterLinkEnds[q];
    const obs = n > 0 ? w.clusters.clusterLinkEnds[q] / n : 0;
    w.clusters.clusterChurn[q] += 0.25 * (obs - w.clusters.clusterChurn[q]);
    w.clusters.clusterLinkEnds[q] = 0;
  }
  // leakage observed: knowledge flows to the firms that read a firm (a tie i → j means i learns from j), so firm j
  // sees how fast its lagging readers closed their gap to it through the tie in the last learning step, net of its
  // own gain
  observeLeakage(w, delta, obs, pairs);
  // the stores' columns, read once (calls below do not replace them)
  const { alive, alloc, effort, leakage, revenue, services, homeUnits, units, domesticRole, homePrice, firmCluster } = f;
  const { linkBuyer, linkVolume, linkRole, linkBeta, linkValue, linkGov, linkCost, linkPrice, linkMode } = w.links;
  const { buyerChain } = w.buyers;
  const { chainPrice } = w.chains;
  const churn = w.clusters.clusterChurn;
  const ownInvestment = p.switches.own_investment;
  const blockingOn = p.switches.blocking;
  const absorptiveOn = p.switches.absorptive_scaling;
  const intentWeight = p.firms.intent_weight;
  for (let i = 0; i < N; i++) {
    if (!alive[i]) continue;
    const o = i * K4;
    leakage[i] += 0.25 * ((pairs[i] > 0 ? obs[i] / pairs[i] : 0) - leakage[i]);
    if (!ownInvestment) {
      effort[i] = 0;
      for (let k = 0; k < K4; k++) alloc[o + k] = 0;
      continue;
    }
    const R = revenue[i];
    if (R <= 0) {
      effort[i] = 0;
      for (let k = 0; k < K4; k++) alloc[o + k] = 0;
      continue;
    }
    // kept profit per unit of capability per tick
    for (let k = 0; k < K4; k++) gain[k] = 0;
    for (let r = 0; r <= OBM; r++) roleV[r] = 0;
    const home = homeChain(w, i);
    const Q = quality(w, i);
    const pot = potentialRole(w, i);
    const sv = services[i] === 1 ? 1 : 0;
    const cp = cap[o + PROCESS];
    const comp = w.competence(i);
    const dudc = (unitCost(w, i) * saving) / (1 - saving * cp > 0.05 ? 1 - saving * cp : 0.05);
    let linkUnits = 0;
    let keptUnits = 0;
    for (let j = 0; j < L; j++) {
      const s = i * L + j;
      const b = linkBuyer[s];
      if (b < 0) continue;
      const q = linkVolume[s];
      const c = buyerChain[b];
      const role = linkRole[s];
      const Pc = chainPrice[c];
      // the share of a lower cost or a higher value the firm keeps: β on an uncontested bargain; all of it where the
      // buyer's outside option binds (the price sits at the ceiling, which a lower cost does not move and a higher
      // value raises one for one); none with bargaining off (price = cost × markup)
      let keep = 0;
      let room = 0;
      if (bargained) {
        const beta = linkBeta[s];
        room = linkValue[s] - linkGov[s] - linkCost[s];
        const free = linkCost[s] + beta * (room > 0 ? room : 0);
        keep = linkPrice[s] < free - 1e-12 ? 1 : beta;
        // scarcity: more competence makes the firm scarcer, which raises β (bargaining.ts) on an uncontested bargain
        if (keep < 1 && room > 0 && beta > 0 && beta < 1) {
          const step = scarcityStep(w, b, comp, sc0);
          const dbeta = (beta * bp.scarcity * 2 * step * HIST_BINS) / (1 + bp.scarcity * (2 * sc0[0] - 1));
          if (dbeta > 0) {
            gain[PROCESS] += q * room * dbeta * cwProcess;
            gain[PRODUCT] += q * room * dbeta * cwProduct;
          }
        }
      }
      linkUnits += q;
      keptUnits += keep * q;
      const vRole = vs[c * V + role * 2 + sv];
      gain[PRODUCT] += keep * q * Pc * premium * vRole;
      // the next role, where this buyer and mode allow it
      const allowed = allowedRole(w, b, linkMode[s]);
      const next = pot + 1;
      if (next <= allowed && next > role) {
        const dv = keep * q * Pc * Q * (vs[c * V + next * 2 + sv] - vRole);
        addRoleGain(roleV, next, dv);
      }
    }
    const qh = homeUnits[i];
    const sub = units[i] - qh - linkUnits;
    keptUnits += qh + (sub > 0 ? sub : 0);
    gain[PROCESS] += dudc * keptUnits;
    if (homeOff) {
      const dp = p.production.domestic_price;
      const hr = domesticRole[i];
      gain[PRODUCT] += qh * dp * premium * vs[home * V + hr * 2];
      if (pot + 1 <= OBM && pot + 1 > hr) addRoleGain(roleV, pot + 1, qh * dp * Q * (vs[home * V + (pot + 1) * 2] - vs[home * V + hr * 2]));
    } else {
      // home competition: the price is a markup over unit cost, so a lower cost is kept only in share and the role
      // premia of home-market.ts; counted as the quality-adjusted price effect
      gain[PRODUCT] += qh * homePrice[i] * (premium / Q);
    }
    // horizon
    const ci = firmCluster[i];
    const rate = interestRate(w, i) + dep + churn[ci] + (useLeak ? leakage[i] : 0);
    const H = rate > 0 ? 1 / rate : 1e6;
    // blocking and absorptive capacity, as learning will apply them
    bk[0] = bk[1] = bk[2] = bk[3] = 0;
    if (blockingOn) {
      const total = salesTotal(w, i);
      if (total > 0) linkBlocking(w, i, total, sc.blocking, bk);
    }
    const A = absorptiveOn ? f.absorptive[i] : 1;
    const intent = 1 + intentWeight * f.intent[i];
    // OBM needs ODM first: the brand's value counts in proportion to the way to the design threshold already made
    const reach = cap[o + DESIGN] >= r.odm_design ? 1 : cap[o + DESIGN] / r.odm_design;
    for (let k = 0; k < K4; k++) {
      const c = cap[o + k];
      const block = bk[k] > 1 ? 0 : 1 - bk[k];
      const slope = rho * A * (1 - c) * block;
      // marginal returns (process cost, product quality): x = x_h(√z − 1)⁺
      const z = k === PROCESS || k === PRODUCT ? (gain[k] * H * slope) / R : 0;
      let x = z > 1 ? xh * (Math.sqrt(z) - 1) : 0;
      // role projects (OEM for process, ODM for design, OBM for marketing): paid on arrival
      const role = k === PROCESS ? OEM : k === DESIGN ? ODM : k === MARKETING ? OBM : -1;
      if (role >= 0 && pot < role) {
        const threshold = k === PROCESS ? r.oem_process : k === DESIGN ? r.odm_design : r.obm_marketing;
        const v = roleV[role] * (k === PROCESS ? 1 : intent) * (k === MARKETING ? reach : 1);
        const px = project(v, threshold - c, slope, dep * c, xh, H, R);
        if (px > x) x = px;
      }
      z4[k] = x > 0 ? (1 + x / xh) * (1 + x / xh) : 0;
      alloc[o + k] = x;
    }
    let e = 0;
    for (let k = 0; k < K4; k++) e += alloc[o + k];
    // what the firm can finance: cash, credit line and this tick's expected operating profit, beyond its working
    // capital; when that binds, every x_k is re-chosen at a shadow price of funds λ: x_k = x_h(√(z_k/(1+λ)) − 1)⁺
    const room = f.wealth[i] + creditLine(w, i) + (f.opProfit[i] > 0 ? f.opProfit[i] : 0) - workingCapital(w, i);
    const budget = room > 0 ? room / R : 0;
    const limit = budget < 1 ? budget : 1;
    if (e > limit) {
      const u = shadowScale(z4, limit, xh, order);
      e = 0;
      for (let k = 0; k < K4; k++) {
        const q = Math.sqrt(z4[k]) * u;
        alloc[o + k] = q > 1 ? xh * (q - 1) : 0;
        e += alloc[o + k];
      }
    }
    for (let k = 0; k < K4; k++) alloc[o + k] = e > 0 ? alloc[o + k] / e : 0;
    effort[i] = e;
  }
}

/**
 * Leakage observed by each firm j: over the ties i → j (i learns from j) whose
 * reader lags it by more than 0.01 in capability k, the mean of the share of
 * that gap the reader closed relative to j in the last learning step through
 * that tie: (s_ij,k − δ·c_ik − Δc_jk)⁺/gap, s_ij,k the reader's gain through
 * its tie to j (the firm store's `gainTie`, learning.ts), i.e. the reader's
 * change Δc_ik net of its gains from every other source (own investment,
 * buyer transfer and compliance, contract transfer, pipelines, policy, joint
 * learning's pooled catch-up, its other ties). Sums into obs[j] and counts
 * into pairs[j], ties in slot order, capabilities in order (K = 4 unrolled).
 */
function observeLeakage(w: World, delta: Float64Array, obs: Float64Array, pairs: Float64Array): void {
  const f = w.firms;
  const { cap, ties, alive, firmUid, gain, gainTie, gainTieUid, tieScale, tieBlock } = f;
  const T = f.tieSlots;
  obs.fill(0);
  pairs.fill(0);
  for (let i = 0; i < f.N; i++) {
    if (!alive[i]) continue;
    const o = i * 4;
    const c0 = cap[o];
    const c1 = cap[o + 1];
    const c2 = cap[o + 2];
    const c3 = cap[o + 3];
    // the reader's change net of its gains from every source (Δc − gain: its depreciation); the part that came
    // through the tie to j is added back per tie below
    const r0 = delta[o] - gain[o];
    const r1 = delta[o + 1] - gain[o + 1];
    const r2 = delta[o + 2] - gain[o + 2];
    const r3 = delta[o + 3] - gain[o + 3];
    // a tie's gain is (raw · scale) · block (learning.ts keeps the factors per firm)
    const m = tieScale[i];
    const a0 = tieBlock[o];
    const a1 = tieBlock[o + 1];
    const a2 = tieBlock[o + 2];
    const a3 = tieBlock[o + 3];
    for (let t = 0; t < T; t++) {
      const j = ties[i * T + t];
      // only a tie that carried the last learning step to the same firm (not rewired, the slot not reused since)
      if (j < 0 || !alive[j] || gainTieUid[i * T + t] !== firmUid[j]) continue;
      const q = j * 4;
      const s = (i * T + t) * 4;
      let acc = obs[j];
      let n = pairs[j];
      // close⁺/gap as 0.5·(close + |close|)/gap: exactly close/gap for close > 0 and 0 otherwise, with no branch on the
      // sign (about half the signs are positive, at random); adding 0 leaves the sum as it was
      let gap = cap[q] - c0;
      let close = 0;
      if (gap > 0.01) {
        close = r0 + gainTie[s] * m * a0 - delta[q];
        acc += (0.5 * (close + Math.abs(close))) / gap;
        n++;
      }
      gap = cap[q + 1] - c1;
      if (gap > 0.01) {
        close = r1 + gainTie[s + 1] * m * a1 - delta[q + 1];
        acc += (0.5 * (close + Math.abs(close))) / gap;
        n++;
      }
      gap = cap[q + 2] - c2;
      if (gap > 0.01) {
        close = r2 + gainTie[s + 2] * m * a2 - delta[q + 2];
        acc += (0.5 * (close + Math.abs(close))) / gap;
        n++;
      }
      gap = cap[q + 3] - c3;
      if (gap > 0.01) {
        close = r3 + gainTie[s + 3] * m * a3 - delta[q + 3];
        acc += (0.5 * (close + Math.abs(close))) / gap;
        n++;
      }
      obs[j] = acc;
      pairs[j] = n;
    }
  }
}

/** Per-world scratch of the phase: per-capability terms and the per-firm leakage sums, allocated once. */
interface InvestmentScratch {
  readonly bk: Float64Array;
  readonly gain: Float64Array;
  readonly roleV: Float64Array;
  readonly z4: Float64Array;
  readonly sc0: Float64Array;
  readonly obs: Float64Array;
  readonly pairs: Float64Array;
  readonly order: Int32Array;
  /** valueShare by (chain, role, services), refreshed each call. */
  readonly vs: Float64Array;
}
const scratchOf = new WeakMap<World, InvestmentScratch>();
function scratch(w: World): InvestmentScratch {
  let s = scratchOf.get(w);
  if (!s) {
    const N = w.firms.N;
    s = {
      bk: new Float64Array(K),
      gain: new Float64Array(K),
      roleV: new Float64Array(OBM + 1),
      z4: new Float64Array(K),
      sc0: new Float64Array(1),
      obs: new Float64Array(N),
      pairs: new Float64Array(N),
      order: new Int32Array(K),
      vs: new Float64Array(w.chains.nChains * (OBM + 1) * 2),
    };
    scratchOf.set(w, s);
  }
  return s;
}

/** Add dv to the value of reaching `role` (roleV is indexed by role). */
function addRoleGain(roleV: Float64Array, role: number, dv: number): void {
  if (dv > 0) roleV[role] += dv;
}

/** Spending steps tried for a role project (shares of revenue per tick). */
const PROJECT_X = Float64Array.of(0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32);
/** 1 + x/x_h per step, for the x_h last seen (the same value the expression gives). */
const PROJECT_DEN = new Float64Array(PROJECT_X.length);
let denOf = NaN;

/**
 * A role is paid on arrival, not in proportion to progress (Humphrey & Schmitz 2000 §4.1: a discontinuous step).
 * Spending x a tick closes the gap at G(x) − δc = slope·x/(1 + x/x_h) − δc, so the role arrives after T = gap/(G − δc)
 * ticks; its value v a tick from then on is worth v·H·e^(−T/H) now, and the spending until then x·R·H·(1 − e^(−T/H)).
 * The firm picks the step with the largest positive net value (the smallest such step on a tie), or none (0 when the
 * gap is closed: the role is held, or waits for something other than this capability, such as a brand launch).
 *
 * Steps are tried from the largest down, since the best step is usually a large one, and a step whose upper bound
 * cannot reach the best so far is skipped before its exponential: with a = T/H ≥ 0, e^a ≥ 1 + a + a²/2 gives
 * npv ≤ H·(v − xR·(a + a²/2))/(1 + a + a²/2); the margin covers rounding, so the choice is the one an exhaustive
 * search in ascending order makes (checked on every call of a 100k-firm tick).
 */
function project(v: number, gap: number, slope: number, decay: number, xh: number, H: number, R: number): number {
  if (v <= 0 || gap <= 0 || slope <= 0) return 0;
  if (xh !== denOf) {
    for (let n = 0; n < PROJECT_X.length; n++) PROJECT_DEN[n] = 1 + PROJECT_X[n] / xh;
    denOf = xh;
  }
  let best = 0;
  let bestX = 0;
  for (let n = PROJECT_X.length - 1; n >= 0; n--) {
    const x = PROJECT_X[n];
    const g = (slope * x) / PROJECT_DEN[n] - decay;
    if (g <= 0) continue;
    const a = gap / g / H;
    const a2 = a + 0.5 * a * a;
    // the bound times (1 + a²) > 0, which saves a division
    if (H * (v - x * R * a2) + 1e-9 * H * (v + x * R) * (1 + a2) < best * (1 + a2)) continue;
    const d = Math.exp(-a);
    const npv = v * H * d - x * R * H * (1 - d);
    if (npv > 0 && npv >= best) {
      best = npv;
      bestX = x;
    }
  }
  return bestX;
}

/**
 * The shadow price of funds, exactly: with u = 1/√(1 + λ), spending at λ is
 * Σ_k x_h(√z_k·u − 1)⁺, piecewise linear and increasing in u. For the m
 * capabilities with the largest √z_k active, Σ x_h(√z_k·u − 1) = limit gives
 * u = (limit/x_h + m)/Σ√z_k; the solution is the m whose u keeps exactly those
 * m active. Returns u (0 when nothing can be financed). `order` is scratch.
 */
function shadowScale(z: Float64Array, limit: number, xh: number, order: Int32Array): number {
  if (limit <= 0) return 0;
  const n = z.length;
  // capabilities by √z, largest first (insertion sort of at most K entries)
  for (let k = 0; k < n; k++) {
    let j = k;
    while (j > 0 && z[order[j - 1]] < z[k]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = k;
  }
  let sum = 0;
  for (let m = 0; m < n; m++) {
    const r = Math.sqrt(z[order[m]]);
    if (r <= 1) break;
    sum += r;
    const u = (limit / xh + m + 1) / sum;
    const next = m + 1 < n ? Math.sqrt(z[order[m + 1]]) : 0;
    if (r * u > 1 && next * u <= 1) return u;
  }
  return 0;
}
