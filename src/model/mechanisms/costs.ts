/**
 * Unit costs (MODEL.md §4.4; Kaplinsky 2015 §3a on logistics): labour per
 * unit (lower with process capability, the cluster's infrastructure and
 * joint action), unit labour cost at the cluster's wage in buyers' currency
 * (wage index and exchange rate), and the landed cost a buyer pays for:
 * unit labour cost plus freight, which grows with the cluster's distance
 * from the buyer. Used by sourcing, bargaining and production alike, so a
 * price and the cost it must cover are computed once.
 */
import { K, PROCESS } from '../constants.js';
import type { World } from '../world.js';

/** Labour per unit of firm i: lower with process capability, the cluster's infrastructure and joint action. */
export function unitLabour(w: World, i: number): number {
  const p = w.params;
  const pr = p.production;
  const ci = w.firms.firmCluster[i];
  return (
    pr.labour_per_unit *
    (1 - pr.process_saving * w.firms.cap[i * K + PROCESS]) *
    (1 - pr.infrastructure_saving * w.clusters.clusterInfrastructure[ci]) *
    (w.firms.joint[i] ? 1 - p.joint_action.cost_saving : 1)
  );
}

/** Unit labour cost of firm i in buyers' currency (what its price must cover). */
export function unitCost(w: World, i: number): number {
  return w.wage(w.firms.firmCluster[i]) * unitLabour(w, i);
}

/**
 * Logistics cost per unit of firm i's product delivered to buyer b: the
 * cluster's distance (0 when the buyer's home is the firm's cluster), less
 * what infrastructure saves.
 */
export function logisticsCost(w: World, b: number, i: number): number {
  const ci = w.firms.firmCluster[i];
  if (w.buyers.buyerHome[b] === ci) return 0;
  const pr = w.params.production;
  return pr.logistics_cost * w.clusters.clusterDistance[ci] * (1 - pr.infrastructure_saving * w.clusters.clusterInfrastructure[ci]);
}

/** Landed cost per unit of firm i's product for buyer b: unit labour cost + logistics, in buyers' currency. */
export function landedCost(w: World, b: number, i: number): number {
  return unitCost(w, i) + logisticsCost(w, b, i);
}

