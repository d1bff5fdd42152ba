/**
 * Buyer sourcing (MODEL.md §3 phase 3; Humphrey & Schmitz 2000 §4.2, §2.2).
 *
 * Buyers keep, drop and renew links. Arm's-length market links are re-bid
 * and end with a small probability each tick. A supplier whose best
 * governance would cost more than the link is worth — typically because it
 * misses a tightened standard — is excluded ("chain upgrading of some is
 * accompanied by the exclusion of others", §2.2). Vacancies are filled by
 * scouting: a buyer draws a few candidates from the active clusters, each
 * cluster weighted by its size, reputation and infrastructure ("global
 * buyers actively scout for new sources of supply", §4.2), and takes the one
 * whose offer — the surplus per unit it would leave the buyer at its own
 * bargained price, V − g − p (bargaining.ts) — is highest; a domestic buyer
 * looks in its home cluster. The buyer thus compares suppliers with the one
 * objective it also bargains and shifts orders with. A better alternative
 * that bargaining scouted gets a trial order when its offer beats the
 * buyer's mean surplus by the switching cost (its share-weighted mean of
 * `switch_cost`[mode]·V over its links; the threat of substitution);
 * the orders rule then moves volume step by step (orders.ts). Local-content rules reserve a share of a buyer's
 * suppliers for target clusters. No search is O(N²): each vacancy costs a
 * fixed number of draws.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import type { Rng } from '../../engine/rng.js';
import { shuffle } from '../../engine/rng.js';
import { EXCLUDED, MARKET } from '../constants.js';
import { offer, offered } from './bargaining.js';
import { closeTakers, clusterWeights, draw, openTakers, reachHome, reopen } from './reach.js';
import { evaluate, imposedMode } from './governance.js';
import { linkRoleFor, potentialRole } from './roles.js';
import { C_EXCLUDED, type World } from '../world.js';

/** Create a link from buyer b to firm i in a free slot; returns the slot or -1. */
export function addLink(w: World, b: number, i: number, mode: number): number {
  for (let j = 0; j < w.links.maxLinks; j++) {
    const s = i * w.links.maxLinks + j;
    if (w.links.linkBuyer[s] >= 0) continue;
    w.links.linkBuyer[s] = b;
    w.links.linkMode[s] = mode;
    w.links.linkAge[s] = 0;
    w.links.linkInvestment[s] = 0;
    w.links.linkCodified[s] = 0;
    w.links.linkVolume[s] = w.buyers.buyerLinkVolume[b];
    w.links.linkShare[s] = 1 / w.buyers.buyerSuppliers[b];
    w.links.linkGap[s] = 0;
    w.links.linkRole[s] = linkRoleFor(w, b, mode, potentialRole(w, i));
    w.buyers.buyerLinks[b]++;
    reopen(w, i); // firm i's entry of the open-takers table, while sourcing holds it open (reach.ts)
    return s;
  }
  return -1;
}

/** Best of `tries` scouted candidates for buyer b (or -1): the one whose offer (surplus per unit it would leave the buyer) is highest and positive; its mode in `scouted`. */
export const scouted = { firm: -1, mode: EXCLUDED, offer: 0 };
function scout(w: World, b: number, tries: number, cum: Float64Array, rng: Rng, only: number, imposed: number): number {
  scouted.firm = -1;
  scouted.mode = EXCLUDED;
  scouted.offer = 0;
  for (let t = 0; t < tries; t++) {
    const i = draw(w, cum, rng, only);
    if (i < 0) continue;
    const o = offer(w, b, i, imposed);
    if (o > scouted.offer) {
      scouted.offer = o;
      scouted.mode = offered.mode;
      scouted.firm = i;
    }
  }
  return scouted.firm;
}

export function sourcingPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const S = w.firms.N * w.links.maxLinks;
  const churn = ctx.streams.get(`sourcing.churn/${ctx.tick}`);
  // 1. keep or drop: sweep the link slots in id order
  for (let s = 0; s < S; s++) {
    const b = w.links.linkBuyer[s];
    if (b < 0) continue;
    const i = (s / w.links.maxLinks) | 0;
    if (!w.firms.alive[i] || !w.buyers.buyerActive[b]) {
      w.dropLink(s);
      continue;
    }
    if (p.switches.exclusion && evaluate(w, b, i) === EXCLUDED) {
      const comp = w.competence(i);
      w.emit(i, b, 'exclusion', `competence ${comp.toFixed(3)} below what the link needs (standard ${w.buyers.buyerStd[b].toFixed(3)})`, C_EXCLUDED);
      w.dropLink(s);
      continue;
    }
    if (w.links.linkMode[s] === MARKET && churn.next() < p.sourcing.market_churn) {
      w.emit(i, b, 'link_end', 'market link re-bid', -1);
      w.dropLink(s);
    }
  }
  if (!p.switches.scouting) return;
  const imposed = imposedMode(p);
  const cum = clusterWeights(w);
  // 2. trial orders and vacancies: buyers in a seeded random order
  const order = new Int32Array(w.buyers.nBuyers);
  for (let b = 0; b < w.buyers.nBuyers; b++) order[b] = b;
  const rng = ctx.streams.get(`sourcing.scout/${ctx.tick}`);
  shuffle(order, rng);
  // local-content rules: a share of each buyer's suppliers from the target clusters
  let lcCluster = -1;
  let lcShare = 0;
  for (let c = 0; c < w.clusters.nClusters; c++) {
    if (w.clusters.clusterLocalContent[c] > lcShare && w.clusters.clusterActive[c]) {
      lcShare = w.clusters.clusterLocalContent[c];
      lcCluster = c;
    }
  }
  openTakers(w); // canTake's compact table (reach.ts): links change below only through addLink, which refreshes it
  try {
    scoutVacancies(w, order, lcCluster, lcShare, cum, rng, imposed);
  } finally {
    closeTakers();
  }
}

/** Trial orders and vacancies, buyers in `order` (the second half of the phase). */
function scoutVacancies(w: World, order: Int32Array, lcCluster: number, lcShare: number, cum: Float64Array, rng: Rng, imposed: number): void {
  const p = w.params;
  for (let o = 0; o < order.length; o++) {
    const b = order[o];
    if (!w.buyers.buyerActive[b]) continue;
    const prof = w.buyerProfile(b);
    const home = reachHome(w, b);
    // a trial order to the best alternative bargaining scouted last, when it beats the buyer's mean surplus by the
    // switching cost (the threat of substitution made real; the orders rule then moves shares step by step)
    const alt = w.buyers.buyerBestAlt[b];
    if (
      p.switches.order_shifting &&
      alt >= 0 &&
      w.buyers.buyerLinks[b] + w.buyers.buyerAbroad[b] <= prof.suppliers &&
      w.buyers.buyerBestOffer[b] > w.buyers.buyerMeanSurplus[b] + w.buyers.buyerMeanSwitch[b]
    ) {
      const o = offer(w, b, alt, imposed);
      if (o > w.buyers.buyerMeanSurplus[b] + w.buyers.buyerMeanSwitch[b]) {
        w.emit(alt, b, 'trial_order', `trial order: offer ${o.toFixed(3)} per unit against the buyer's mean ${w.buyers.buyerMeanSurplus[b].toFixed(3)}`, -1);
        addLink(w, b, alt, imposed === -2 ? offered.mode : imposed);
      }
    }
    let vacancies = prof.suppliers - w.buyers.buyerLinks[b] - w.buyers.buyerAbroad[b];
    let filled = 0;
    while (vacancies-- > 0) {
      const useLocal = lcCluster >= 0 && filled < Math.ceil(lcShare * prof.suppliers);
      const best = scout(w, b, prof.scout_sample, cum, rng, useLocal ? lcCluster : home, imposed);
      if (best < 0) continue;
      const mode = imposed === -2 ? scouted.mode : imposed;
      addLink(w, b, best, mode);
      filled++;
    }
  }
}

