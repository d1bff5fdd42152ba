/**
 * State stores of the GVC model: countries, chains, clusters, firms, buyers,
 * links, policies.
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
 * (`firmUid[slot]`): a number given once, when the firm is created
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
  DRIVERS,
  EMERGENCE,
  FUNCTIONS,
  K,
  LARGE,
  LEAD,
  M,
  MODES,
  OBM,
  ODM,
  OEM,
  ROLES,
  SME,
  STAGES,
  STATUSES,
  type BuyerType,
} from './constants.js';
import { compileFormula } from '../engine/formula.js';
import { POLICY_SYMBOLS, type PolicyDef, type WorldDef } from './inputs.js';
import type { Params } from './params.js';
import { potentialRole } from './mechanisms/roles.js';

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

/** Pseudo buyer ids for events. */
export const NO_BUYER = -1;
export const DOMESTIC = -2;

/** Number of competence bins of a buyer's learned mode attractions. */
export const BINS = 5;

export interface SimEvent {
  tick: number;
  cluster: string;
  /** Firm id (`World.firmUid`: unique, never reused; not the storage slot), or null for cluster- or world-level events. */
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

export function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

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

export class World {
  readonly params: Params;
  tick = 0;

  // countries
  readonly nCountries: number;
  readonly countryIds: string[];
  readonly countryFx: Float64Array;
  /** Exchange rate of the previous tick (macro instability erodes strategic intent). */
  readonly countryFxPrev: Float64Array;
  readonly countryVolatility: Float64Array;
  readonly countryWageIndex: Float64Array;
  readonly countryElasticity: Float64Array;
  /** Wage-index reference: mean capability of the firms of the country's first cluster to appear. */
  readonly countryCap0: Float64Array;
  private readonly countrySeen: Uint8Array;

  // chains
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
  readonly chainTechnology: Float64Array;
  /** Price index of production functions (rent erosion), per chain. */
  readonly chainPriceIndex: Float64Array;
  /** Mean competence of the chain's linked suppliers (moving target), per chain. */
  readonly chainMeanCompetence: Float64Array;
  /** Value-added shares of FUNCTIONS per chain: va[c * F + f]. */
  readonly chainVa: Float64Array;
  /** Whether the chain's buyers guard design / marketing (driver; Dai Table III): guard[c * K + k] in [0,1]. */
  readonly chainGuard: Float64Array;

  // clusters
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
  readonly clusterInfrastructure: Float64Array;
  readonly clusterAssociation: Float64Array;
  readonly clusterTrust: Float64Array;
  readonly clusterReputation: Float64Array;
  readonly clusterChains: Uint32Array;
  readonly clusterStage: Int8Array;
  readonly clusterStageSince: Int32Array;
  readonly clusterGrowth: Float64Array;
  readonly clusterFirmsPrev: Float64Array;
  /** Cluster revenue over recent ticks (ring of 4) for crisis detection. */
  readonly clusterRevenueHist: Float64Array;
  readonly clusterCrisis: Uint8Array;
  /** Joint-action and policy boosts of this tick. */
  readonly clusterJointBoost: Float64Array;
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

  // firms (indexed by storage slot)
  readonly N: number;
  /**
   * The unique id of the firm in each slot (-1: the slot has never held a
   * firm). Given by `initFirm` from `nextUid`; an exited firm's id stays until
   * its slot is reused. Float64Array, not Int32Array: ids count every firm
   * ever created, which the schema does not bound below 2^31 (up to 5e6 firms
   * per cluster and 1e6 ticks); doubles hold integers exactly to 2^53.
   */
  readonly firmUid: Float64Array;
  /** The next firm id to give out (= number of firms created so far). */
  nextUid = 0;
  readonly firmCluster: Int32Array;
  readonly alive: Uint8Array;
  readonly status: Uint8Array;
  readonly born: Int32Array;
  /** Capabilities, firm-major: cap[i * K + k]. */
  readonly cap: Float64Array;
  /** Capability grades last recorded by the event detector: grade[i * K + k]. */
  readonly grade: Int16Array;
  readonly absorptive: Float64Array;
  readonly dynamic: Float64Array;
  readonly intent: Float64Array;
  /** The firm's strategic intent in a stable environment (intent recovers toward it). */
  readonly intent0: Float64Array;
  readonly technology: Float64Array;
  readonly effort: Float64Array;
  /** Own-investment allocation this tick, firm-major like cap. */
  readonly alloc: Float64Array;
  readonly wealth: Float64Array;
  readonly revenue: Float64Array;
  readonly workers: Float64Array;
  readonly units: Float64Array;
  readonly lossTicks: Int16Array;
  readonly domesticRole: Int8Array;
  readonly sizeFactor: Float64Array;
  /** Chains the firm serves (bit per chain). */
  readonly chainMask: Uint32Array;
  /** Chains the firm entered or had orders in (bit per chain): leaving one is chain downgrading. */
  readonly chainServed: Uint32Array;
  /** Ticks since the firm last held a link in each chain: idle[i * nChains + c]. */
  readonly chainIdle: Int32Array;
  readonly brand: Uint8Array;
  readonly services: Uint8Array;
  readonly certified: Uint8Array;
  readonly outsourced: Float64Array;
  /** Lead firm has relocated selectively (assembly abroad, knowledge work kept). */
  readonly relocated: Uint8Array;
  /** Share of a lead/large firm's units bought from its SME ties this tick. */
  readonly subcontracted: Float64Array;
  /** Value of work bought from SMEs this tick (not value added by the firm). */
  readonly purchases: Float64Array;
  /** Allegiance to the main buyer: the main buyer's share of the firm's output. */
  readonly allegiance: Float64Array;
  /** Policy support received this tick per capability (firm-major), and its absorptive/effort levers. */
  readonly support: Float64Array;
  readonly supportAbsorptive: Float64Array;
  readonly supportEffort: Float64Array;
  /** Joint-action participation this tick. */
  readonly joint: Uint8Array;
  /** Local ties, firm-major with `tieSlots` per firm; -1 = empty. */
  readonly tieSlots: number;
  readonly ties: Int32Array;
  /** External ties (other clusters), `extSlots` per firm; -1 = empty. */
  readonly extSlots: number;
  readonly ext: Int32Array;

  // buyers
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
  /** Per-buyer copies of the type profile, refreshed by `refreshBuyers()` (hot-path reads). */
  readonly buyerStd: Float64Array;
  readonly buyerLoss: Float64Array;
  readonly buyerKnowledge: Float64Array;
  readonly buyerLinkVolume: Float64Array;
  readonly buyerDefines: Uint8Array;
  readonly buyerMaxRole: Int8Array;
  /** Learned attraction per (buyer, competence bin, mode): attr[(b * BINS + bin) * M + m]. */
  readonly attraction: Float64Array;
  readonly experience: Float64Array;
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
  readonly linkInvestment: Float64Array;
  /** Codifiability an old network link has gained (loosening; kept whatever its mode). */
  readonly linkCodified: Float64Array;

  // policies
  readonly policies: PolicyState[];
  /** Free firm slots per cluster (a stack: dead firms' slots and never-used capacity). */
  readonly freeSlots: number[][];
  /** The world definition (read at scheduled events: arrivals, shocks). */
  readonly definition: WorldDef;
  private readonly clusterDefs: WorldDef['clusters'];

  /** Per-cluster counters of the current tick: counters[c * NC + counter]. */
  readonly counters: Float64Array;
  /** Events of the current tick; the collector drains them. */
  events: SimEvent[] = [];

  constructor(def: WorldDef, params: Params, streams: Streams) {
    this.params = params;
    this.definition = def;
    this.clusterDefs = def.clusters;
    const P = params;

    // countries
    const countries = def.countries.length > 0 ? def.countries : [{ id: 'home', exchange_rate: 1, volatility: 0, wage_elasticity: 0.8 }];
    this.nCountries = countries.length;
    this.countryIds = countries.map((c) => c.id);
    this.countryFx = Float64Array.from(countries, (c) => c.exchange_rate);
    this.countryFxPrev = Float64Array.from(countries, (c) => c.exchange_rate);
    this.countryVolatility = Float64Array.from(countries, (c) => c.volatility);
    this.countryElasticity = Float64Array.from(countries, (c) => c.wage_elasticity);
    this.countryWageIndex = new Float64Array(this.nCountries).fill(1);
    this.countryCap0 = new Float64Array(this.nCountries);
    this.countrySeen = new Uint8Array(this.nCountries);

    // chains
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
    this.chainTechnology = Float64Array.from(def.chains, (c) => c.technology);
    this.chainPriceIndex = new Float64Array(C).fill(1);
    this.chainMeanCompetence = new Float64Array(C);
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
    const chainIndex = new Map(def.chains.map((c, i) => [c.id, i] as const));

    // clusters and firm slots
    const Q = (this.nClusters = def.clusters.length);
    this.clusterIds = def.clusters.map((c) => c.id);
    const countryIndex = new Map(countries.map((c, i) => [c.id, i] as const));
    this.clusterCountry = Int32Array.from(def.clusters, (c) => (c.country ? (countryIndex.get(c.country) ?? 0) : 0));
    this.clusterArrival = Int32Array.from(def.clusters, (c) => c.arrival);
    this.clusterActive = Uint8Array.from(def.clusters, (c) => (c.arrival <= 0 ? 1 : 0));
    this.clusterStart = new Int32Array(Q);
    this.clusterEnd = new Int32Array(Q);
    this.clusterInitialFirms = Int32Array.from(def.clusters, (c) => c.firms);
    this.clusterWage = Float64Array.from(def.clusters, (c) => c.wage);
    this.clusterDomesticVolume = Float64Array.from(def.clusters, (c) => c.domestic_volume);
    this.clusterInfrastructure = Float64Array.from(def.clusters, (c) => c.infrastructure);
    this.clusterAssociation = Float64Array.from(def.clusters, (c) => c.association);
    this.clusterTrust = Float64Array.from(def.clusters, (c) => c.trust);
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
    this.clusterCrisis = new Uint8Array(Q);
    this.clusterJointBoost = new Float64Array(Q);
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
    const N = (this.N = n);
    this.firmUid = new Float64Array(N).fill(-1);
    this.firmCluster = new Int32Array(N);
    this.alive = new Uint8Array(N);
    this.status = new Uint8Array(N);
    this.born = new Int32Array(N);
    this.cap = new Float64Array(N * K);
    this.grade = new Int16Array(N * K);
    this.absorptive = new Float64Array(N);
    this.dynamic = new Float64Array(N);
    this.intent = new Float64Array(N);
    this.intent0 = new Float64Array(N);
    this.technology = new Float64Array(N);
    this.effort = new Float64Array(N);
    this.alloc = new Float64Array(N * K);
    this.wealth = new Float64Array(N);
    this.revenue = new Float64Array(N);
    this.workers = new Float64Array(N);
    this.units = new Float64Array(N);
    this.lossTicks = new Int16Array(N);
    this.domesticRole = new Int8Array(N);
    this.sizeFactor = new Float64Array(N).fill(1);
    this.chainMask = new Uint32Array(N);
    this.chainServed = new Uint32Array(N);
    this.chainIdle = new Int32Array(N * C);
    this.brand = new Uint8Array(N);
    this.services = new Uint8Array(N);
    this.certified = new Uint8Array(N);
    this.outsourced = new Float64Array(N);
    this.relocated = new Uint8Array(N);
    this.subcontracted = new Float64Array(N);
    this.purchases = new Float64Array(N);
    this.allegiance = new Float64Array(N);
    this.support = new Float64Array(N * K);
    this.supportAbsorptive = new Float64Array(N);
    this.supportEffort = new Float64Array(N);
    this.joint = new Uint8Array(N);
    this.tieSlots = Math.max(0, ...def.clusters.map((c) => c.ties));
    this.ties = new Int32Array(N * this.tieSlots).fill(-1);
    this.extSlots = Math.max(0, ...def.clusters.map((c) => c.external_ties));
    this.ext = new Int32Array(N * this.extSlots).fill(-1);

    // buyers
    const ids: string[] = [];
    const groups: number[] = [];
    const types: number[] = [];
    const chains: number[] = [];
    const homes: number[] = [];
    const clusterIndex = new Map(def.clusters.map((c, i) => [c.id, i] as const));
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
    this.buyerStd = new Float64Array(B);
    this.buyerLoss = new Float64Array(B);
    this.buyerKnowledge = new Float64Array(B);
    this.buyerLinkVolume = new Float64Array(B);
    this.buyerDefines = new Uint8Array(B);
    this.buyerMaxRole = new Int8Array(B);
    this.attraction = new Float64Array(B * BINS * M);
    this.experience = new Float64Array(B * BINS);
    this.modeMaxRole = Int8Array.from(MODES, (m) => ROLES.indexOf(P.roles[`max_${m}`]));
    this.refreshBuyers();

    this.maxLinks = P.sourcing.max_links;
    const S = N * this.maxLinks;
    this.linkBuyer = new Int32Array(S).fill(-1);
    this.linkMode = new Int8Array(S);
    this.linkRole = new Int8Array(S);
    this.linkAge = new Int32Array(S);
    this.linkVolume = new Float64Array(S);
    this.linkPrice = new Float64Array(S);
    this.linkInvestment = new Float64Array(S);
    this.linkCodified = new Float64Array(S);

    this.policies = def.policies.map((p) => ({
      def: p,
      clusters: (p.clusters.length > 0 ? p.clusters.map((id) => clusterIndex.get(id) as number) : [...Array(Q).keys()]).filter((c) => {
        if (p.level === 'regional') return true;
        if (p.level === 'national') {
          const country = p.country ? countryIndex.get(p.country) : this.clusterCountry[p.clusters.length > 0 ? (clusterIndex.get(p.clusters[0]) as number) : 0];
          return this.clusterCountry[c] === country;
        }
        return true;
      }),
      status: p.status === 'all' ? -1 : STATUSES.indexOf(p.status),
      active: false,
      vetoed: false,
      intensity: intensityOf(p),
    }));

    this.counters = new Float64Array(Q * NC);
    this.freeSlots = Array.from({ length: Q }, () => []);

    // firms of clusters present at tick 0 (entrant clusters are populated on arrival)
    for (let ci = 0; ci < Q; ci++) {
      for (let i = this.clusterStart[ci]; i < this.clusterEnd[ci]; i++) this.firmCluster[i] = ci;
      if (this.clusterActive[ci]) this.populateCluster(ci, streams);
    }
    this.initialLinks(def, streams);
  }

  /** Links declared by the scenario at tick 0 (mode as given; role capped by buyer and mode). */
  private initialLinks(def: WorldDef, streams: Streams): void {
    for (const l of def.links) {
      const g = this.buyerGroupIds.indexOf(l.buyers);
      const c = this.clusterIds.indexOf(l.cluster);
      if (g < 0 || c < 0 || !this.clusterActive[c]) continue;
      const r = streams.get(`init.links/${l.buyers}/${l.cluster}`);
      const mode = MODES.indexOf(l.mode);
      const role = ROLES.indexOf(l.role);
      const lo = this.clusterStart[c];
      const n = this.clusterEnd[c] - lo;
      for (let b = 0; b < this.nBuyers; b++) {
        if (this.buyerGroup[b] !== g || !this.buyerActive[b]) continue;
        let made = 0;
        for (let tries = 0; made < l.per_buyer && tries < l.per_buyer * 20; tries++) {
          const i = lo + r.int(n);
          if (!this.alive[i] || !((this.chainMask[i] >>> this.buyerChain[b]) & 1)) continue;
          let slot = -1;
          let dup = false;
          for (let j = 0; j < this.maxLinks; j++) {
            const lb = this.linkBuyer[i * this.maxLinks + j];
            if (lb === b) dup = true;
            if (lb < 0 && slot < 0) slot = i * this.maxLinks + j;
          }
          if (dup || slot < 0) continue;
          const cap = Math.min(this.buyerMaxRole[b], this.params.switches.blocking ? this.modeMaxRole[mode] : OBM);
          this.linkBuyer[slot] = b;
          this.linkMode[slot] = mode;
          this.linkRole[slot] = Math.min(role, cap);
          this.linkVolume[slot] = this.buyerLinkVolume[b];
          this.buyerLinks[b]++;
          made++;
        }
      }
    }
  }

  /** Create the initial firms of cluster ci (at tick 0, or at its arrival). */
  populateCluster(ci: number, streams: Streams): void {
    const c = this.def(ci);
    const lo = this.clusterStart[ci];
    const nf = this.clusterInitialFirms[ci];
    const step = this.params.events.step;
    // unused capacity, highest index at the bottom of the stack
    for (let i = this.clusterEnd[ci] - 1; i >= lo + nf; i--) this.freeSlots[ci].push(i);
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
      this.chainMask[i] = this.clusterChains[ci];
      for (let k = 0; k < K; k++) this.grade[i * K + k] = Math.floor(this.cap[i * K + k] / step);
    }
    // status: lead firms first (the largest), then a share of large firms
    const order = new Int32Array(nf);
    for (let k = 0; k < nf; k++) order[k] = lo + k;
    shuffle(order, streams.get(`init.status/${this.clusterIds[ci]}`));
    const nLead = Math.min(c.lead_firms, nf);
    const nLarge = Math.round((nf - nLead) * c.large_share);
    const L = this.params.lead_firms;
    for (let k = 0; k < nf; k++) {
      const i = order[k];
      if (k < nLead) {
        this.status[i] = LEAD;
        this.sizeFactor[i] = L.size_lead;
        for (let q = 0; q < K; q++) this.cap[i * K + q] = clip01(this.cap[i * K + q] + L.premium);
        this.absorptive[i] = clip01(this.absorptive[i] + L.premium);
        for (let q = 0; q < K; q++) this.grade[i * K + q] = Math.floor(this.cap[i * K + q] / step);
      } else if (k < nLead + nLarge) {
        this.status[i] = LARGE;
        this.sizeFactor[i] = L.size_large;
        for (let q = 0; q < K; q++) this.cap[i * K + q] = clip01(this.cap[i * K + q] + L.premium_large);
        for (let q = 0; q < K; q++) this.grade[i * K + q] = Math.floor(this.cap[i * K + q] / step);
      } else {
        this.status[i] = SME;
      }
    }
    // local ties to distinct firms within tie_window places (spatial locality)
    const tr = streams.get(`init.ties/${this.clusterIds[ci]}`);
    for (let i = lo; i < lo + nf; i++) this.fillTies(i, c.ties, c.tie_window, lo, lo + nf, tr);
    for (let i = lo; i < lo + nf; i++) this.domesticRole[i] = potentialRole(this, i);
    // the wage index's reference: the mean capability of the country's firms when its first cluster appears
    const co = this.clusterCountry[ci];
    if (!this.countrySeen[co]) {
      this.countrySeen[co] = 1;
      let sum = 0;
      for (let i = lo; i < lo + nf; i++) sum += this.meanCap(i);
      this.countryCap0[co] = nf > 0 ? sum / nf : 0;
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
    this.firmUid[i] = this.nextUid++;
    this.alive[i] = 1;
    this.born[i] = this.tick;
    for (let k = 0; k < K; k++) this.cap[i * K + k] = clip01(d.cap[k] + d.capSd * r.normal());
    this.absorptive[i] = clip01(d.absorptive[0] + d.absorptive[1] * r.normal());
    this.dynamic[i] = clip01(d.dynamic[0] + d.dynamic[1] * r.normal());
    this.intent[i] = clip01(d.intent[0] + d.intent[1] * r.normal());
    this.intent0[i] = this.intent[i];
    this.technology[i] = clip01(d.technology[0] + d.technology[1] * r.normal());
    this.status[i] = SME;
    this.sizeFactor[i] = 1;
    this.wealth[i] = 0;
    this.lossTicks[i] = 0;
    this.brand[i] = 0;
    this.services[i] = 0;
    this.certified[i] = 0;
    this.outsourced[i] = 0;
    this.relocated[i] = 0;
    this.chainServed[i] = 0;
    for (let c = 0; c < this.nChains; c++) this.chainIdle[i * this.nChains + c] = 0;
    for (let t = 0; t < this.tieSlots; t++) this.ties[i * this.tieSlots + t] = -1;
    for (let t = 0; t < this.extSlots; t++) this.ext[i * this.extSlots + t] = -1;
  }

  /** Give firm i up to `want` local ties to live firms in [lo, hi) within `window` places. */
  fillTies(i: number, want: number, window: number, lo: number, hi: number, r: Rng): void {
    const T = this.tieSlots;
    const size = hi - lo;
    if (size < 2 || T === 0) return;
    want = Math.min(want, T, size - 1);
    let made = 0;
    for (let t = 0; t < T; t++) if (this.ties[i * T + t] >= 0) made++;
    let guard = 0;
    while (made < want && guard++ < want * 20) {
      const w = Math.min(window, size - 1);
      let off = 1 + r.int(w);
      if (r.next() < 0.5) off = -off;
      const j = lo + ((((i - lo + off) % size) + size) % size);
      if (j === i || !this.alive[j] || this.hasTie(i, j)) continue;
      for (let t = 0; t < T; t++) {
        if (this.ties[i * T + t] < 0) {
          this.ties[i * T + t] = j;
          break;
        }
      }
      made++;
    }
  }

  hasTie(i: number, j: number): boolean {
    const T = this.tieSlots;
    for (let t = 0; t < T; t++) if (this.ties[i * T + t] === j) return true;
    return false;
  }

  /** The cluster definition (for values read only at events such as arrival). */
  def(ci: number): WorldDef['clusters'][number] {
    return this.clusterDefs[ci];
  }

  /** Recompute the per-buyer arrays from type profiles and chain standards (after a shock changes them). */
  refreshBuyers(): void {
    for (let b = 0; b < this.nBuyers; b++) {
      const prof = this.buyerProfile(b);
      this.buyerStd[b] = clip01(this.chainStandard[this.buyerChain[b]] + prof.standard_offset);
      this.buyerLoss[b] = prof.loss;
      this.buyerKnowledge[b] = prof.knowledge;
      this.buyerLinkVolume[b] = (prof.volume / prof.suppliers) * this.chainDemand[this.buyerChain[b]];
      this.buyerDefines[b] = prof.defines_product ? 1 : 0;
      this.buyerMaxRole[b] = !prof.design_tolerance ? OEM : !prof.brand_tolerance ? ODM : OBM;
    }
  }

  /** The profile of buyer b's type (params.buyer_types). */
  buyerProfile(b: number): Params['buyer_types'][BuyerType] {
    return this.params.buyer_types[BUYER_TYPES[this.buyerType[b]]];
  }

  /** Supplier competence s: weighted capabilities. */
  competence(i: number): number {
    const w = this.params.governance.capability_weights;
    const o = i * K;
    const sw = w[0] + w[1] + w[2] + w[3];
    return sw > 0 ? (w[0] * this.cap[o] + w[1] * this.cap[o + 1] + w[2] * this.cap[o + 2] + w[3] * this.cap[o + 3]) / sw : 0;
  }

  meanCap(i: number): number {
    const o = i * K;
    return (this.cap[o] + this.cap[o + 1] + this.cap[o + 2] + this.cap[o + 3]) / 4;
  }

  /** Effective wage of firm i's cluster in buyers' currency. */
  wage(ci: number): number {
    const co = this.clusterCountry[ci];
    return this.clusterWage[ci] * this.countryWageIndex[co] * this.countryFx[co];
  }

  /**
   * Record an event and count it for the firm's (or the given) cluster; world-level events (no firm, no cluster) have an empty cluster.
   * `firm` is a slot (or -1); the event names the firm's id. Details that mention another firm must print its id (`firmUid`), not its slot.
   */
  emit(firm: number, buyer: number, kind: string, detail: string, counter: number, cluster = -1): void {
    const c = cluster >= 0 ? cluster : firm >= 0 ? this.firmCluster[firm] : -1;
    if (counter >= 0 && c >= 0) this.counters[c * NC + counter]++;
    this.events.push({
      tick: this.tick,
      cluster: c >= 0 ? this.clusterIds[c] : '',
      firm: firm >= 0 ? this.firmUid[firm] : null,
      buyer: buyer >= 0 ? this.buyerIds[buyer] : buyer === DOMESTIC ? 'domestic' : '',
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
    this.linkInvestment[s] = 0;
    this.linkCodified[s] = 0;
  }

  /** Firm i leaves: links end, ties to it are cut lazily (readers skip dead firms). */
  kill(i: number): void {
    if (!this.alive[i]) return;
    this.alive[i] = 0;
    this.freeSlots[this.firmCluster[i]].push(i);
    for (let j = 0; j < this.maxLinks; j++) this.dropLink(i * this.maxLinks + j);
    this.revenue[i] = 0;
    this.workers[i] = 0;
    this.units[i] = 0;
  }

  /** Take a free firm slot of cluster c (the lowest freed first), or -1. */
  takeSlot(c: number): number {
    const f = this.freeSlots[c];
    return f.length > 0 ? (f.pop() as number) : -1;
  }

  /** Firms alive in cluster c. */
  aliveIn(c: number): number {
    let n = 0;
    for (let i = this.clusterStart[c]; i < this.clusterEnd[c]; i++) n += this.alive[i];
    return n;
  }

  /** Name of cluster c's stage. */
  stageName(c: number): (typeof STAGES)[number] {
    return STAGES[this.clusterStage[c]];
  }

  /**
   * The slot of the live firm with id `uid`, or -1 if that firm has exited or
   * never existed. A linear scan (for notebooks and tests, not the hot path):
   * `world.firm(world.slotOf(id))` is the snapshot of the firm an events.csv or
   * firms.csv row names.
   */
  slotOf(uid: number): number {
    if (!(uid >= 0 && uid < this.nextUid)) return -1;
    for (let i = 0; i < this.N; i++) if (this.firmUid[i] === uid) return this.alive[i] ? i : -1;
    return -1;
  }

  /** A readable snapshot of the firm in slot i (see FirmSnapshot; `slotOf(id)` gives the slot of a firm id). */
  firm(i: number): FirmSnapshot {
    if (!(i >= 0 && i < this.N)) throw new RangeError(`no firm slot ${i} (0..${this.N - 1}); slotOf(id) maps a firm id to its slot`);
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
        investment: this.linkInvestment[s],
      });
    }
    const ties: number[] = [];
    for (let t = 0; t < this.tieSlots; t++) {
      const j = this.ties[i * this.tieSlots + t];
      if (j >= 0) ties.push(this.firmUid[j]);
    }
    const externalTies: number[] = [];
    for (let t = 0; t < this.extSlots; t++) {
      const j = this.ext[i * this.extSlots + t];
      if (j >= 0) externalTies.push(this.firmUid[j]);
    }
    return {
      id: this.firmUid[i],
      slot: i,
      cluster: this.clusterIds[this.firmCluster[i]],
      alive: this.alive[i] === 1,
      status: STATUSES[this.status[i]],
      capabilities: caps,
      absorptive: this.absorptive[i],
      dynamic: this.dynamic[i],
      intent: this.intent[i],
      technology: this.technology[i],
      effort: this.effort[i],
      wealth: this.wealth[i],
      revenue: this.revenue[i],
      workers: this.workers[i],
      chains: this.chainIds.filter((_, c) => (this.chainMask[i] >>> c) & 1),
      brand: this.brand[i] === 1,
      services: this.services[i] === 1,
      certified: this.certified[i] === 1,
      allegiance: this.allegiance[i],
      domesticRole: ROLES[this.domesticRole[i]],
      links,
      ties,
      externalTies,
    };
  }
}
