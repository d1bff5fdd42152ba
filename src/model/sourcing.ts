/**
 * Buyer sourcing (MODEL.md §3 phase 3; Humphrey & Schmitz 2000 §4.2, §2.2).
 *
 * Buyers keep, drop and renew links: arm's-length market links are re-bid
 * and end with a small probability each tick; a supplier whose best
 * governance would cost the buyer more than the link is worth (typically
 * because it misses a required standard) is excluded; vacancies are filled by
 * scouting a few random candidates across all clusters (no O(N²) search) and
 * taking the one with the lowest expected governance cost. New links start in
 * the mode the cost model chooses and in the role the supplier can hold.
 */
import type { PhaseContext } from '../engine/scheduler.js';
import { shuffle } from '../engine/rng.js';
import { EXCLUDED, MARKET } from './constants.js';
import { choice, evaluate, imposedMode } from './governance.js';
import { linkRoleFor, potentialRole } from './roles.js';
import { C_EXCLUDED, type World } from './world.js';

/** Create a link from buyer b to firm i in a free slot; returns the slot or -1. */
export function addLink(w: World, b: number, i: number, mode: number): number {
  for (let j = 0; j < w.maxLinks; j++) {
    const s = i * w.maxLinks + j;
    if (w.linkBuyer[s] >= 0) continue;
    w.linkBuyer[s] = b;
    w.linkMode[s] = mode;
    w.linkAge[s] = 0;
    w.linkRole[s] = linkRoleFor(w, b, mode, potentialRole(w, i));
    w.buyerLinks[b]++;
    return s;
  }
  return -1;
}

function hasFreeSlotAndNotLinked(w: World, b: number, i: number): boolean {
  let free = false;
  for (let j = 0; j < w.maxLinks; j++) {
    const lb = w.linkBuyer[i * w.maxLinks + j];
    if (lb === b) return false;
    if (lb < 0) free = true;
  }
  return free;
}

export function sourcingPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const S = w.N * w.maxLinks;
  const churn = ctx.streams.get(`sourcing.churn/${ctx.tick}`);
  // 1. keep, drop: sweep the link slots in id order
  for (let s = 0; s < S; s++) {
    const b = w.linkBuyer[s];
    if (b < 0) continue;
    const i = (s / w.maxLinks) | 0;
    if (!w.alive[i]) {
      w.dropLink(s);
      continue;
    }
    if (p.switches.exclusion && evaluate(w, b, i) === EXCLUDED) {
      const comp = w.competence(i);
      w.emit(i, b, 'exclusion', `competence ${comp.toFixed(3)} below what the link needs (standard ${w.buyerStandard(b).toFixed(3)})`, C_EXCLUDED);
      w.dropLink(s);
      continue;
    }
    if (w.linkMode[s] === MARKET && churn.next() < p.sourcing.market_churn) {
      w.emit(i, b, 'link_end', 'market link re-bid', -1);
      w.dropLink(s);
    }
  }
  if (!p.switches.scouting) return;
  // 2. renew: buyers in a seeded random order fill vacancies by scouting
  const order = new Int32Array(w.nBuyers);
  for (let b = 0; b < w.nBuyers; b++) order[b] = b;
  const rng = ctx.streams.get(`sourcing.scout/${ctx.tick}`);
  shuffle(order, rng);
  const imposed = imposedMode(p);
  for (let o = 0; o < order.length; o++) {
    const b = order[o];
    const prof = w.buyerProfile(b);
    let vacancies = prof.suppliers - w.buyerLinks[b];
    while (vacancies-- > 0) {
      let best = -1;
      let bestMode = EXCLUDED;
      let bestCost = Infinity;
      for (let t = 0; t < prof.scout_sample; t++) {
        const i = rng.int(w.N);
        if (!w.alive[i] || !hasFreeSlotAndNotLinked(w, b, i)) continue;
        const m = evaluate(w, b, i);
        if (m === EXCLUDED) continue;
        if (choice.cost < bestCost) {
          bestCost = choice.cost;
          bestMode = m;
          best = i;
        }
      }
      if (best < 0) continue;
      const mode = imposed === -2 ? bestMode : imposed;
      addLink(w, b, best, mode);
    }
  }
}
