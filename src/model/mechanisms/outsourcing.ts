/**
 * Outsourcing and triangle manufacturing with real orders (ODD §7.6e;
 * Kaplinsky 2015 §4e: "as wages rise, outsource their labour-intensive
 * activities to firms in the interior or into neighbouring economies";
 * Gereffi 1999 via Humphrey & Schmitz 2000 §2.2 and Dai, Zhu & He §IV.3:
 * triangle manufacturing; Gancarczyk & Bohatkiewicz 2018 §Lead F3: the
 * hub-and-spoke system).
 *
 * Runs after orders, before production: this tick's order volumes and home
 * sales are known. It books, for production, the work each firm buys and
 * each firm receives.
 *
 * - **Hub and spoke** (structural, as before): a lead or large firm buys
 *   `lead_firms.local_sourcing` (+ `services_share` once in services;
 *   × (1 − `selective_share`) once relocated) of its units from the SMEs it
 *   is tied to, in equal parts, at the local subcontract price (production.ts).
 * - **Contracts** (make or buy). A firm whose top role is ODM or higher
 *   (an upgraded firm, K §4e) can contract the assembly of its own work out.
 *   Its own cost of that work per unit is a = α·u_i (α `assembly_share`,
 *   u unit labour cost); a contractor j costs c_j = α·u_j + λ_j + k, with λ_j
 *   the freight from j's cluster (0 within the cluster) and k
 *   `coordination_cost`. Saving S_j = a − c_j. The price splits the room
 *   with the bargaining split (bargaining.ts `split`): p = α·u_j +
 *   β_c·(a − λ_j − k − α·u_j)⁺, β_c `contract_beta`; so α·u_j ≤ p ≤ a.
 * - **Candidates**, O(k) per firm: (a) the firm's external ties, (b) a
 *   sample of at most 4 suppliers of its main buyer (triangle manufacturing;
 *   reservoir-sampled in one pass over the links), (c) its local ties to
 *   SMEs. A contractor is alive, serves the chain of the outsourcer's main
 *   buyer (its home chain without one), has process ≥ `roles.oem_process`
 *   and spare capacity.
 * - **Capacity.** A firm's unit capacity is its peak output, shed at
 *   `money.capacity_decay` a tick (as money.ts's capacity); it can take on
 *   contract work up to (1 + capacity_decay) × that, less this tick's own
 *   orders, home sales, hub-and-spoke work and contracts already taken
 *   (outsourcers in slot order) [M].
 * - **Review.** With probability DC_i·`review_rate` a tick, an eligible firm
 *   with a free slot and less than `max_share` of its work out takes the
 *   candidate with the largest saving if S > `outsource_margin`·a, for as
 *   much of its work as the contractor's spare capacity allows, up to
 *   `max_share` (event `outsourcing`). Each contract keeps its share of the
 *   outsourcer's own work; its units each tick are that share of the work,
 *   within the contractor's spare capacity; its price is rebargained each
 *   tick. It ends when the contractor exits or leaves the chain, or after
 *   `end_ticks` ticks in a row with S < 0 (event `contract_end`).
 * - **Accounting** (production.ts): the contractor books the units, their
 *   revenue x·p and the workers α·ℓ_j·x; the outsourcer books x·(p + λ + k)
 *   as a purchase and loses α·ℓ_i·x of its own workers.
 *
 * Draws: stream `outsourcing/<tick>`, firms in slot order, links in slot
 * order (the buyers' samples), then firms in slot order (reviews).
 * Switch `outsourcing` off: no contracts (hub and spoke stays).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { LARGE, LEAD, PROCESS, K, SME } from '../constants.js';
import { ContractStore } from '../state/contracts.js';
import { C_DNG_FUNCTIONAL, C_UPG_FUNCTIONAL, type World } from '../world.js';
import { split } from './bargaining.js';
import { logisticsCost, unitCost } from './costs.js';
import { homeChain, subcontractPrice } from './production.js';

const SL = ContractStore.SLOTS;
const SA = ContractStore.SAMPLE;

/**
 * Net freight per unit of contract work of firm j for firm i: 0 within a cluster; across clusters the contractor
 * ships the units to the buyers from its cluster (λ_j, as a shipment to the buyers) and the outsourcer no longer ships
 * them from its own, so its freight per planned unit f̄_i (this tick's, set in phase 1) is saved: λ_j − f̄_i. Each
 * contracted unit thus pays freight once (until 0.6.0-dev it paid both, λ_j in the contract and f̄_i in production).
 */
export function contractFreight(w: World, i: number, j: number): number {
  const cj = w.firms.firmCluster[j];
  if (cj === w.firms.firmCluster[i]) return 0;
  const pr = w.params.production;
  return pr.logistics_cost * w.clusters.clusterDistance[cj] * (1 - pr.infrastructure_saving * w.clusters.clusterInfrastructure[cj]) - w.contracts.freightUnit[i];
}

/** The structural hub-and-spoke share of firm i's units bought from its SME ties (before checking it has any). */
export function localShare(w: World, i: number): number {
  const p = w.params;
  const st = w.firms.status[i];
  if (st !== LEAD && st !== LARGE) return 0;
  const lf = p.lead_firms;
  let share = p.switches.lead_firms ? lf.local_sourcing : 0;
  if (p.switches.services && w.firms.services[i]) share += lf.services_share;
  if (w.firms.relocated[i]) share *= 1 - lf.selective_share;
  return share;
}

export function outsourcingPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const o = p.outsourcing;
  const f = w.firms;
  const C = w.contracts;
  const N = f.N;
  const L = w.links.maxLinks;
  const T = f.tieSlots;
  const E = f.extSlots;
  const keep = 1 - p.money.capacity_decay;
  const room = 1 + p.money.capacity_decay;
  const sel = p.lead_firms.selective_share;
  const alpha = o.assembly_share;
  C.unitsIn.fill(0);
  C.revenueIn.fill(0);
  C.unitsOut.fill(0);
  C.costOut.fill(0);
  C.localIn.fill(0);
  C.localCost.fill(0);
  f.subcontracted.fill(0);
  const on = p.switches.outsourcing;
  const rng = on ? ctx.streams.get(`outsourcing/${ctx.tick}`) : null;
  if (on) C.sampleSeen.fill(0);

  // 1. one pass over firms and links: unit capacity, planned units, main buyer, top role, buyers' supplier samples
  for (let i = 0; i < N; i++) {
    if (!f.alive[i]) {
      C.planned[i] = 0;
      C.work[i] = 0;
      C.mainBuyer[i] = -1;
      continue;
    }
    const u = f.made[i];
    const shed = keep * C.capUnits[i];
    C.capUnits[i] = u > shed ? u : shed;
    let q = f.homeUnits[i];
    let fr = 0;
    let best = 0;
    let main = -1;
    let top = f.domesticRole[i];
    for (let k = 0; k < L; k++) {
      const s = i * L + k;
      const b = w.links.linkBuyer[s];
      if (b < 0) continue;
      const v = w.links.linkVolume[s];
      q += v;
      fr += v * logisticsCost(w, b, i);
      if (v > best) (best = v), (main = b);
      if (w.links.linkRole[s] > top) top = w.links.linkRole[s];
      if (rng) {
        const n = ++C.sampleSeen[b];
        if (n <= SA) C.sample[b * SA + n - 1] = i;
        else {
          const r = rng.int(n);
          if (r < SA) C.sample[b * SA + r] = i;
        }
      }
    }
    C.planned[i] = q;
    C.freightUnit[i] = q > 0 ? fr / q : 0;
    C.mainBuyer[i] = main;
    C.topRole[i] = top;
    C.unitCost[i] = unitCost(w, i);
  }

  // 2. hub and spoke: lead and large firms buy a structural share of their units from the SMEs tied to them
  for (let i = 0; i < N; i++) {
    if (!f.alive[i]) continue;
    const share = localShare(w, i);
    if (share <= 0) continue;
    let n = 0;
    for (let t = 0; t < T; t++) {
      const j = f.ties[i * T + t];
      if (j >= 0 && f.alive[j] && f.status[j] === SME) n++;
    }
    if (n === 0) continue;
    const q = C.planned[i];
    const each = (q * share) / n;
    for (let t = 0; t < T; t++) {
      const j = f.ties[i * T + t];
      if (j >= 0 && f.alive[j] && f.status[j] === SME) C.localIn[j] += each;
    }
    f.subcontracted[i] = share;
    C.localCost[i] = q * share * subcontractPrice(w, homeChain(w, i));
  }

  // 3. own work in the cluster (after hub and spoke and a relocated plant) and spare capacity
  for (let i = 0; i < N; i++) {
    if (!f.alive[i]) continue;
    const work = (C.work[i] = C.planned[i] * (1 - f.subcontracted[i]) * (f.relocated[i] ? 1 - sel : 1));
    // the plant's own work: assembly of the shares held by live contracts goes out (α per unit)
    let held = 0;
    for (let k = 0; k < SL; k++) if (C.contractor[i * SL + k] >= 0) held += C.share[i * SL + k];
    const spare = room * C.capUnits[i] - work * (1 - alpha * held) - C.localIn[i];
    C.spare[i] = spare > 0 ? spare : 0;
  }

  if (!on) {
    for (let s = 0; s < N * SL; s++) if (C.contractor[s] >= 0) C.end(s);
    return;
  }

  // 4. contracts, outsourcers in slot order: carry on, end, or review and sign
  const kc = o.coordination_cost;
  for (let i = 0; i < N; i++) {
    const base = i * SL;
    if (!f.alive[i]) {
      for (let k = 0; k < SL; k++) if (C.contractor[base + k] >= 0) C.end(base + k);
      continue;
    }
    const main = C.mainBuyer[i];
    const chain = main >= 0 ? w.buyers.buyerChain[main] : homeChain(w, i);
    const a = alpha * C.unitCost[i];
    const work = C.work[i];
    let held = 0;
    let free = -1;
    for (let k = 0; k < SL; k++) {
      const s = base + k;
      const j = C.contractor[s];
      if (j < 0) {
        if (free < 0) free = k;
        continue;
      }
      if (!f.alive[j] || f.firmUid[j] !== C.contractorUid[s] || !((f.chainMask[j] >>> chain) & 1)) {
        endContract(w, i, s, 'the contractor has exited or left the chain', false);
        if (free < 0) free = k;
        continue;
      }
      const lam = contractFreight(w, i, j);
      const cj = alpha * C.unitCost[j];
      const saving = a - cj - lam - kc;
      C.negative[s] = saving < 0 ? C.negative[s] + 1 : 0;
      // a foreign firm's local-content commitment does not end on a negative saving (fdi.ts)
      if (C.negative[s] >= o.end_ticks && !C.committed[s]) {
        endContract(w, i, s, `negative saving for ${C.negative[s]} ticks`, true);
        if (free < 0) free = k;
        continue;
      }
      C.age[s]++;
      held += C.share[s];
      book(w, i, j, s, C.share[s] * work, split(cj, a - lam - kc, o.contract_beta), lam + kc);
    }
    // a foreign firm's local-content share (fdi.ts): while its committed contracts hold less than
    // policy.fdi_local_share of its work, it signs one a tick with the SME tie that costs it least, saving or not
    if (f.foreign[i] && free >= 0 && work > 0) {
      let committed = 0;
      for (let k = 0; k < SL; k++) if (C.contractor[base + k] >= 0 && C.committed[base + k]) committed += C.share[base + k];
      const want = p.policy.fdi_local_share - committed;
      if (want > 1e-12) {
        let bestJ = -1;
        let bestS = -Infinity;
        for (let t = 0; t < T; t++) {
          const j = f.ties[i * T + t];
          if (j < 0 || f.status[j] !== SME || f.firmCluster[j] !== f.firmCluster[i]) continue;
          const sv = candidateSaving(w, i, j, chain, a);
          if (sv > bestS) (bestS = sv), (bestJ = j);
        }
        const share = bestJ >= 0 ? Math.min(want, C.spare[bestJ] / (alpha * work)) : 0;
        if (share > 0) {
          sign(w, i, bestJ, base + free, share, work, a, true);
          held += share;
          free = -1;
          for (let k = 0; k < SL; k++) if (C.contractor[base + k] < 0) (free = k), (k = SL);
        }
      }
    }
    // review: any firm with an export link (the work is contracted on export orders [M]) and room for another contract;
    // the make-or-buy comparison decides (until 0.6.0-dev only firms with an ODM role or higher could contract)
    if (free < 0 || main < 0 || work <= 0 || held >= o.max_share - 1e-12) continue;
    if (rng!.next() >= f.dynamic[i] * o.review_rate) continue;
    let bestJ = -1;
    let bestS = -Infinity;
    for (let t = 0; t < E; t++) {
      const j = f.ext[i * E + t];
      const sv = candidateSaving(w, i, j, chain, a);
      if (sv > bestS) (bestS = sv), (bestJ = j);
    }
    if (main >= 0)
      for (let t = 0; t < SA; t++) {
        const j = C.sample[main * SA + t];
        const sv = candidateSaving(w, i, j, chain, a);
        if (sv > bestS) (bestS = sv), (bestJ = j);
      }
    for (let t = 0; t < T; t++) {
      const j = f.ties[i * T + t];
      if (j < 0 || f.status[j] !== SME) continue;
      const sv = candidateSaving(w, i, j, chain, a);
      if (sv > bestS) (bestS = sv), (bestJ = j);
    }
    if (bestJ < 0 || bestS <= o.outsource_margin * a) continue;
    let share = o.max_share - held;
    const cap = C.spare[bestJ] / (alpha * work);
    if (cap < share) share = cap;
    if (share <= 0) continue;
    sign(w, i, bestJ, base + free, share, work, a, false);
  }
}

/** Firm i signs contract slot s with contractor j for `share` of its own work W (own cost a a unit); books this tick's units. */
function sign(w: World, i: number, j: number, s: number, share: number, work: number, a: number, committed: boolean): void {
  const C = w.contracts;
  const f = w.firms;
  const o = w.params.outsourcing;
  // its first contract: the firm takes up chain co-ordination, a new function (functional upgrading, MODEL.md §8)
  const first = w.contracts.live(i) === 0;
  C.contractor[s] = j;
  C.contractorUid[s] = f.firmUid[j];
  C.share[s] = share;
  C.age[s] = 0;
  C.negative[s] = 0;
  C.committed[s] = committed ? 1 : 0;
  const lam = contractFreight(w, i, j);
  const kc = o.coordination_cost;
  const cj = o.assembly_share * C.unitCost[j];
  const price = split(cj, a - lam - kc, o.contract_beta);
  book(w, i, j, s, share * work, price, lam + kc);
  w.emit(
    i,
    -1,
    'outsourcing',
    `contracts ${(share * 100).toFixed(0)}% of its work (${C.units[s].toFixed(2)} units) to firm ${f.firmUid[j]} in ${w.clusters.clusterIds[f.firmCluster[j]]} at ${price.toFixed(4)} a unit (own cost ${a.toFixed(4)}, contractor ${cj.toFixed(4)} + freight and co-ordination ${(lam + kc).toFixed(4)})${committed ? ' under its local-content commitment' : ''}`,
    first ? C_UPG_FUNCTIONAL : -1,
  );
}

/** Saving of contractor candidate j for firm i on chain `chain` (own cost a), or -Infinity if j cannot take the work. */
function candidateSaving(w: World, i: number, j: number, chain: number, a: number): number {
  const f = w.firms;
  const C = w.contracts;
  if (j < 0 || j === i || !f.alive[j] || C.spare[j] <= 0 || !((f.chainMask[j] >>> chain) & 1) || f.cap[j * K + PROCESS] < w.params.roles.oem_process) return -Infinity;
  for (let k = 0; k < SL; k++) if (C.contractor[i * SL + k] === j) return -Infinity;
  return a - w.params.outsourcing.assembly_share * C.unitCost[j] - contractFreight(w, i, j) - w.params.outsourcing.coordination_cost;
}

/** This tick's units of contract s (outsourcer i, contractor j), within j's spare capacity: booked for both. */
function book(w: World, i: number, j: number, s: number, want: number, price: number, extra: number): void {
  const C = w.contracts;
  const alpha = w.params.outsourcing.assembly_share;
  const room = C.spare[j] / alpha;
  const x = want < room ? want : room;
  const q = x > 0 ? x : 0;
  C.spare[j] -= alpha * q;
  C.units[s] = q;
  C.price[s] = price;
  C.unitsIn[j] += q;
  C.revenueIn[j] += q * price;
  C.unitsOut[i] += q;
  C.costOut[i] += q * (price + extra);
}

function endContract(w: World, i: number, s: number, why: string, chosen: boolean): void {
  const uid = w.contracts.contractorUid[s];
  w.contracts.end(s);
  // when the firm itself ends its last contract, it gives up co-ordinating production elsewhere: functional
  // downgrading (MODEL.md §8); a contractor that exits or leaves the chain is not the firm's change of function
  w.emit(i, -1, 'contract_end', `contract with firm ${uid} ends: ${why}`, chosen && w.contracts.live(i) === 0 ? C_DNG_FUNCTIONAL : -1);
}

