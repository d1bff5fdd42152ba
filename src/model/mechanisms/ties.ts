/**
 * External ties (pipelines): a firm's knowledge ties to firms of other
 * clusters (Bathelt et al.'s pipelines; EU clusters in GVCs 2018 on
 * inter-cluster co-operation). Used by matchmaking policy, inter-cluster
 * co-operation in joint action, and lead firms' selective relocation.
 */
import type { World } from '../world.js';

/** Give firm i an external tie to a random live firm of another active cluster. */
export function addExternalTie(w: World, i: number, rng: { next(): number; int(n: number): number }, target = -1): boolean {
  const E = w.firms.extSlots;
  if (E === 0) return false;
  let slot = -1;
  for (let t = 0; t < E; t++) if (w.firms.ext[i * E + t] < 0 || !w.firms.alive[w.firms.ext[i * E + t]]) (slot = t), (t = E);
  if (slot < 0) return false;
  const own = w.firms.firmCluster[i];
  for (let tries = 0; tries < 8; tries++) {
    const c = target >= 0 ? target : rng.int(w.clusters.nClusters);
    if (c === own || !w.clusters.clusterActive[c]) continue;
    const j = w.clusters.clusterStart[c] + rng.int(w.clusters.clusterEnd[c] - w.clusters.clusterStart[c]);
    if (!w.firms.alive[j]) continue;
    w.firms.ext[i * E + slot] = j;
    return true;
  }
  return false;
}
