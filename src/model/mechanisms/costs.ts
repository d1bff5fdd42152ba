/**
 * Unit costs (MODEL.md §4.4; Kaplinsky 2015 §3a on logistics): labour per
 * unit (lower with process capability and the cluster's infrastructure),
 * unit labour cost at the cluster's wage in buyers' currency (wage index
 * and exchange rate), and the landed cost a buyer pays for: unit labour
 * cost plus freight, which grows with the cluster's distance from the buyer
 * and falls for members of a joint-logistics project (Kaplinsky 2015 §3d;
 * issue 9 item 7). Used by sourcing, bargaining and production alike, so a
 * price and the cost it must cover are computed once.
 */
import { J_LOGISTICS, K, PROCESS } from '../constants.js';
import type { World } from '../world.js';

/** Labour per unit of firm i: lower with process capability and the cluster's infrastructure. */
export function unitLabour(w: World, i: number): number {
  const pr = w.params.production;
  const ci = w.firms.firmCluster[i];
  return pr.labour_per_unit * (1 - pr.process_saving * w.firms.cap[i * K + PROCESS]) * (1 - pr.infrastructure_saving * w.clusters.clusterInfrastructure[ci]);
}

/** Unit labour cost of firm i in buyers' currency (what its price must cover). */
export function unitCost(w: World, i: number): number {
  return w.wage(w.firms.firmCluster[i]) * unitLabour(w, i);
}

/**
 * Logistics cost per unit of firm i's product delivered to buyer b: the
 * cluster's distance (0 when the buyer's home is the firm's cluster), less
 * what infrastructure saves, less `joint_action.logistics_saving` while the
 * firm is in a joint-logistics project (joint-action.ts). `seen`: the cost as
 * buyers compare it (landedCost), which ignores the saving when
 * switches.logistics_landed is off.
 */
export function logisticsCost(w: World, b: number, i: number, seen = false): number {
  const ci = w.firms.firmCluster[i];
  if (w.buyers.buyerHome[b] === ci) return 0;
  const pr = w.params.production;
  const shared = (w.firms.joint[i] >>> J_LOGISTICS) & 1 && (!seen || w.params.switches.logistics_landed) ? 1 - w.params.joint_action.logistics_saving : 1;
  return pr.logistics_cost * w.clusters.clusterDistance[ci] * (1 - pr.infrastructure_saving * w.clusters.clusterInfrastructure[ci]) * shared;
}

/**
 * Landed cost per unit of firm i's product for buyer b: unit labour cost + logistics, in buyers' currency. With
 * switches.logistics_landed off (a knockout upstream of the buyers' choice) the buyer's landed cost ignores the
 * joint-logistics saving, which then only lowers the freight the member pays (production.ts).
 */
export function landedCost(w: World, b: number, i: number): number {
  return unitCost(w, i) + logisticsCost(w, b, i, true);
}

