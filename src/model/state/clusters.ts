/**
 * Cluster state: country, arrival, the cluster's range of firm slots
 * (`clusterStart`..`clusterEnd`: initial firms plus room for entrants and
 * spin-offs), wage, domestic market, institutions (infrastructure,
 * association, trust, reputation), chains served, life-cycle stage and the
 * per-tick statistics the life-cycle phase refreshes (indexed by cluster
 * number, in the order of `world.clusters`).
 */
import { EMERGENCE, JK, K, STAGES } from '../constants.js';
import type { WorldDef } from '../inputs.js';

export class ClusterStore {
  readonly nClusters: number;
  readonly clusterIds: string[];
  readonly clusterCountry: Int32Array;
  readonly clusterArrival: Int32Array;
  readonly clusterActive: Uint8Array;
  readonly clusterStart: Int32Array;
  /** End of the cluster's slot range (start + capacity). */
  readonly clusterEnd: Int32Array;
  readonly clusterInitialFirms: Int32Array;
  readonly clusterWage: Float64Array;
  readonly clusterDomesticVolume: Float64Array;
  /** Home market: demand at the cluster's first tick, its price index then (home currency), and this tick's demand. */
  readonly clusterHomeDemand0: Float64Array;
  readonly clusterHomePrice0: Float64Array;
  readonly clusterHomeDemand: Float64Array;
  readonly clusterInfrastructure: Float64Array;
  /** Distance from the chains' buyers (logistics cost). */
  readonly clusterDistance: Float64Array;
  readonly clusterAssociation: Float64Array;
  /** Contractual trust (Kaplinsky 2015 §3a: will members adhere to their commitments?): gates whether a project is tried; moves on whether members kept paying their dues. */
  readonly clusterTrust: Float64Array;
  /** Competence trust per kind (cluster-major, JK per cluster; Kaplinsky 2015 §3a): each firm's willingness to be a candidate for a project of that kind; moves on members' outcome against non-members'. */
  readonly clusterCompetenceTrust: Float64Array;
  /** Visibility to scouting buyers this tick from a running joint-marketing project (trade-fair stands; Humphrey & Schmitz 2000 §4.3): visibility_gain × the members' share of the cluster's revenue. */
  readonly clusterVisibility: Float64Array;
  /** Per cluster and kind: members who joined the running project at its start, members who stopped paying (defected) since, and the mean outcome of the other clusters' firms at its start (the comparison when every firm joined). */
  readonly clusterJointJoined: Int32Array;
  readonly clusterJointLeft: Int32Array;
  readonly clusterJointRef: Float64Array;
  /** Running mean of the share of members that kept paying to a project's end, per cluster (NaN before the first end; contractual trust reads κ against it). */
  readonly clusterKeepMean: Float64Array;
  readonly clusterReputation: Float64Array;
  readonly clusterChains: Uint32Array;
  readonly clusterStage: Int8Array;
  readonly clusterStageSince: Int32Array;
  readonly clusterGrowth: Float64Array;
  readonly clusterFirmsPrev: Float64Array;
  /** Cluster revenue over recent ticks (ring of 4) for crisis detection. */
  readonly clusterRevenueHist: Float64Array;
  /** Links of the cluster's firms that ended this tick (orders.ts), and the smoothed share of its links that end per tick (investment.ts). */
  readonly clusterLinkEnds: Float64Array;
  readonly clusterChurn: Float64Array;
  readonly clusterCrisis: Uint8Array;
  /** Policy boost of this tick to the probability of a joint-action project, per kind (cluster-major, JK per cluster). */
  readonly clusterJointBoost: Float64Array;
  /** Ticks left of the running joint-action project of each kind (cluster-major, JK per cluster); 0 = none running. */
  readonly clusterJointTicks: Int32Array;
  /** The co-members' best practice of the running learning project: the members' highest capability per capability (cluster-major, K per cluster), set by the joint-action phase, read by learning (the term J). */
  readonly clusterJointBest: Float64Array;
  /** The outside best practice a running learning project reaches (review S1; H&S 2000 §2.1, §4.1; Kaplinsky 2015 §3a): its level, `learning.frontier` × access, and its position in technology space (NaN: none). */
  readonly clusterJointOutside: Float64Array;
  readonly clusterJointOutTech: Float64Array;
  /** Per-cluster statistics refreshed by the life-cycle phase. */
  readonly clusterVariety: Float64Array;
  readonly clusterOpenness: Float64Array;
  readonly clusterDensity: Float64Array;
  readonly clusterIntegration: Float64Array;
  readonly clusterTechMean: Float64Array;
  readonly clusterCapMean: Float64Array;
  /** Smart-specialisation support level this tick. */
  readonly clusterSmart: Float64Array;
  /** Local-content requirement share this tick. */
  readonly clusterLocalContent: Float64Array;
  /** Total number of firm slots (the end of the last cluster's range). */
  readonly slots: number;

  constructor(def: WorldDef, countryIds: readonly string[], chainIds: readonly string[]) {
    const Q = (this.nClusters = def.clusters.length);
    this.clusterIds = def.clusters.map((c) => c.id);
    const countryIndex = new Map(countryIds.map((id, i) => [id, i] as const));
    const chainIndex = new Map(chainIds.map((id, i) => [id, i] as const));
    this.clusterCountry = Int32Array.from(def.clusters, (c) => (c.country ? (countryIndex.get(c.country) ?? 0) : 0));
    this.clusterArrival = Int32Array.from(def.clusters, (c) => c.arrival);
    this.clusterActive = Uint8Array.from(def.clusters, (c) => (c.arrival <= 0 ? 1 : 0));
    this.clusterStart = new Int32Array(Q);
    this.clusterEnd = new Int32Array(Q);
    this.clusterInitialFirms = Int32Array.from(def.clusters, (c) => c.firms);
    this.clusterWage = Float64Array.from(def.clusters, (c) => c.wage);
    this.clusterDomesticVolume = Float64Array.from(def.clusters, (c) => c.domestic_volume);
    this.clusterHomeDemand0 = new Float64Array(def.clusters.length);
    this.clusterHomePrice0 = new Float64Array(def.clusters.length);
    this.clusterHomeDemand = new Float64Array(def.clusters.length);
    this.clusterInfrastructure = Float64Array.from(def.clusters, (c) => c.infrastructure);
    this.clusterDistance = Float64Array.from(def.clusters, (c) => c.distance);
    this.clusterAssociation = Float64Array.from(def.clusters, (c) => c.association);
    this.clusterTrust = Float64Array.from(def.clusters, (c) => c.trust);
    this.clusterCompetenceTrust = Float64Array.from({ length: Q * JK }, (_, x) => def.clusters[Math.floor(x / JK)].trust);
    this.clusterVisibility = new Float64Array(Q);
    this.clusterJointJoined = new Int32Array(Q * JK);
    this.clusterJointLeft = new Int32Array(Q * JK);
    this.clusterJointRef = new Float64Array(Q * JK);
    this.clusterKeepMean = new Float64Array(Q).fill(NaN);
    this.clusterReputation = new Float64Array(Q);
    this.clusterChains = Uint32Array.from(def.clusters, (c) => {
      if (c.chains.length === 0) return 1;
      let m = 0;
      for (const id of c.chains) m |= 1 << (chainIndex.get(id) ?? 0);
      return m >>> 0;
    });
    this.clusterStage = new Int8Array(Q).fill(EMERGENCE);
    this.clusterStageSince = new Int32Array(Q);
    this.clusterGrowth = new Float64Array(Q);
    this.clusterFirmsPrev = new Float64Array(Q);
    this.clusterRevenueHist = new Float64Array(Q * 4);
    this.clusterLinkEnds = new Float64Array(Q);
    this.clusterChurn = new Float64Array(Q);
    this.clusterCrisis = new Uint8Array(Q);
    this.clusterJointBoost = new Float64Array(Q * JK);
    this.clusterJointTicks = new Int32Array(Q * JK);
    this.clusterJointBest = new Float64Array(Q * K);
    this.clusterJointOutside = new Float64Array(Q);
    this.clusterJointOutTech = new Float64Array(Q).fill(NaN);
    this.clusterVariety = new Float64Array(Q);
    this.clusterOpenness = new Float64Array(Q);
    this.clusterDensity = new Float64Array(Q);
    this.clusterIntegration = new Float64Array(Q);
    this.clusterTechMean = new Float64Array(Q);
    this.clusterCapMean = new Float64Array(Q);
    this.clusterSmart = new Float64Array(Q);
    this.clusterLocalContent = new Float64Array(Q);
    let n = 0;
    def.clusters.forEach((c, ci) => {
      this.clusterStart[ci] = n;
      n += Math.max(c.firms, c.capacity > 0 ? c.capacity : Math.ceil(1.5 * c.firms));
      this.clusterEnd[ci] = n;
    });
    this.slots = n;
  }

  /** Name of cluster c's stage. */
  stageName(c: number): (typeof STAGES)[number] {
    return STAGES[this.clusterStage[c]];
  }
}
