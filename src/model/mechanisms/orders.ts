/**
 * Orders as quantities (MODEL.md §8 "Markets and money"; Kaplinsky 2015 §2:
 * the Dominican Republic jeans exporter whose price fell from $2.18 to $1.87
 * and whose orders fell from 9,000 to 3,000 units within a year, before the
 * buyer cancelled; Humphrey & Schmitz 2000 §4.2 on the threat of
 * substitution).
 *
 * A buyer spreads its volume Q_b (its type's volume × the chain's demand, so
 * demand shocks move every link) over its suppliers by shares σ; a new link
 * starts at 1/`suppliers`. Prices and volumes answer to one outside option,
 * the buyer's best reachable alternative Ŝ (bargaining.ts). The supplier
 * concedes price first: bargaining lowers its price toward the buyer's
 * ceiling. Only when even its landed cost cannot match the alternative,
 *   gap = (Ŝ − κ) − (V − g − LC) > 0,
 * does the link lose volume: σ ← σ·max(0, 1 − η·gap/V̄), η = `shift_rate`,
 * V̄ the buyer's mean value per unit. The volume lost goes to the buyer's
 * links that can match (in proportion to their shares) and, through a trial
 * order in sourcing, to the alternative itself. A link that cannot match for
 * `end_ticks` ticks in a row, or whose share falls below `min_share` of one
 * supplier place, ends. Capacity is counted in supplier places: a firm fills
 * at most `capacity_places` × its size places (σ × `suppliers` summed over
 * its links), whatever the size of a buyer's place; orders beyond that are
 * lost to the buyer.
 *
 * Own brands (own-brand.ts): a buyer's volume is its Q_b × (1 − the share of its
 * chain's demand that suppliers' brands take), and an intolerant brand customer
 * adds ret·V to the gap of a link whose supplier builds or sells a brand.
 *
 * Knockout: `switches.order_shifting` off keeps every share at 1/suppliers,
 * ends no link for a gap and makes no trial order.
 *
 * Links are visited in slot order; no draws. Cost O(links + buyers).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import type { World } from '../world.js';
import { HIERARCHY } from '../constants.js';
import { orderGap, switchingCost } from './bargaining.js';
import { brandGap } from './own-brand.js';

export function ordersPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const o = p.orders;
  const L = w.links.maxLinks;
  const S = w.firms.N * L;
  const B = w.buyers.nBuyers;
  const { linkBuyer, linkShare, linkGap, linkValue, linkPrice, linkGov, linkVolume } = w.links;
  const meanS = w.buyers.buyerMeanSurplus;
  const meanV = w.buyers.buyerMeanValue;
  const meanK = w.buyers.buyerMeanSwitch;
  const linkMode = w.links.linkMode;
  const total = new Float64Array(B);
  const totalK = new Float64Array(B);
  meanS.fill(0);
  meanV.fill(0);
  meanK.fill(0);
  // 1. each buyer's share-weighted mean surplus and value per unit
  for (let s = 0; s < S; s++) {
    const b = linkBuyer[s];
    if (b < 0) continue;
    const sh = linkShare[s];
    total[b] += sh;
    meanS[b] += sh * (linkValue[s] - linkPrice[s] - linkGov[s]);
    meanV[b] += sh * linkValue[s];
    // the trial-order threshold: the mean κ over the buyer's outside suppliers (an in-house unit, hierarchy, is not a
    // supplier it could switch; its κ = V means "not applicable"), with the sunk investment per unit as in bargaining
    if (linkMode[s] !== HIERARCHY) {
      totalK[b] += sh;
      meanK[b] += sh * switchingCost(w, s, b);
    }
  }
  for (let b = 0; b < B; b++) {
    if (total[b] > 0) {
      meanS[b] /= total[b];
      meanV[b] /= total[b];
    }
    if (totalK[b] > 0) meanK[b] /= totalK[b];
  }
  if (p.switches.order_shifting) {
    // 2. a link whose supplier cannot match the buyer's alternative even at landed cost loses share
    const lost = new Float64Array(B);
    const kept = new Float64Array(B);
    for (let s = 0; s < S; s++) {
      const b = linkBuyer[s];
      if (b < 0) continue;
      const v = meanV[b];
      // an intolerant brand customer adds ret·V to the gap of a supplier that builds or sells its own brand (own-brand.ts)
      const gap = orderGap(w, s, b) + brandGap(w, (s / L) | 0, s, b);
      if (gap > 0 && v > 0) {
        const f = 1 - (o.shift_rate * gap) / v;
        const next = linkShare[s] * (f > 0 ? f : 0);
        lost[b] += linkShare[s] - next;
        linkShare[s] = next;
        linkGap[s]++;
      } else {
        linkGap[s] = 0;
        kept[b] += linkShare[s];
      }
    }
    // 3. the volume lost goes to the links that can match; the buyer's total share is at most 1; end lost links
    for (let s = 0; s < S; s++) {
      const b = linkBuyer[s];
      if (b < 0) continue;
      if (linkGap[s] === 0 && kept[b] > 0) linkShare[s] *= 1 + lost[b] / kept[b];
      if (total[b] > 1) linkShare[s] /= total[b];
      const i = (s / L) | 0;
      // a link ended while its supplier's own brand penalises it is the brand customer's reaction (own-brand.ts)
      const kind = brandGap(w, i, s, b) > 0 ? 'brand_retaliation' : 'link_end';
      if (linkShare[s] * w.buyers.buyerSuppliers[b] < o.min_share) {
        w.emit(i, b, kind, `orders moved to a cheaper or better alternative (share ${linkShare[s].toFixed(3)})`, -1);
        w.clusters.clusterLinkEnds[w.firms.firmCluster[i]]++;
        w.dropLink(s);
      } else if (linkGap[s] >= o.end_ticks) {
        w.emit(i, b, kind, `cannot match the buyer's alternative even at cost for ${linkGap[s]} ticks`, -1);
        w.clusters.clusterLinkEnds[w.firms.firmCluster[i]]++;
        w.dropLink(s);
      }
    }
  }
  // 4. volumes: share × the buyer's volume, within each firm's capacity in supplier places
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    let places = 0;
    let linked = false;
    for (let j = 0; j < L; j++) if (linkBuyer[i * L + j] >= 0) linked = true;
    if (!linked) continue;
    for (let j = 0; j < L; j++) {
      const s = i * L + j;
      const b = linkBuyer[s];
      if (b < 0) continue;
      const n = w.buyers.buyerSuppliers[b];
      // suppliers' own brands take their share of the chain's demand from its buyers (own-brand.ts)
      linkVolume[s] = linkShare[s] * w.buyers.buyerLinkVolume[b] * n * (1 - w.chains.chainBrandShare[w.buyers.buyerChain[b]]);
      places += linkShare[s] * n;
    }
    const cap = o.capacity_places * w.firms.sizeFactor[i];
    if (places > cap) {
      const keep = cap / places;
      for (let j = 0; j < L; j++) if (linkBuyer[i * L + j] >= 0) linkVolume[i * L + j] *= keep;
    }
  }
}
