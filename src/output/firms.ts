/** The optional, sampled per-firm table `firms.csv`. */
import { Streams, shuffle } from '../engine/rng.js';
import { CAPABILITIES, K, MODES, ROLES } from '../model/constants.js';
import type { World } from '../model/world.js';

export const FIRM_COLUMNS = [
  'tick',
  'firm',
  'cluster',
  ...CAPABILITIES.map((c) => `cap_${c}`),
  'absorptive',
  'technology',
  'effort',
  'wealth',
  'profit',
  'revenue',
  'workers',
  'links',
  'main_buyer',
  'main_mode',
  'main_role',
  'domestic_role',
] as const;
export type FirmRow = Record<(typeof FIRM_COLUMNS)[number], number | string | null>;

/**
 * A fixed seeded sample of at most `max` firm slots per cluster, in slot
 * order, drawn once at the start over each cluster's whole slot range (used
 * and spare capacity alike).
 *
 * The sample is of storage slots, not of firms: each firms.csv row reports
 * the live firm in a sampled slot at that tick, under its id (`firmRow`);
 * an empty slot (never used, or its firm exited) writes no row
 * (src/output/run.ts). When a sampled firm exits its rows stop; when an
 * entrant or spin-off later takes the slot, rows under the new firm's id
 * begin. Rows within a tick are in slot order, not id order.
 */
export function firmSample(w: World, seed: number, max: number): Int32Array {
  const picked: number[] = [];
  for (let c = 0; c < w.clusters.nClusters; c++) {
    const lo = w.clusters.clusterStart[c];
    const n = w.clusters.clusterEnd[c] - lo;
    const ids = new Int32Array(n);
    for (let k = 0; k < n; k++) ids[k] = lo + k;
    if (n > max) shuffle(ids, new Streams(seed).get(`output.firm-sample/${w.clusters.clusterIds[c]}`));
    picked.push(...Array.from(ids.subarray(0, Math.min(max, n))).sort((a, b) => a - b));
  }
  return Int32Array.from(picked);
}

/** One firms.csv row for the firm in slot i; `firm` is its id (`world.firms.firmUid`), empty if the slot has never held a firm. */
export function firmRow(w: World, i: number): FirmRow {
  let links = 0;
  let main = -1;
  for (let j = 0; j < w.links.maxLinks; j++) {
    const s = i * w.links.maxLinks + j;
    if (w.links.linkBuyer[s] < 0) continue;
    links++;
    if (main < 0 || w.links.linkVolume[s] > w.links.linkVolume[main]) main = s;
  }
  const row: Record<string, number | string | null> = {
    tick: w.tick,
    firm: w.firms.firmUid[i] >= 0 ? w.firms.firmUid[i] : null,
    cluster: w.clusters.clusterIds[w.firms.firmCluster[i]],
  };
  CAPABILITIES.forEach((name, k) => (row[`cap_${name}`] = w.firms.cap[i * K + k]));
  row.absorptive = w.firms.absorptive[i];
  row.technology = w.firms.technology[i];
  row.effort = w.firms.effort[i];
  row.wealth = w.firms.wealth[i];
  row.profit = w.firms.profit[i];
  row.revenue = w.firms.revenue[i];
  row.workers = w.firms.workers[i];
  row.links = links;
  row.main_buyer = main >= 0 ? w.buyers.buyerIds[w.links.linkBuyer[main]] : null;
  row.main_mode = main >= 0 ? MODES[w.links.linkMode[main]] : null;
  row.main_role = main >= 0 ? ROLES[w.links.linkRole[main]] : null;
  row.domestic_role = ROLES[w.firms.domesticRole[i]];
  return row as FirmRow;
}
