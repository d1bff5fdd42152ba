/**
 * Cluster life cycle (MODEL.md §4.8; Gancarczyk & Bohatkiewicz 2018 §LC and
 * Table 1; Menzel & Fornahl 2010).
 *
 * The classifier reads only firm-count dynamics (smoothed growth of the
 * number of firms), technological variety (sd of technology positions) and
 * network openness (share of live knowledge ties that leave the cluster) —
 * never upgrading counts. Density (live local ties per tie slot) is
 * computed and reported but not used by the classifier: in this model
 * closed networks are read from openness. A stage changes only after `min_dwell` ticks in it, only along
 * the allowed transition graph, and only when a threshold is crossed by a
 * hysteresis margin:
 *
 *   emergence  → growth | decline
 *   growth     → sustainment | decline
 *   sustainment→ decline | renewal
 *   decline    → renewal
 *   renewal    → growth | sustainment | decline
 *
 * Rules (g = smoothed growth, v = variety, o = openness; hi/lo thresholds
 * shifted outward by the margin): growth when g > hi; growth → sustainment
 * when g falls below hi; → decline when g < lo, or from sustainment when
 * technology is strongly focused and networks closed (v < v_low, o < o_low,
 * g ≤ 0: Table 1 "strongly focused technology, closed networks"); decline
 * or sustainment → renewal when g > hi, or g > 0 with new heterogeneity or
 * open networks (v > v_high or o > o_low: Table 1 "new technological
 * heterogeneity, strong networks sourcing external knowledge"); renewal →
 * growth when g > hi, → sustainment when growth settles.
 * Upgrading prospects by stage are not set here: they come out of the
 * mechanisms that these states drive (variety in spillovers, openness in
 * pipelines, entry in growth).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { DECLINE, EMERGENCE, GROWTH, RENEWAL, STAGES, SUSTAINMENT } from '../constants.js';
import type { World } from '../world.js';

/** Allowed transitions (from → to). */
export const TRANSITIONS: Readonly<Record<number, readonly number[]>> = {
  [EMERGENCE]: [GROWTH, DECLINE],
  [GROWTH]: [SUSTAINMENT, DECLINE],
  [SUSTAINMENT]: [DECLINE, RENEWAL],
  [DECLINE]: [RENEWAL],
  [RENEWAL]: [GROWTH, SUSTAINMENT, DECLINE],
};

export interface StageInputs {
  stage: number;
  /** Ticks since the stage began. */
  dwell: number;
  /** Ticks since the cluster arrived. */
  age: number;
  growth: number;
  variety: number;
  openness: number;
}

/** The next stage given the classifier inputs (pure; tested on constructed inputs). */
export function classify(lc: World['params']['lifecycle'], x: StageInputs): number {
  if (x.dwell < lc.min_dwell) return x.stage;
  const m = lc.margin;
  const hi = lc.growth_high * (1 + m);
  const hiSettled = lc.growth_high * (1 - m);
  const lo = lc.growth_low * (1 + m);
  const focused = x.variety < lc.variety_low * (1 - m) && x.openness < lc.openness_low * (1 - m);
  const renewing = x.variety > lc.variety_high * (1 + m) || x.openness > lc.openness_low * (1 + m);
  let next = x.stage;
  switch (x.stage) {
    case EMERGENCE:
      if (x.growth > hi) next = GROWTH;
      else if (x.age > lc.emergence_ticks && x.growth < lo) next = DECLINE;
      break;
    case GROWTH:
      if (x.growth < lo) next = DECLINE;
      else if (x.growth < hiSettled) next = SUSTAINMENT;
      break;
    case SUSTAINMENT:
      if (x.growth < lo || (focused && x.growth <= 0)) next = DECLINE;
      else if (x.growth > hi || (x.growth > 0 && renewing)) next = RENEWAL;
      break;
    case DECLINE:
      if (x.growth > hi || (x.growth > 0 && renewing)) next = RENEWAL;
      break;
    case RENEWAL:
      if (x.growth < lo) next = DECLINE;
      else if (x.growth > hi) next = GROWTH;
      else if (x.growth < hiSettled && !renewing) next = SUSTAINMENT;
      break;
  }
  if (next !== x.stage && !TRANSITIONS[x.stage].includes(next)) throw new Error(`lifecycle: ${STAGES[x.stage]} -> ${STAGES[next]} is not allowed`);
  return next;
}

/** Refresh cluster statistics: variety, openness, density, mean technology. */
export function clusterStatistics(w: World): void {
  for (let c = 0; c < w.clusters.nClusters; c++) {
    let n = 0;
    let t1 = 0;
    let t2 = 0;
    let local = 0;
    let external = 0;
    let capSum = 0;
    for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
      if (!w.firms.alive[i]) continue;
      n++;
      const t = w.firms.technology[i];
      t1 += t;
      t2 += t * t;
      capSum += w.firms.meanCap(i);
      for (let k = 0; k < w.firms.tieSlots; k++) {
        const j = w.firms.ties[i * w.firms.tieSlots + k];
        if (j >= 0 && w.firms.alive[j]) local++;
      }
      for (let k = 0; k < w.firms.extSlots; k++) {
        const j = w.firms.ext[i * w.firms.extSlots + k];
        if (j >= 0 && w.firms.alive[j]) external++;
      }
    }
    const mean = n > 0 ? t1 / n : 0;
    w.clusters.clusterTechMean[c] = mean;
    w.clusters.clusterCapMean[c] = n > 0 ? capSum / n : 0;
    w.clusters.clusterVariety[c] = n > 0 ? Math.sqrt(Math.max(0, t2 / n - mean * mean)) : 0;
    w.clusters.clusterOpenness[c] = local + external > 0 ? external / (local + external) : 0;
    w.clusters.clusterDensity[c] = n > 0 && w.firms.tieSlots > 0 ? local / (n * w.firms.tieSlots) : 0;
  }
}

export function lifecyclePhase(w: World, ctx: PhaseContext): void {
  clusterStatistics(w);
  const lc = w.params.lifecycle;
  for (let c = 0; c < w.clusters.nClusters; c++) {
    if (!w.clusters.clusterActive[c]) continue;
    const n = w.aliveIn(c);
    const prev = w.clusters.clusterFirmsPrev[c];
    const g = prev > 0 ? (n - prev) / prev : 0;
    w.clusters.clusterGrowth[c] = (1 - lc.ema) * w.clusters.clusterGrowth[c] + lc.ema * g;
    w.clusters.clusterFirmsPrev[c] = n;
    const stage = w.clusters.clusterStage[c];
    const next = classify(lc, {
      stage,
      dwell: ctx.tick - w.clusters.clusterStageSince[c],
      age: ctx.tick - w.clusters.clusterArrival[c],
      growth: w.clusters.clusterGrowth[c],
      variety: w.clusters.clusterVariety[c],
      openness: w.clusters.clusterOpenness[c],
    });
    if (next !== stage) {
      w.clusters.clusterStage[c] = next;
      w.clusters.clusterStageSince[c] = ctx.tick;
      w.emit(-1, -1, 'stage', `${STAGES[stage]}->${STAGES[next]}`, -1, c);
    }
  }
}
