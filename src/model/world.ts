/**
 * State stores of the GVC model: chains, clusters, firms, buyers, links.
 *
 * Hot per-firm and per-link state lives in typed arrays indexed by id
 * (structure of arrays). Firms of one cluster are contiguous, and local ties
 * go to nearby ids, so a tick streams through memory. Links are stored in
 * fixed slots per firm (`firm * maxLinks + j`), so no allocation happens in
 * a tick and a buyer's links are found by one linear sweep.
 * `firm(i)` returns a plain snapshot for notebooks, tests and debugging.
 */
import { shuffle, type Streams } from '../engine/rng.js';
import {
  BUYER_TYPES,
  CAPABILITIES,
  DRIVERS,
  K,
  MODES,
  OBM,
  ODM,
  OEM,
  ROLES,
  type BuyerType,
} from './constants.js';
import type { WorldDef } from './inputs.js';
import type { Params } from './params.js';
import { potentialRole } from './roles.js';

/** Per-cluster counters of one tick, in this column order. */
export const COUNTERS = [
  'upg_process',
  'upg_product',
  'upg_functional',
  'upg_chain',
  'dng_process',
  'dng_product',
  'dng_functional',
  'dng_chain',
  'excluded',
] as const;
export type Counter = (typeof COUNTERS)[number];
export const NC = COUNTERS.length;
export const C_UPG_PROCESS = 0;
export const C_UPG_PRODUCT = 1;
export const C_UPG_FUNCTIONAL = 2;
export const C_DNG_PROCESS = 4;
export const C_DNG_PRODUCT = 5;
export const C_DNG_FUNCTIONAL = 6;
export const C_EXCLUDED = 8;

export interface SimEvent {
  tick: number;
  cluster: string;
  firm: number;
  /** Buyer id, or '' when no buyer is involved ('domestic' for the home market). */
  buyer: string;
  kind: string;
  detail: string;
}

export interface FirmSnapshot {
  id: number;
  cluster: string;
  alive: boolean;
  capabilities: Record<(typeof CAPABILITIES)[number], number>;
  absorptive: number;
  technology: number;
  effort: number;
  wealth: number;
  revenue: number;
  workers: number;
  domesticRole: (typeof ROLES)[number];
  links: { buyer: string; mode: (typeof MODES)[number]; role: (typeof ROLES)[number]; age: number; volume: number; price: number }[];
  ties: number[];
}

function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

export class World {
  readonly params: Params;
  tick = 0;

  // chains
  readonly nChains: number;
  readonly chainIds: string[];
  readonly chainDriver: Uint8Array;
  readonly chainComplexity: Float64Array;
  readonly chainCodifiability: Float64Array;
  readonly chainStandard: Float64Array;
  readonly chainPrice: Float64Array;

  // clusters
  readonly nClusters: number;
  readonly clusterIds: string[];
  readonly clusterStart: Int32Array;
  readonly clusterEnd: Int32Array;
  readonly clusterWage: Float64Array;
  readonly clusterDomesticVolume: Float64Array;

  // firms
  readonly N: number;
  readonly firmCluster: Int32Array;
  readonly alive: Uint8Array;
  /** Capabilities, firm-major: cap[i * K + k]. */
  readonly cap: Float64Array;
  /** Capability grades last recorded by the event detector: grade[i * K + k]. */
  readonly grade: Int16Array;
  readonly absorptive: Float64Array;
  readonly technology: Float64Array;
  readonly effort: Float64Array;
  readonly wealth: Float64Array;
  readonly revenue: Float64Array;
  readonly workers: Float64Array;
  readonly domesticRole: Int8Array;
  /** Local ties, firm-major with `tieSlots` per firm; -1 = empty. */
  readonly tieSlots: number;
  readonly ties: Int32Array;

  // buyers
  readonly nBuyers: number;
  readonly buyerIds: string[];
  readonly buyerType: Uint8Array;
  readonly buyerChain: Int32Array;
  readonly buyerLinks: Int32Array;
  /** Per-buyer copies of the type profile, refreshed by `refreshBuyers()` (hot-path reads). */
  readonly buyerStd: Float64Array;
  readonly buyerLoss: Float64Array;
  readonly buyerKnowledge: Float64Array;
  readonly buyerLinkVolume: Float64Array;
  readonly buyerDefines: Uint8Array;
  /** Highest role a buyer tolerates on any link (design/brand tolerance). */
  readonly buyerMaxRole: Int8Array;
  /** Highest role allowed per governance mode (blocking table, retaliation half). */
  readonly modeMaxRole: Int8Array;

  // links: slot s = firm * maxLinks + j
  readonly maxLinks: number;
  readonly linkBuyer: Int32Array;
  readonly linkMode: Int8Array;
  readonly linkRole: Int8Array;
  readonly linkAge: Int32Array;
  readonly linkVolume: Float64Array;
  readonly linkPrice: Float64Array;

  /** Per-cluster counters of the current tick: counters[c * NC + counter]. */
  readonly counters: Float64Array;
  /** Events of the current tick; the collector drains them. */
  events: SimEvent[] = [];

  constructor(def: WorldDef, params: Params, streams: Streams) {
    this.params = params;
    const chainIndex = new Map<string, number>();
    this.nChains = def.chains.length;
    this.chainIds = def.chains.map((c) => c.id);
    this.chainDriver = new Uint8Array(def.chains.map((c) => DRIVERS.indexOf(c.driver)));
    this.chainComplexity = Float64Array.from(def.chains, (c) => c.complexity);
    this.chainCodifiability = Float64Array.from(def.chains, (c) => c.codifiability);
    this.chainStandard = Float64Array.from(def.chains, (c) => c.standard);
    this.chainPrice = Float64Array.from(def.chains, (c) => c.price);
    def.chains.forEach((c, i) => chainIndex.set(c.id, i));

    this.nClusters = def.clusters.length;
    this.clusterIds = def.clusters.map((c) => c.id);
    this.clusterStart = new Int32Array(this.nClusters);
    this.clusterEnd = new Int32Array(this.nClusters);
    this.clusterWage = Float64Array.from(def.clusters, (c) => c.wage);
    this.clusterDomesticVolume = Float64Array.from(def.clusters, (c) => c.domestic_volume);
    let n = 0;
    def.clusters.forEach((c, ci) => {
      this.clusterStart[ci] = n;
      n += c.firms;
      this.clusterEnd[ci] = n;
    });
    const N = (this.N = n);
    this.firmCluster = new Int32Array(N);
    this.alive = new Uint8Array(N).fill(1);
    this.cap = new Float64Array(N * K);
    this.grade = new Int16Array(N * K);
    this.absorptive = new Float64Array(N);
    this.technology = new Float64Array(N);
    this.effort = new Float64Array(N);
    this.wealth = new Float64Array(N);
    this.revenue = new Float64Array(N);
    this.workers = new Float64Array(N);
    this.domesticRole = new Int8Array(N);
    this.tieSlots = Math.max(0, ...def.clusters.map((c) => c.ties));
    this.ties = new Int32Array(N * this.tieSlots).fill(-1);

    const step = params.events.step;
    def.clusters.forEach((c, ci) => {
      for (let i = this.clusterStart[ci]; i < this.clusterEnd[ci]; i++) {
        // one stream per firm: adding a firm never shifts another's draws
        const r = streams.get(`init.firm/${i}`);
        this.firmCluster[i] = ci;
        for (let k = 0; k < K; k++) {
          const v = clip01(c.capability.mean[k] + c.capability.sd * r.normal());
          this.cap[i * K + k] = v;
          this.grade[i * K + k] = Math.floor(v / step);
        }
        this.absorptive[i] = clip01(c.absorptive.mean + c.absorptive.sd * r.normal());
        this.technology[i] = clip01(c.technology.mean + c.technology.sd * r.normal());
        // local ties to distinct firms within tie_window places (spatial locality)
        const lo = this.clusterStart[ci];
        const size = this.clusterEnd[ci] - lo;
        const want = Math.min(c.ties, size - 1);
        let made = 0;
        let guard = 0;
        while (made < want && guard++ < want * 20) {
          const w = Math.min(c.tie_window, size - 1);
          let off = 1 + r.int(w);
          if (r.next() < 0.5) off = -off;
          const j = lo + ((((i - lo + off) % size) + size) % size);
          if (j === i) continue;
          let dup = false;
          for (let t = 0; t < made; t++) if (this.ties[i * this.tieSlots + t] === j) dup = true;
          if (dup) continue;
          this.ties[i * this.tieSlots + made++] = j;
        }
      }
    });

    // buyers
    const ids: string[] = [];
    const types: number[] = [];
    const chains: number[] = [];
    for (const g of def.buyers) {
      for (let b = 0; b < g.count; b++) {
        ids.push(g.count === 1 ? g.id : `${g.id}-${b + 1}`);
        types.push(BUYER_TYPES.indexOf(g.type));
        chains.push(chainIndex.get(g.chain) as number);
      }
    }
    this.nBuyers = ids.length;
    this.buyerIds = ids;
    this.buyerType = Uint8Array.from(types);
    this.buyerChain = Int32Array.from(chains);
    this.buyerLinks = new Int32Array(this.nBuyers);
    this.buyerStd = new Float64Array(this.nBuyers);
    this.buyerLoss = new Float64Array(this.nBuyers);
    this.buyerKnowledge = new Float64Array(this.nBuyers);
    this.buyerLinkVolume = new Float64Array(this.nBuyers);
    this.buyerDefines = new Uint8Array(this.nBuyers);
    this.buyerMaxRole = new Int8Array(this.nBuyers);
    this.modeMaxRole = Int8Array.from(MODES, (m) => ROLES.indexOf(params.roles[`max_${m}`]));
    this.refreshBuyers();

    this.maxLinks = params.sourcing.max_links;
    const S = N * this.maxLinks;
    this.linkBuyer = new Int32Array(S).fill(-1);
    this.linkMode = new Int8Array(S);
    this.linkRole = new Int8Array(S);
    this.linkAge = new Int32Array(S);
    this.linkVolume = new Float64Array(S);
    this.linkPrice = new Float64Array(S);

    this.counters = new Float64Array(this.nClusters * NC);
    // a firm starts in the role its capabilities support on its home market
    for (let i = 0; i < N; i++) this.domesticRole[i] = potentialRole(this, i);
  }

  /** Recompute the per-buyer arrays from type profiles and chain standards (after a shock changes them). */
  refreshBuyers(): void {
    for (let b = 0; b < this.nBuyers; b++) {
      const prof = this.buyerProfile(b);
      this.buyerStd[b] = clip01(this.chainStandard[this.buyerChain[b]] + prof.standard_offset);
      this.buyerLoss[b] = prof.loss;
      this.buyerKnowledge[b] = prof.knowledge;
      this.buyerLinkVolume[b] = prof.volume / prof.suppliers;
      this.buyerDefines[b] = prof.defines_product ? 1 : 0;
      this.buyerMaxRole[b] = !prof.design_tolerance ? OEM : !prof.brand_tolerance ? ODM : OBM;
    }
  }

  /** The profile of buyer b's type (params.buyer_types). */
  buyerProfile(b: number): Params['buyer_types'][BuyerType] {
    return this.params.buyer_types[BUYER_TYPES[this.buyerType[b]]];
  }

  /** Buyer b's required standard: chain standard + type offset, clamped. */
  buyerStandard(b: number): number {
    return this.buyerStd[b];
  }

  /** Supplier competence s the buyer assesses: weighted capabilities. */
  competence(i: number): number {
    const w = this.params.governance.capability_weights;
    let s = 0;
    let sw = 0;
    for (let k = 0; k < K; k++) {
      s += w[k] * this.cap[i * K + k];
      sw += w[k];
    }
    return sw > 0 ? s / sw : 0;
  }

  /** Record an event and count it for the firm's cluster. */
  emit(firm: number, buyer: number, kind: string, detail: string, counter: number): void {
    const c = this.firmCluster[firm];
    if (counter >= 0) this.counters[c * NC + counter]++;
    this.events.push({
      tick: this.tick,
      cluster: this.clusterIds[c],
      firm,
      buyer: buyer >= 0 ? this.buyerIds[buyer] : buyer === -2 ? 'domestic' : '',
      kind,
      detail,
    });
  }

  /** Remove the link in slot s (the buyer's count follows). */
  dropLink(s: number): void {
    const b = this.linkBuyer[s];
    if (b < 0) return;
    this.buyerLinks[b]--;
    this.linkBuyer[s] = -1;
    this.linkVolume[s] = 0;
    this.linkPrice[s] = 0;
    this.linkAge[s] = 0;
  }

  /** Firms in a random order drawn from `stream` (for order-sensitive phases). */
  shuffledFirms(streams: Streams, stream: string): Int32Array {
    const order = new Int32Array(this.N);
    for (let i = 0; i < this.N; i++) order[i] = i;
    shuffle(order, streams.get(stream));
    return order;
  }

  /** A readable snapshot of firm i. */
  firm(i: number): FirmSnapshot {
    if (!(i >= 0 && i < this.N)) throw new RangeError(`no firm ${i} (0..${this.N - 1})`);
    const caps = {} as FirmSnapshot['capabilities'];
    CAPABILITIES.forEach((name, k) => (caps[name] = this.cap[i * K + k]));
    const links: FirmSnapshot['links'] = [];
    for (let j = 0; j < this.maxLinks; j++) {
      const s = i * this.maxLinks + j;
      const b = this.linkBuyer[s];
      if (b < 0) continue;
      links.push({
        buyer: this.buyerIds[b],
        mode: MODES[this.linkMode[s]],
        role: ROLES[this.linkRole[s]],
        age: this.linkAge[s],
        volume: this.linkVolume[s],
        price: this.linkPrice[s],
      });
    }
    const ties: number[] = [];
    for (let t = 0; t < this.tieSlots; t++) {
      const j = this.ties[i * this.tieSlots + t];
      if (j >= 0) ties.push(j);
    }
    return {
      id: i,
      cluster: this.clusterIds[this.firmCluster[i]],
      alive: this.alive[i] === 1,
      capabilities: caps,
      absorptive: this.absorptive[i],
      technology: this.technology[i],
      effort: this.effort[i],
      wealth: this.wealth[i],
      revenue: this.revenue[i],
      workers: this.workers[i],
      domesticRole: ROLES[this.domesticRole[i]],
      links,
      ties,
    };
  }
}
