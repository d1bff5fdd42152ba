/**
 * The world of the GVC model: one state store per entity (countries, chains,
 * clusters, firms, buyers, links, policies, outsourcing contracts;
 * `state/*.ts`), composed by `World` as `world.countries`, `world.chains`,
 * ... `world.policies`, `world.contracts`.
 *
 * Hot per-firm and per-link state lives in typed arrays indexed by storage
 * slot (structure of arrays). Each cluster owns a contiguous range of firm slots
 * (its capacity: initial firms plus room for entrants and spin-offs), and
 * local ties go to nearby slots, so a tick streams through memory. Links are
 * stored in fixed slots per firm (`firm * maxLinks + j`), so no allocation
 * happens in a tick and a buyer's links are found by one linear sweep.
 *
 * Slots are internal and reused: an exited firm's slot goes back on its
 * cluster's free stack and a later entrant or spin-off may take it. What
 * leaves the model (events, firms.csv, snapshots) names a firm by its id
 * (`firms.firmUid[slot]`): a number given once, when the firm is created
 * (`initFirm`), in creation order and never reused. The initial firms of the
 * clusters present at tick 0 get 0..N0-1 in slot order; an entrant cluster's
 * initial firms, entrants and spin-offs get the next numbers as they appear.
 * Ids are a pure function of scenario and seed, like everything else.
 * `firm(slot)` returns a plain snapshot for notebooks, tests and debugging;
 * `slotOf(id)` finds a live firm's slot from an id in the outputs.
 */
import { shuffle, type Rng, type Streams } from '../engine/rng.js';
import {
  BUYER_TYPES,
  CAPABILITIES,
  K,
  LARGE,
  LEAD,
  MODES,
  OBM,
  ODM,
  OEM,
  ROLES,
  SME,
  STATUSES,
  type BuyerType,
} from './constants.js';
import type { WorldDef } from './inputs.js';
import { fastCopy } from '../engine/spec.js';
import type { Params } from './params.js';
import { potentialRole } from './mechanisms/roles.js';
import { CountryStore } from './state/countries.js';
import { ChainStore } from './state/chains.js';
import { ClusterStore } from './state/clusters.js';
import { FirmStore } from './state/firms.js';
import { BuyerStore } from './state/buyers.js';
import { LinkStore } from './state/links.js';
import { PolicyStore } from './state/policies.js';
import { ContractStore } from './state/contracts.js';
import { EventLog } from './state/events.js';

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
  'entries',
  'exits',
  'joint_actions',
  'vetoes',
  'policy_spend',
  'brand_failures',
  'dom_upg_process',
  'dom_upg_functional',
  'dom_dng_process',
  'dom_dng_functional',
] as const;
export type Counter = (typeof COUNTERS)[number];
export const NC = COUNTERS.length;
export const C_UPG_PROCESS = 0;
export const C_UPG_PRODUCT = 1;
export const C_UPG_FUNCTIONAL = 2;
export const C_UPG_CHAIN = 3;
export const C_DNG_PROCESS = 4;
export const C_DNG_PRODUCT = 5;
export const C_DNG_FUNCTIONAL = 6;
export const C_DNG_CHAIN = 7;
export const C_EXCLUDED = 8;
export const C_ENTRIES = 9;
export const C_EXITS = 10;
export const C_JOINT = 11;
export const C_VETOES = 12;
export const C_SPEND = 13;
export const C_BRAND_FAIL = 14;
/** Role changes on the home market, in their own columns (MODEL.md §8): OEA↔OEM as process, above as functional. */
export const C_DOM_UPG_PROCESS = 15;
export const C_DOM_UPG_FUNCTIONAL = 16;
export const C_DOM_DNG_PROCESS = 17;
export const C_DOM_DNG_FUNCTIONAL = 18;

/** Pseudo buyer ids for events. */
export const NO_BUYER = -1;
export const DOMESTIC = -2;

export interface SimEvent {
  tick: number;
  cluster: string;
  /** Firm id (`world.firms.firmUid`: unique, never reused; not the storage slot), or null for cluster- or world-level events. */
  firm: number | null;
  /** Buyer id, or '' when no buyer is involved ('domestic' for the home market). */
  buyer: string;
  kind: string;
  detail: string;
}

/**
 * A plain copy of one firm slot's state (`World.firm(slot)`).
 *
 * `id` is the firm's unique id, as in events.csv and firms.csv; `slot` is the
 * storage index it was read from. A slot outlives its firm: after an exit the
 * snapshot shows the exited firm (`alive: false`) until an entrant or spin-off
 * takes the slot, then the new firm with a new id. A slot that has never held
 * a firm has id -1.
 */
export interface FirmSnapshot {
  /** Unique firm id (never reused); -1 for a slot that has never held a firm. */
  id: number;
  /** Storage slot (internal, reused after exits); `World.slotOf(id)` maps back. */
  slot: number;
  cluster: string;
  alive: boolean;
  status: (typeof STATUSES)[number];
  capabilities: Record<(typeof CAPABILITIES)[number], number>;
  absorptive: number;
  dynamic: number;
  intent: number;
  technology: number;
  effort: number;
  wealth: number;
  revenue: number;
  workers: number;
  chains: string[];
  brand: boolean;
  services: boolean;
  certified: boolean;
  allegiance: number;
  domesticRole: (typeof ROLES)[number];
  links: { buyer: string; mode: (typeof MODES)[number]; role: (typeof ROLES)[number]; age: number; volume: number; price: number; investment: number }[];
  /**
   * Ids of the firms in the local tie slots. Ties are cut lazily, so this may
   * name a firm that has exited (readers skip dead firms); it names the
   * current holder of the tied slot.
   */
  ties: number[];
  /** Ids of the firms in the external (other-cluster) tie slots; as `ties`. */
  externalTies: number[];
}

export function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** A policy instrument as scheduled in the world (see state/policies.ts). */
export type { PolicyState } from './state/policies.js';
export { BINS } from './state/buyers.js';

/**
 * The model's state: one store per entity (countries, chains, clusters, firms,
 * buyers, links, policies; each in its own file under `state/`), plus the
 * tick, parameters, per-cluster counters and events of the tick, the free firm
 * slots, and the helpers that span entities (creating and removing firms and
 * links, wages, competence, snapshots).
 */
export class World {
  readonly params: Params;
  tick = 0;

  readonly countries: CountryStore;
  readonly chains: ChainStore;
  readonly clusters: ClusterStore;
  /** Firms, indexed by storage slot. */
  readonly firms: FirmStore;
  readonly buyers: BuyerStore;
  /** Links, slot s = firm * maxLinks + j. */
  readonly links: LinkStore;
  readonly policies: PolicyStore;
  /** Outsourcing contracts, slot s = firm * ContractStore.SLOTS + k (outsourcing.ts). */
  readonly contracts: ContractStore;

  /** Free firm slots per cluster (a stack: dead firms' slots and never-used capacity). */
  readonly freeSlots: number[][];
  /** The world definition (read at scheduled events: arrivals, shocks). */
  readonly definition: WorldDef;
  private readonly clusterDefs: WorldDef['clusters'];

  /** Per-cluster counters of the current tick: counters[c * NC + counter]. */
  readonly counters: Float64Array;
  /** Events of the current tick, in columns (state/events.ts); the simulation clears them at each step. */
  readonly log = new EventLog();
  private eventsCache: SimEvent[] = [];
  private eventsVersion = -1;

  constructor(input: WorldDef, params: Params, streams: Streams) {
    // copies with fast properties (engine/spec.ts fastCopy): the phases read parameters and cluster definitions in
    // their inner loops
    this.params = fastCopy(params);
    const def = (this.definition = fastCopy(input));
    this.clusterDefs = def.clusters;
    const P = this.params;

    this.countries = new CountryStore(def);
    this.chains = new ChainStore(def, P);
    const clusters = (this.clusters = new ClusterStore(def, this.countries.countryIds, this.chains.chainIds));
    const Q = clusters.nClusters;
    const N = clusters.slots;
    const firms = (this.firms = new FirmStore(
      N,
      this.chains.nChains,
      Math.max(0, ...def.clusters.map((c) => c.ties)),
      Math.max(0, ...def.clusters.map((c) => c.external_ties)),
    ));
    this.buyers = new BuyerStore(def, P, this.chains.chainIds, clusters.clusterIds);
    this.refreshBuyers();
    this.links = new LinkStore(N, P.sourcing.max_links);
    this.policies = new PolicyStore(def, clusters, this.countries.countryIds);
    this.contracts = new ContractStore(N, this.buyers.nBuyers);

    this.counters = new Float64Array(Q * NC);
    this.freeSlots = Array.from({ length: Q }, () => []);

    // firms of clusters present at tick 0 (entrant clusters are populated on arrival)
    for (let ci = 0; ci < Q; ci++) {
      for (let i = clusters.clusterStart[ci]; i < clusters.clusterEnd[ci]; i++) firms.firmCluster[i] = ci;
      if (clusters.clusterActive[ci]) this.populateCluster(ci, streams);
    }
    this.initialLinks(def, streams);
  }

  /** Links declared by the scenario at tick 0 (mode as given; role capped by buyer and mode). */
  private initialLinks(def: WorldDef, streams: Streams): void {
    for (const l of def.links) {
      const g = this.buyers.buyerGroupIds.indexOf(l.buyers);
      const c = this.clusters.clusterIds.indexOf(l.cluster);
      if (g < 0 || c < 0 || !this.clusters.clusterActive[c]) continue;
      const r = streams.get(`init.links/${l.buyers}/${l.cluster}`);
      const mode = MODES.indexOf(l.mode);
      const role = ROLES.indexOf(l.role);
      const lo = this.clusters.clusterStart[c];
      const n = this.clusters.clusterEnd[c] - lo;
      for (let b = 0; b < this.buyers.nBuyers; b++) {
        if (this.buyers.buyerGroup[b] !== g || !this.buyers.buyerActive[b]) continue;
        let made = 0;
        for (let tries = 0; made < l.per_buyer && tries < l.per_buyer * 20; tries++) {
          const i = lo + r.int(n);
          if (!this.firms.alive[i] || !((this.firms.chainMask[i] >>> this.buyers.buyerChain[b]) & 1)) continue;
          let slot = -1;
          let dup = false;
          for (let j = 0; j < this.links.maxLinks; j++) {
            const lb = this.links.linkBuyer[i * this.links.maxLinks + j];
            if (lb === b) dup = true;
            if (lb < 0 && slot < 0) slot = i * this.links.maxLinks + j;
          }
          if (dup || slot < 0) continue;
          const cap = Math.min(this.buyers.buyerMaxRole[b], this.params.switches.blocking ? this.buyers.modeMaxRole[mode] : OBM);
          this.links.linkBuyer[slot] = b;
          this.links.linkMode[slot] = mode;
          this.links.linkRole[slot] = Math.min(role, cap);
          this.links.linkVolume[slot] = this.buyers.buyerLinkVolume[b];
          this.links.linkShare[slot] = 1 / this.buyerProfile(b).suppliers;
          this.buyers.buyerLinks[b]++;
          made++;
        }
      }
    }
  }

  /** Create the initial firms of cluster ci (at tick 0, or at its arrival). */
  populateCluster(ci: number, streams: Streams): void {
    const c = this.def(ci);
    const lo = this.clusters.clusterStart[ci];
    const nf = this.clusters.clusterInitialFirms[ci];
    const step = this.params.events.step;
    // unused capacity, highest index at the bottom of the stack
    for (let i = this.clusters.clusterEnd[ci] - 1; i >= lo + nf; i--) this.freeSlots[ci].push(i);
    for (let i = lo; i < lo + nf; i++) {
      // one stream per firm: adding a firm never shifts another's draws
      const r = streams.get(`init.firm/${i}`);
      this.initFirm(i, r, {
        cap: c.capability.mean,
        capSd: c.capability.sd,
        absorptive: [c.absorptive.mean, c.absorptive.sd],
        dynamic: [c.dynamic.mean, c.dynamic.sd],
        intent: [c.intent.mean, c.intent.sd],
        technology: [c.technology.mean, c.technology.sd],
      });
      this.firms.chainMask[i] = this.clusters.clusterChains[ci];
      for (let k = 0; k < K; k++) this.firms.grade[i * K + k] = Math.floor(this.firms.cap[i * K + k] / step);
    }
    // status: lead firms first (the largest), then a share of large firms
    const order = new Int32Array(nf);
    for (let k = 0; k < nf; k++) order[k] = lo + k;
    shuffle(order, streams.get(`init.status/${this.clusters.clusterIds[ci]}`));
    const nLead = Math.min(c.lead_firms, nf);
    const nLarge = Math.round((nf - nLead) * c.large_share);
    const L = this.params.lead_firms;
    for (let k = 0; k < nf; k++) {
      const i = order[k];
      if (k < nLead) {
        this.firms.status[i] = LEAD;
        this.firms.sizeFactor[i] = L.size_lead;
        for (let q = 0; q < K; q++) this.firms.cap[i * K + q] = clip01(this.firms.cap[i * K + q] + L.premium);
        this.firms.absorptive[i] = clip01(this.firms.absorptive[i] + L.premium);
        for (let q = 0; q < K; q++) this.firms.grade[i * K + q] = Math.floor(this.firms.cap[i * K + q] / step);
      } else if (k < nLead + nLarge) {
        this.firms.status[i] = LARGE;
        this.firms.sizeFactor[i] = L.size_large;
        for (let q = 0; q < K; q++) this.firms.cap[i * K + q] = clip01(this.firms.cap[i * K + q] + L.premium_large);
        for (let q = 0; q < K; q++) this.firms.grade[i * K + q] = Math.floor(this.firms.cap[i * K + q] / step);
      } else {
        this.firms.status[i] = SME;
      }
    }
    // local ties to distinct firms within tie_window places (spatial locality)
    const tr = streams.get(`init.ties/${this.clusters.clusterIds[ci]}`);
    for (let i = lo; i < lo + nf; i++) this.firms.fillTies(i, c.ties, c.tie_window, lo, lo + nf, tr);
    for (let i = lo; i < lo + nf; i++) this.firms.domesticRole[i] = potentialRole(this, i);
    // the wage index's reference: the mean capability of the country's firms when its first cluster appears
    const co = this.clusters.clusterCountry[ci];
    if (!this.countries.countrySeen[co]) {
      this.countries.countrySeen[co] = 1;
      let sum = 0;
      for (let i = lo; i < lo + nf; i++) sum += this.firms.meanCap(i);
      this.countries.countryCap0[co] = nf > 0 ? sum / nf : 0;
    }
  }

  /** Bring a firm to life in slot i: give it the next id and draw its state from distributions. */
  initFirm(
    i: number,
    r: Rng,
    d: {
      cap: readonly number[];
      capSd: number;
      absorptive: [number, number];
      dynamic: [number, number];
      intent: [number, number];
      technology: [number, number];
    },
  ): void {
    this.firms.firmUid[i] = this.firms.nextUid++;
    this.firms.alive[i] = 1;
    this.firms.born[i] = this.tick;
    for (let k = 0; k < K; k++) this.firms.cap[i * K + k] = clip01(d.cap[k] + d.capSd * r.normal());
    this.firms.absorptive[i] = clip01(d.absorptive[0] + d.absorptive[1] * r.normal());
    this.firms.dynamic[i] = clip01(d.dynamic[0] + d.dynamic[1] * r.normal());
    this.firms.intent[i] = clip01(d.intent[0] + d.intent[1] * r.normal());
    this.firms.intent0[i] = this.firms.intent[i];
    this.firms.technology[i] = clip01(d.technology[0] + d.technology[1] * r.normal());
    this.firms.status[i] = SME;
    this.firms.sizeFactor[i] = 1;
    this.firms.wealth[i] = 0;
    this.firms.thrift[i] = 0;
    this.firms.leakage[i] = 0;
    this.firms.capacity[i] = 0;
    this.firms.revenueAvg[i] = 0;
    this.firms.profit[i] = 0;
    this.firms.opProfit[i] = 0;
    this.firms.brand[i] = 0;
    this.firms.brandBuild[i] = 0;
    this.firms.brandEquity[i] = 0;
    this.firms.brandCost[i] = 0;
    this.firms.brandUnits[i] = 0;
    this.firms.brandPrice[i] = 0;
    this.firms.brandChain[i] = -1;
    this.firms.services[i] = 0;
    this.firms.certified[i] = 0;
    this.firms.joint[i] = 0;
    this.firms.jointIn[i] = 0;
    this.firms.jointSeen[i] = 0;
    this.contracts.clear(i);
    this.firms.relocated[i] = 0;
    this.firms.foreign[i] = 0;
    this.firms.made[i] = 0;
    this.firms.chainServed[i] = 0;
    for (let c = 0; c < this.chains.nChains; c++) this.firms.chainIdle[i * this.chains.nChains + c] = 0;
    for (let t = 0; t < this.firms.tieSlots; t++) this.firms.ties[i * this.firms.tieSlots + t] = -1;
    // no learning step yet: nothing gained, nothing taken through a tie (investment.ts's observed leakage)
    this.firms.gain.fill(0, i * K, (i + 1) * K);
    this.firms.gainTie.fill(0, i * this.firms.tieSlots * K, (i + 1) * this.firms.tieSlots * K);
    this.firms.gainTieUid.fill(-1, i * this.firms.tieSlots, (i + 1) * this.firms.tieSlots);
    this.firms.tieScale[i] = 0;
    for (let t = 0; t < this.firms.extSlots; t++) this.firms.ext[i * this.firms.extSlots + t] = -1;
  }

  /** The cluster definition (for values read only at events such as arrival). */
  def(ci: number): WorldDef['clusters'][number] {
    return this.clusterDefs[ci];
  }

  /** Recompute the per-buyer arrays from type profiles and chain standards (after a shock changes them). */
  refreshBuyers(): void {
    for (let b = 0; b < this.buyers.nBuyers; b++) {
      const prof = this.buyerProfile(b);
      this.buyers.buyerStd[b] = clip01(this.chains.chainStandard[this.buyers.buyerChain[b]] + prof.standard_offset);
      this.buyers.buyerLoss[b] = prof.loss;
      this.buyers.buyerKnowledge[b] = prof.knowledge;
      this.buyers.buyerLinkVolume[b] = this.linkVolumeOf(b);
      this.buyers.buyerSuppliers[b] = prof.suppliers;
      this.buyers.buyerScout[b] = prof.scout_sample;
      this.buyers.buyerDefines[b] = prof.defines_product ? 1 : 0;
      this.buyers.buyerMaxRole[b] = !prof.design_tolerance ? OEM : !prof.brand_tolerance ? ODM : OBM;
    }
  }

  /**
   * Buyer b's volume per supplier place: its type's volume / suppliers × its chain's demand (scenario shocks) × its
   * final-demand factor (final-demand.ts; 1 with `switches.final_demand` off).
   */
  linkVolumeOf(b: number): number {
    const prof = this.buyerProfile(b);
    return (prof.volume / prof.suppliers) * this.chains.chainDemand[this.buyers.buyerChain[b]] * this.buyers.buyerDemand[b];
  }

  /** The profile of buyer b's type (params.buyer_types). */
  buyerProfile(b: number): Params['buyer_types'][BuyerType] {
    return this.params.buyer_types[BUYER_TYPES[this.buyers.buyerType[b]]];
  }

  /** Supplier competence s: weighted capabilities. */
  competence(i: number): number {
    const w = this.params.governance.capability_weights;
    const o = i * K;
    const sw = w[0] + w[1] + w[2] + w[3];
    return sw > 0 ? (w[0] * this.firms.cap[o] + w[1] * this.firms.cap[o + 1] + w[2] * this.firms.cap[o + 2] + w[3] * this.firms.cap[o + 3]) / sw : 0;
  }

  /** Effective wage of firm i's cluster in buyers' currency. */
  wage(ci: number): number {
    const co = this.clusters.clusterCountry[ci];
    return this.clusters.clusterWage[ci] * this.countries.countryWageIndex[co] * this.countries.countryFx[co];
  }

  /**
   * Record an event and count it for the firm's (or the given) cluster; world-level events (no firm, no cluster) have an empty cluster.
   * `firm` is a slot (or -1); the event names the firm's id. Details that mention another firm must print its id (`firms.firmUid`), not its slot.
   */
  emit(firm: number, buyer: number, kind: string, detail: string, counter: number, cluster = -1): void {
    const c = cluster >= 0 ? cluster : firm >= 0 ? this.firms.firmCluster[firm] : -1;
    if (counter >= 0 && c >= 0) this.counters[c * NC + counter]++;
    this.log.push(this.tick, c, firm >= 0 ? this.firms.firmUid[firm] : NaN, buyer >= 0 || buyer === DOMESTIC ? buyer : NO_BUYER, kind, detail);
  }

  /**
   * The events recorded since the log was last cleared (this tick's, during a step), as objects. Built on first
   * read after a change and kept until the next; assigning `[]` clears the log.
   */
  get events(): SimEvent[] {
    const g = this.log;
    if (this.eventsVersion !== g.version) {
      const out: SimEvent[] = new Array(g.n);
      for (let k = 0; k < g.n; k++) {
        const c = g.cluster[k];
        const b = g.buyer[k];
        out[k] = {
          tick: g.tick[k],
          cluster: c >= 0 ? this.clusters.clusterIds[c] : '',
          firm: g.firm[k] === g.firm[k] ? g.firm[k] : null,
          buyer: b >= 0 ? this.buyers.buyerIds[b] : b === DOMESTIC ? 'domestic' : '',
          kind: g.kind[k],
          detail: g.detail[k],
        };
      }
      this.eventsCache = out;
      this.eventsVersion = g.version;
    }
    return this.eventsCache;
  }
  set events(v: SimEvent[]) {
    if (v.length !== 0) throw new Error('world.events can only be cleared (assign [])');
    this.log.clear();
  }

  /** Remove the link in slot s (the buyer's count follows). */
  dropLink(s: number): void {
    const b = this.links.linkBuyer[s];
    if (b < 0) return;
    this.buyers.buyerLinks[b]--;
    this.links.linkBuyer[s] = -1;
    this.links.linkVolume[s] = 0;
    this.links.linkPrice[s] = 0;
    this.links.linkAge[s] = 0;
    this.links.linkInvestment[s] = 0;
    this.links.linkCodified[s] = 0;
    this.links.linkShare[s] = 0;
    this.links.linkGap[s] = 0;
    this.links.linkValue[s] = 0;
    this.links.linkCost[s] = 0;
    this.links.linkGov[s] = 0;
    this.links.linkBeta[s] = 0;
  }

  /** Firm i leaves: links end, ties to it are cut lazily (readers skip dead firms). */
  kill(i: number): void {
    if (!this.firms.alive[i]) return;
    this.firms.alive[i] = 0;
    this.freeSlots[this.firms.firmCluster[i]].push(i);
    for (let j = 0; j < this.links.maxLinks; j++) this.dropLink(i * this.links.maxLinks + j);
    this.contracts.clear(i);
    this.firms.revenue[i] = 0;
    this.firms.workers[i] = 0;
    this.firms.units[i] = 0;
    this.firms.made[i] = 0;
  }

  /** Take a free firm slot of cluster c (the lowest freed first), or -1. */
  takeSlot(c: number): number {
    const f = this.freeSlots[c];
    return f.length > 0 ? (f.pop() as number) : -1;
  }

  /** Firms alive in cluster c. */
  aliveIn(c: number): number {
    let n = 0;
    for (let i = this.clusters.clusterStart[c]; i < this.clusters.clusterEnd[c]; i++) n += this.firms.alive[i];
    return n;
  }

  /**
   * The slot of the live firm with id `uid`, or -1 if that firm has exited or
   * never existed. A linear scan (for notebooks and tests, not the hot path):
   * `world.firm(world.slotOf(id))` is the snapshot of the firm an events.csv or
   * firms.csv row names.
   */
  slotOf(uid: number): number {
    if (!(uid >= 0 && uid < this.firms.nextUid)) return -1;
    for (let i = 0; i < this.firms.N; i++) if (this.firms.firmUid[i] === uid) return this.firms.alive[i] ? i : -1;
    return -1;
  }

  /** A readable snapshot of the firm in slot i (see FirmSnapshot; `slotOf(id)` gives the slot of a firm id). */
  firm(i: number): FirmSnapshot {
    if (!(i >= 0 && i < this.firms.N)) throw new RangeError(`no firm slot ${i} (0..${this.firms.N - 1}); slotOf(id) maps a firm id to its slot`);
    const caps = {} as FirmSnapshot['capabilities'];
    CAPABILITIES.forEach((name, k) => (caps[name] = this.firms.cap[i * K + k]));
    const links: FirmSnapshot['links'] = [];
    for (let j = 0; j < this.links.maxLinks; j++) {
      const s = i * this.links.maxLinks + j;
      const b = this.links.linkBuyer[s];
      if (b < 0) continue;
      links.push({
        buyer: this.buyers.buyerIds[b],
        mode: MODES[this.links.linkMode[s]],
        role: ROLES[this.links.linkRole[s]],
        age: this.links.linkAge[s],
        volume: this.links.linkVolume[s],
        price: this.links.linkPrice[s],
        investment: this.links.linkInvestment[s],
      });
    }
    const ties: number[] = [];
    for (let t = 0; t < this.firms.tieSlots; t++) {
      const j = this.firms.ties[i * this.firms.tieSlots + t];
      if (j >= 0) ties.push(this.firms.firmUid[j]);
    }
    const externalTies: number[] = [];
    for (let t = 0; t < this.firms.extSlots; t++) {
      const j = this.firms.ext[i * this.firms.extSlots + t];
      if (j >= 0) externalTies.push(this.firms.firmUid[j]);
    }
    return {
      id: this.firms.firmUid[i],
      slot: i,
      cluster: this.clusters.clusterIds[this.firms.firmCluster[i]],
      alive: this.firms.alive[i] === 1,
      status: STATUSES[this.firms.status[i]],
      capabilities: caps,
      absorptive: this.firms.absorptive[i],
      dynamic: this.firms.dynamic[i],
      intent: this.firms.intent[i],
      technology: this.firms.technology[i],
      effort: this.firms.effort[i],
      wealth: this.firms.wealth[i],
      revenue: this.firms.revenue[i],
      workers: this.firms.workers[i],
      chains: this.chains.chainIds.filter((_, c) => (this.firms.chainMask[i] >>> c) & 1),
      brand: this.firms.brand[i] === 1,
      services: this.firms.services[i] === 1,
      certified: this.firms.certified[i] === 1,
      allegiance: this.firms.allegiance[i],
      domesticRole: ROLES[this.firms.domesticRole[i]],
      links,
      ties,
      externalTies,
    };
  }
}
