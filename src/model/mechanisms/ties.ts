/**
 * External ties (pipelines): a firm's knowledge ties to firms of other
 * clusters (Bathelt et al.'s pipelines; EU clusters in GVCs 2018 on
 * inter-cluster co-operation). Used by matchmaking policy, inter-cluster
 * co-operation in joint action, and lead firms' selective relocation.
 */
import type { World } from '../world.js';

/** Give firm i an external tie to a random live firm of another active cluster. */
export function addExternalTie(w: World, i: number, rng: { next(): number; int(n: number): number }, target = -1): boolean {
  const E = w.extSlots;
  if (E === 0) return false;
  let slot = -1;
  for (let t = 0; t < E; t++) if (w.ext[i * E + t] < 0 || !w.alive[w.ext[i * E + t]]) (slot = t), (t = E);
  if (slot < 0) return false;
  const own = w.firmCluster[i];
  for (let tries = 0; tries < 8; tries++) {
    const c = target >= 0 ? target : rng.int(w.nClusters);
    if (c === own || !w.clusterActive[c]) continue;
    const j = w.clusterStart[c] + rng.int(w.clusterEnd[c] - w.clusterStart[c]);
    if (!w.alive[j]) continue;
    w.ext[i * E + slot] = j;
    return true;
  }
  return false;
}
