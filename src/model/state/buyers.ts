/**
 * Global-buyer state, indexed by buyer number (a buyer group of `count` n
 * gives n buyers, `id-1`..`id-n`): group, type, chain, home cluster, activity,
 * link counts, the per-buyer copies of the type profile (refreshed by
 * `World.refreshBuyers()`), the learned governance-mode attractions, and the
 * highest role each governance mode allows.
 */
import { BUYER_TYPES, M, MODES, ROLES } from '../constants.js';
import type { WorldDef } from '../inputs.js';
import type { Params } from '../params.js';

/** Number of competence bins of a buyer's learned mode attractions. */
export const BINS = 5;

export class BuyerStore {
  readonly nBuyers: number;
  readonly buyerIds: string[];
  readonly buyerGroup: Int32Array;
  readonly buyerGroupIds: string[];
  readonly buyerType: Uint8Array;
  readonly buyerChain: Int32Array;
  readonly buyerHome: Int32Array;
  readonly buyerActive: Uint8Array;
  readonly buyerLinks: Int32Array;
  /** Supplier places a buyer fills from abroad (orders that left with a relocating firm). */
  readonly buyerAbroad: Int32Array;
  /** Orders: share-weighted mean surplus S̄ and value V̄ per unit over the buyer's links (last orders phase). */
  readonly buyerMeanSurplus: Float64Array;
  readonly buyerMeanValue: Float64Array;
  /** Orders: share-weighted mean switching cost per unit, Σ sh·`switch_cost`[mode]·V / Σ sh, over the buyer's links (trial orders). */
  readonly buyerMeanSwitch: Float64Array;
  /** This tick's best scouted alternative (firm slot, or -1) and what it would leave the buyer per unit. */
  readonly buyerBestAlt: Int32Array;
  readonly buyerBestOffer: Float64Array;
  /** Outside option Ŝ: smoothed surplus per unit of the best alternative supplier the buyer scouts (bargaining). */
  readonly buyerOutside: Float64Array;
  /**
   * Final demand (final-demand.ts): the buyer's demand factor D_b (1 until its reference is set, and with
   * `switches.final_demand` off), its reference purchase price per unit of value m_ref (0 = not yet set) and this
   * tick's m_b = Σ q·p / Σ q·V over its links (buyerWorth: scratch Σ q·V).
   */
  readonly buyerDemand: Float64Array;
  readonly buyerPriceRef: Float64Array;
  readonly buyerPriceIndex: Float64Array;
  readonly buyerWorth: Float64Array;
  /** Per-buyer copies of the type profile, refreshed by `World.refreshBuyers()` (hot-path reads). */
  readonly buyerStd: Float64Array;
  readonly buyerLoss: Float64Array;
  readonly buyerKnowledge: Float64Array;
  readonly buyerLinkVolume: Float64Array;
  /** Supplier places (the type's `suppliers`) and candidates drawn per scouting (`scout_sample`), per buyer. */
  readonly buyerSuppliers: Int32Array;
  readonly buyerScout: Int32Array;
  readonly buyerDefines: Uint8Array;
  readonly buyerMaxRole: Int8Array;
  /** Learned attraction per (buyer, competence bin, mode): attr[(b * BINS + bin) * M + m]. */
  readonly attraction: Float64Array;
  readonly experience: Float64Array;
  /** Highest role allowed per governance mode (blocking table, retaliation half). */
  readonly modeMaxRole: Int8Array;

  constructor(def: WorldDef, P: Params, chainIds: readonly string[], clusterIds: readonly string[]) {
    const chainIndex = new Map(chainIds.map((id, i) => [id, i] as const));
    const clusterIndex = new Map(clusterIds.map((id, i) => [id, i] as const));
    const ids: string[] = [];
    const groups: number[] = [];
    const types: number[] = [];
    const chains: number[] = [];
    const homes: number[] = [];
    def.buyers.forEach((g, gi) => {
      for (let b = 0; b < g.count; b++) {
        ids.push(g.count === 1 ? g.id : `${g.id}-${b + 1}`);
        groups.push(gi);
        types.push(BUYER_TYPES.indexOf(g.type));
        chains.push(chainIndex.get(g.chain) as number);
        homes.push(g.home ? (clusterIndex.get(g.home) ?? -1) : -1);
      }
    });
    const B = (this.nBuyers = ids.length);
    this.buyerIds = ids;
    this.buyerGroupIds = def.buyers.map((g) => g.id);
    this.buyerGroup = Int32Array.from(groups);
    this.buyerType = Uint8Array.from(types);
    this.buyerChain = Int32Array.from(chains);
    this.buyerHome = Int32Array.from(homes);
    this.buyerActive = Uint8Array.from(groups, (g) => (def.buyers[g].arrival <= 0 ? 1 : 0));
    this.buyerLinks = new Int32Array(B);
    this.buyerAbroad = new Int32Array(B);
    this.buyerOutside = new Float64Array(B);
    this.buyerMeanSurplus = new Float64Array(B);
    this.buyerMeanValue = new Float64Array(B);
    this.buyerMeanSwitch = new Float64Array(B);
    this.buyerBestAlt = new Int32Array(B).fill(-1);
    this.buyerBestOffer = new Float64Array(B);
    this.buyerDemand = new Float64Array(B).fill(1);
    this.buyerPriceRef = new Float64Array(B);
    this.buyerPriceIndex = new Float64Array(B);
    this.buyerWorth = new Float64Array(B);
    this.buyerStd = new Float64Array(B);
    this.buyerLoss = new Float64Array(B);
    this.buyerKnowledge = new Float64Array(B);
    this.buyerLinkVolume = new Float64Array(B);
    this.buyerSuppliers = new Int32Array(B);
    this.buyerScout = new Int32Array(B);
    this.buyerDefines = new Uint8Array(B);
    this.buyerMaxRole = new Int8Array(B);
    this.attraction = new Float64Array(B * BINS * M);
    this.experience = new Float64Array(B * BINS);
    this.modeMaxRole = Int8Array.from(MODES, (m) => ROLES.indexOf(P.roles[`max_${m}`]));
  }
}
