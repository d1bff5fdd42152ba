/**
 * Buyers' reach (MODEL.md §3 phase 3; Humphrey & Schmitz 2000 §4.2: "global
 * buyers actively scout for new sources of supply"): which clusters a buyer
 * draws candidate suppliers from — its home cluster when it has an active
 * one, otherwise any active cluster weighted by size × reputation ×
 * infrastructure × (1 + joint-marketing visibility) — and whether a drawn firm can take a link from it. Shared
 * by sourcing (vacancies, trial links) and bargaining (the outside option),
 * so both see the same alternatives. Each draw costs O(clusters).
 */
import type { Rng } from '../../engine/rng.js';
import { J_MARKETING } from '../constants.js';
import type { World } from '../world.js';

/**
 * Whether firm i can take a new link from buyer b: alive, in the chain, not
 * linked to b, a free link slot, and room in its capacity for one more
 * supplier place (`orders.capacity_places` × size, counting σ × `suppliers`
 * over its links).
 */
export function canTake(w: World, b: number, i: number): boolean {
  if (w === openWorld) {
    // fast path (see openTakers): the buyer-independent part of the test is one load from a compact array
    if (!((open[i] >>> w.buyers.buyerChain[b]) & 1)) return false;
    const L = w.links.maxLinks;
    for (let j = 0; j < L; j++) if (w.links.linkBuyer[i * L + j] === b) return false;
    return true;
  }
  if (!w.firms.alive[i] || !((w.firms.chainMask[i] >>> w.buyers.buyerChain[b]) & 1)) return false;
  const L = w.links.maxLinks;
  let free = false;
  let places = 0;
  for (let j = 0; j < L; j++) {
    const lb = w.links.linkBuyer[i * L + j];
    if (lb === b) return false;
    if (lb < 0) free = true;
    else places += w.links.linkShare[i * L + j] * w.buyers.buyerSuppliers[lb];
  }
  return free && places + 1 <= w.params.orders.capacity_places * w.firms.sizeFactor[i] + 1e-9;
}

/**
 * Scouting speed-up (byte-identical): about nine in ten scouted candidates fail canTake (dead slots, another chain,
 * no capacity), and the test reads several arrays at a random slot. Between `openTakers(w)` and `closeTakers()`,
 * open[i] holds firm i's chainMask when it is alive with a free slot and room for one more place, else 0, so canTake
 * is one load from this array plus the "not linked to b" check. Valid only while links, alive, chainMask and
 * sizeFactor do not change, except through `reopen(w, i)` (sourcing calls it when it adds a link).
 */
let open = new Uint32Array(0);
let openWorld: World | null = null;

function openBits(w: World, i: number): number {
  return w.firms.alive[i] && hasRoom(w, i) ? w.firms.chainMask[i] : 0;
}

/** Whether firm i has room for one more buyer: a free link slot and a free supplier place in its capacity (`canTake` without a buyer). */
export function hasRoom(w: World, i: number): boolean {
  const L = w.links.maxLinks;
  let free = false;
  let places = 0;
  for (let j = 0; j < L; j++) {
    const lb = w.links.linkBuyer[i * L + j];
    if (lb < 0) free = true;
    else places += w.links.linkShare[i * L + j] * w.buyers.buyerSuppliers[lb];
  }
  return free && places + 1 <= w.params.orders.capacity_places * w.firms.sizeFactor[i] + 1e-9;
}

/** Fill the open-takers table for the current state of w (O(N·links)); canTake uses it until closeTakers. */
export function openTakers(w: World): void {
  const N = w.firms.N;
  if (open.length < N) open = new Uint32Array(N);
  for (let i = 0; i < N; i++) open[i] = openBits(w, i);
  openWorld = w;
}

/** Refresh firm i's entry after its links changed (no-op when the table is closed). */
export function reopen(w: World, i: number): void {
  if (w === openWorld) open[i] = openBits(w, i);
}

/** Stop using the table (canTake reads the state again). */
export function closeTakers(): void {
  openWorld = null;
}

/** The cluster buyer b sources in: its home cluster while that is active, or -1 (it draws from every active cluster). */
export function reachHome(w: World, b: number): number {
  const h = w.buyers.buyerHome[b];
  return h >= 0 && w.clusters.clusterActive[h] ? h : -1;
}

/** Cumulative scouting weights over clusters (size × reputation × infrastructure). */
export function clusterWeights(w: World): Float64Array {
  const cum = new Float64Array(w.clusters.nClusters);
  let acc = 0;
  for (let c = 0; c < w.clusters.nClusters; c++) {
    if (w.clusters.clusterActive[c]) {
      const rep = w.params.switches.reputation ? w.clusters.clusterReputation[c] : 0.5;
      const vis = w.params.switches.visibility ? w.clusters.clusterVisibility[c] : 0;
      acc += w.aliveIn(c) * (0.5 + rep) * (0.5 + w.clusters.clusterInfrastructure[c]) * (1 + vis);
    }
    cum[c] = acc;
  }
  return cum;
}

/**
 * Draw a candidate firm: a cluster by weight (or the given one), then a slot in it. A buyer that scouts across
 * clusters and lands on one with a running joint-marketing project came with probability V/(1 + V) for the fair
 * (the extra weight its visibility V added), and then meets an exhibitor: a member of the project (up to 8 slot
 * draws; Humphrey & Schmitz 2000 §4.3). The fair's draw is taken on every cross-cluster draw, visible or not
 * (common random numbers between arms).
 */
export function draw(w: World, cum: Float64Array, rng: Rng, only: number): number {
  let c = only;
  if (c < 0) {
    const total = cum[cum.length - 1];
    if (total <= 0) return -1;
    const u = rng.next() * total;
    c = 0;
    while (c < cum.length - 1 && cum[c] <= u) c++;
  }
  const lo = w.clusters.clusterStart[c];
  const n = w.clusters.clusterEnd[c] - lo;
  if (only >= 0) return lo + rng.int(n);
  // the fair draw is always taken, visible or not, so arms with and without marketing share their random numbers
  const u = rng.next();
  const vis = w.params.switches.visibility ? w.clusters.clusterVisibility[c] : 0;
  if (vis > 0 && u < vis / (1 + vis)) {
    for (let t = 0; t < 8; t++) {
      const i = lo + rng.int(n);
      if (w.firms.alive[i] && (w.firms.joint[i] >>> J_MARKETING) & 1) return i;
    }
  }
  return lo + rng.int(n);
}

