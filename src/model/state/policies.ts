/**
 * Policy-instrument state: the scenario's policies as scheduled in the world
 * (`list[k]` for `world.policies[k]`), with the clusters each reaches, its
 * target status, whether it is active or vetoed, and its intensity over time.
 */
import { compileFormula } from '../../engine/formula.js';
import { STATUSES } from '../constants.js';
import { POLICY_SYMBOLS, type PolicyDef, type WorldDef } from '../inputs.js';
import type { ClusterStore } from './clusters.js';

/** A policy instrument as scheduled in the world (resolved ids). */
export interface PolicyState {
  def: PolicyDef;
  /** Cluster indices it reaches. */
  clusters: number[];
  status: number; // -1 = all
  active: boolean;
  /** For reposition-tagged policies: vetoed at start. */
  vetoed: boolean;
  /** Intensity at tick t (a constant, or the compiled formula). */
  intensity: (t: number) => number;
}

/** A policy's intensity as a function of the tick: its number, or its formula compiled once. */
function intensityOf(p: PolicyDef): (t: number) => number {
  if (typeof p.intensity === 'number') {
    const v = p.intensity;
    return () => v;
  }
  const f = compileFormula(p.intensity, POLICY_SYMBOLS);
  const until = p.end;
  return (t) => Math.max(0, f.evaluate({ t, start: p.start, until }));
}

export class PolicyStore {
  /** The policies, in scenario order. */
  readonly list: PolicyState[];

  constructor(def: WorldDef, clusters: ClusterStore, countryIds: readonly string[]) {
    const Q = clusters.nClusters;
    const clusterIndex = new Map(clusters.clusterIds.map((id, i) => [id, i] as const));
    const countryIndex = new Map(countryIds.map((id, i) => [id, i] as const));
    const clusterCountry = clusters.clusterCountry;
    this.list = def.policies.map((p) => ({
      def: p,
      clusters: (p.clusters.length > 0 ? p.clusters.map((id) => clusterIndex.get(id) as number) : [...Array(Q).keys()]).filter((c) => {
        if (p.level === 'regional') return true;
        if (p.level === 'national') {
          const country = p.country ? countryIndex.get(p.country) : clusterCountry[p.clusters.length > 0 ? (clusterIndex.get(p.clusters[0]) as number) : 0];
          return clusterCountry[c] === country;
        }
        return true;
      }),
      status: p.status === 'all' ? -1 : STATUSES.indexOf(p.status),
      active: false,
      vetoed: false,
      intensity: intensityOf(p),
    }));
  }
}
