/**
 * Value-chain state: driver, product architecture (complexity,
 * codifiability, modularity and their drift), standard, price, demand,
 * technology frontier, rent erosion (an outcome of bargaining), buyer concentration and the suppliers' competence distribution, and the value-added shares and guarded
 * functions per chain (indexed by chain number, in the order of
 * `world.chains`).
 */
import { DRIVERS, FUNCTIONS, K } from '../constants.js';
import type { WorldDef } from '../inputs.js';
import type { Params } from '../params.js';

/** Bins of the per-chain competence histogram (bargaining's scarcity percentile). */
export const HIST_BINS = 64;

export class ChainStore {
  readonly nChains: number;
  readonly chainIds: string[];
  readonly chainDriver: Uint8Array;
  readonly chainComplexity: Float64Array;
  readonly chainCodifiability: Float64Array;
  readonly chainModularity: Float64Array;
  readonly chainComplexityDrift: Float64Array;
  readonly chainCodifiabilityDrift: Float64Array;
  readonly chainModularityDrift: Float64Array;
  readonly chainStandard: Float64Array;
  readonly chainPrice: Float64Array;
  readonly chainDemand: Float64Array;
  /** Share of the chain's buyer demand that own brands of suppliers take this tick (own-brand.ts; orders.ts scales volumes by 1 − this). */
  readonly chainBrandShare: Float64Array;
  readonly chainTechnology: Float64Array;
  /**
   * Rent erosion as an outcome, per chain: Σ q·p over the chain's links
   * divided by what the same links would fetch if no buyer had an outside
   * option (1 = no erosion). Written by bargaining; read as price pressure.
   */
  readonly chainPriceIndex: Float64Array;
  /** Supplier places of the chain's active buyers (Σ suppliers), per chain: the demand side of scarcity. */
  readonly chainPlaces: Float64Array;
  /** Herfindahl index of the chain's buyer demand (active buyers), per chain. */
  readonly chainBuyerHHI: Float64Array;
  /** Competence histogram of the chain's suppliers in all active clusters: hist[c * HIST_BINS + bin] = firms at or below that bin (cumulative). */
  readonly chainCompHist: Float64Array;
  /** The same per (chain, cluster), for buyers that source at home: hist[(c * nClusters + q) * HIST_BINS + bin]. */
  readonly chainClusterHist: Float64Array;
  /** Value-added shares of FUNCTIONS per chain: va[c * F + f]. */
  readonly chainVa: Float64Array;
  /** Whether the chain's buyers guard design / marketing (driver; Dai Table III): guard[c * K + k] in [0,1]. */
  readonly chainGuard: Float64Array;

  constructor(def: WorldDef, P: Params) {
    const C = (this.nChains = def.chains.length);
    this.chainIds = def.chains.map((c) => c.id);
    this.chainDriver = Uint8Array.from(def.chains, (c) => DRIVERS.indexOf(c.driver));
    this.chainComplexity = Float64Array.from(def.chains, (c) => c.complexity);
    this.chainCodifiability = Float64Array.from(def.chains, (c) => c.codifiability);
    this.chainModularity = Float64Array.from(def.chains, (c) => c.modularity);
    this.chainComplexityDrift = Float64Array.from(def.chains, (c) => c.complexity_drift);
    this.chainCodifiabilityDrift = Float64Array.from(def.chains, (c) => c.codifiability_drift);
    this.chainModularityDrift = Float64Array.from(def.chains, (c) => c.modularity_drift);
    this.chainStandard = Float64Array.from(def.chains, (c) => c.standard);
    this.chainPrice = Float64Array.from(def.chains, (c) => c.price);
    this.chainDemand = new Float64Array(C).fill(1);
    this.chainBrandShare = new Float64Array(C);
    this.chainTechnology = Float64Array.from(def.chains, (c) => c.technology);
    this.chainPriceIndex = new Float64Array(C).fill(1);
    this.chainPlaces = new Float64Array(C);
    this.chainBuyerHHI = new Float64Array(C);
    this.chainCompHist = new Float64Array(C * HIST_BINS);
    this.chainClusterHist = new Float64Array(C * def.clusters.length * HIST_BINS);
    const F = FUNCTIONS.length;
    this.chainVa = new Float64Array(C * F);
    this.chainGuard = new Float64Array(C * K);
    def.chains.forEach((c, ci) => {
      const va = c.driver === 'buyer' ? P.production.va_buyer : c.driver === 'producer' ? P.production.va_producer : P.production.va_mixed;
      for (let f = 0; f < F; f++) this.chainVa[ci * F + f] = va[f];
      // buyer-driven chains guard design and marketing; producer-driven guard design (technology) but not marketing
      this.chainGuard[ci * K + 2] = 1;
      this.chainGuard[ci * K + 3] = c.driver === 'buyer' ? 1 : c.driver === 'mixed' ? 0.5 : 0;
    });
  }
}
