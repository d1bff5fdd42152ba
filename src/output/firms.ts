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
  for (let c = 0; c < w.nClusters; c++) {
    const lo = w.clusterStart[c];
    const n = w.clusterEnd[c] - lo;
    const ids = new Int32Array(n);
    for (let k = 0; k < n; k++) ids[k] = lo + k;
    if (n > max) shuffle(ids, new Streams(seed).get(`output.firm-sample/${w.clusterIds[c]}`));
    picked.push(...Array.from(ids.subarray(0, Math.min(max, n))).sort((a, b) => a - b));
  }
  return Int32Array.from(picked);
}

/** One firms.csv row for the firm in slot i; `firm` is its id (`World.firmUid`), empty if the slot has never held a firm. */
export function firmRow(w: World, i: number): FirmRow {
  let links = 0;
  let main = -1;
  for (let j = 0; j < w.maxLinks; j++) {
    const s = i * w.maxLinks + j;
    if (w.linkBuyer[s] < 0) continue;
    links++;
    if (main < 0 || w.linkVolume[s] > w.linkVolume[main]) main = s;
  }
  const row: Record<string, number | string | null> = {
    tick: w.tick,
    firm: w.firmUid[i] >= 0 ? w.firmUid[i] : null,
    cluster: w.clusterIds[w.firmCluster[i]],
  };
  CAPABILITIES.forEach((name, k) => (row[`cap_${name}`] = w.cap[i * K + k]));
  row.absorptive = w.absorptive[i];
  row.technology = w.technology[i];
  row.effort = w.effort[i];
  row.wealth = w.wealth[i];
  row.revenue = w.revenue[i];
  row.workers = w.workers[i];
  row.links = links;
  row.main_buyer = main >= 0 ? w.buyerIds[w.linkBuyer[main]] : null;
  row.main_mode = main >= 0 ? MODES[w.linkMode[main]] : null;
  row.main_role = main >= 0 ? ROLES[w.linkRole[main]] : null;
  row.domestic_role = ROLES[w.domesticRole[i]];
  return row as FirmRow;
}
