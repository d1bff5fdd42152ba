/**
 * Firm state, indexed by storage slot (structure of arrays): id, cluster,
 * life (alive, born), status, capabilities and their recorded grades,
 * absorptive and dynamic capacity, intent, technology, effort, accounts
 * (wealth, revenue, workers, units), chains served, brand / services /
 * certification, relocation and subcontracting, foreign ownership (FDI), policy support of the tick,
 * and the local and external tie slots. Slots are internal and reused (see
 * world.ts); `firmUid[slot]` is the firm's id.
 */
import type { Rng } from '../../engine/rng.js';
import { JK, K } from '../constants.js';

export class FirmStore {
  /** Number of firm slots (all clusters' capacities). */
  readonly N: number;
  /**
   * The unique id of the firm in each slot (-1: the slot has never held a
   * firm). Given by `World.initFirm` from `nextUid`; an exited firm's id stays
   * until its slot is reused. Float64Array, not Int32Array: ids count every
   * firm ever created, which the schema does not bound below 2^31 (up to 5e6
   * firms per cluster and 1e6 ticks); doubles hold integers exactly to 2^53.
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
  /** Home market (home-market.ts): units sold at home this tick and their price. */
  readonly homeUnits: Float64Array;
  readonly homePrice: Float64Array;
  readonly revenue: Float64Array;
  readonly workers: Float64Array;
  readonly units: Float64Array;
  /** Money (money.ts): wages of the firm's own workers this tick (variable cost besides purchases). */
  readonly labourCost: Float64Array;
  /** Capacity: the firm's peak value added, shed at money.capacity_decay per tick; fixed costs scale with it. */
  readonly capacity: Float64Array;
  /** Fixed cost, interest and operating profit (before investment) this tick. */
  readonly fixedCost: Float64Array;
  readonly interest: Float64Array;
  readonly opProfit: Float64Array;
  /** Profit after investment this tick. */
  readonly profit: Float64Array;
  /** Smoothed revenue (weight 1/4 per tick): the base of the credit line. */
  readonly revenueAvg: Float64Array;
  /** Leakage the firm observes: how fast its lagging local ties close their gap to it (smoothed; investment.ts). */
  readonly leakage: Float64Array;
  /**
   * The firm's gross capability gain in the last learning step, per capability (firm-major like cap): the sum of all
   * its sources before depreciation, A·[g·(T + S + P + X + J + C + Q) + own]·(1 − B) (learning.ts); read by
   * investment.ts's observed leakage.
   */
  readonly gain: Float64Array;
  /**
   * The part of that gain that came through each local tie (the spillover channel), per tie slot and capability:
   * (gainTie[(i·tieSlots + t)·K + k] · tieScale[i]) · tieBlock[i·K + k] = A·g·(λ/n)·f(d)·(c_jk − c_ik)⁺·(1 − B_k), j
   * the tie's firm (learning.ts); gainTie holds the raw 2·f(d)·(c_jk − c_ik)⁺ and the two factors are kept per firm,
   * so learning writes each tie slot once. Read by investment.ts, so a firm's observed leakage counts only what its
   * readers took from it.
   */
  readonly gainTie: Float64Array;
  /** Per firm: the ties' scale λ/(2n) of the last learning step (0: nothing taken through a tie). */
  readonly tieScale: Float64Array;
  /** Per firm and capability: A·g·(1 − B_k) of the last learning step. */
  readonly tieBlock: Float64Array;
  /** The id (firmUid) of the firm on each local tie slot in the last learning step (-1: none), to match gainTie. */
  readonly gainTieUid: Float64Array;
  /** The owner's thrift (lognormal, mean 1), drawn at the firm's first tick; 0 = not drawn yet. */
  readonly thrift: Float64Array;
  readonly domesticRole: Int8Array;
  readonly sizeFactor: Float64Array;
  /** Chains the firm serves (bit per chain). */
  readonly chainMask: Uint32Array;
  /** Chains the firm entered or had orders in (bit per chain): leaving one is chain downgrading. */
  readonly chainServed: Uint32Array;
  /** Ticks since the firm last held a link in each chain: idle[i * nChains + c]. */
  readonly chainIdle: Int32Array;
  readonly brand: Uint8Array;
  /** Ticks of own-brand build-up left (0: not building; own-brand.ts). */
  readonly brandBuild: Int16Array;
  /** Brand equity E in [0, 1] (own-brand.ts). */
  readonly brandEquity: Float64Array;
  /** Build-up cost paid per tick while building (C_B / brand_ticks). */
  readonly brandCost: Float64Array;
  /** Units the firm's own brand sells this tick (own-brand.ts; booked in production.ts). */
  readonly brandUnits: Float64Array;
  /** Price per unit of the own brand's sales this tick. */
  readonly brandPrice: Float64Array;
  /** Chain the own brand sells in (-1: none). */
  readonly brandChain: Int8Array;
  readonly services: Uint8Array;
  readonly certified: Uint8Array;
  /** Lead firm has relocated selectively (assembly abroad, knowledge work kept). */
  readonly relocated: Uint8Array;
  /** Foreign-owned: a lead firm brought by an FDI programme (fdi.ts). */
  readonly foreign: Uint8Array;
  /**
   * Work done in the firm's own plant this tick, in units of whole-unit labour (production.ts): its own units less
   * the assembly it contracts out (α per contract unit), the units it buys from SME ties and a relocated plant's
   * share, plus hub-and-spoke units and the assembly it takes in (α per contract unit). The base of its capacity.
   */
  readonly made: Float64Array;
  /** Share of a lead/large firm's units bought from its SME ties this tick. */
  readonly subcontracted: Float64Array;
  /** Value of what the firm buys this tick: freight, work from its SME ties, contracts and a relocated plant's output (not value added by the firm). */
  readonly purchases: Float64Array;
  /** Allegiance to the main buyer: the main buyer's share of the firm's output. */
  readonly allegiance: Float64Array;
  /** Policy support received this tick per capability (firm-major), and its absorptive/effort levers. */
  readonly support: Float64Array;
  readonly supportAbsorptive: Float64Array;
  readonly supportFinance: Float64Array;
  /** Share of its joint-action dues per kind that a joint_action programme pays for the firm this tick (firm-major, JK per firm; policy.ts). */
  readonly supportJoint: Float64Array;
  /** Joint-action membership: bit 1 << k set while the firm is in a running project of kind k (constants.ts JOINT_KINDS). */
  readonly joint: Uint8Array;
  /** Joint action, per firm and kind (firm-major, JK per firm): the firm's observable outcome when the cluster's project of kind k started (learning: competence; marketing: buyer links; logistics: log export units), recorded for members and non-members alike; read when the project ends (competence trust: members against non-members). */
  readonly jointBase: Float64Array;
  /** Bit 1 << k: the firm joined the current project of kind k at its start (kept if it defects, so its outcome still counts as a member's). */
  readonly jointIn: Uint8Array;
  /** Bit 1 << k: jointBase holds this firm's outcome at the start of the current project of kind k (firms that enter later have none). */
  readonly jointSeen: Uint8Array;
  /** Local ties, firm-major with `tieSlots` per firm; -1 = empty. */
  readonly tieSlots: number;
  readonly ties: Int32Array;
  /** External ties (other clusters), `extSlots` per firm; -1 = empty. */
  readonly extSlots: number;
  readonly ext: Int32Array;

  /** N slots, nChains chains, tieSlots local and extSlots external tie slots per firm. */
  constructor(N: number, nChains: number, tieSlots: number, extSlots: number) {
    this.N = N;
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
    this.homeUnits = new Float64Array(N);
    this.homePrice = new Float64Array(N);
    this.revenue = new Float64Array(N);
    this.workers = new Float64Array(N);
    this.units = new Float64Array(N);
    this.labourCost = new Float64Array(N);
    this.capacity = new Float64Array(N);
    this.fixedCost = new Float64Array(N);
    this.interest = new Float64Array(N);
    this.opProfit = new Float64Array(N);
    this.profit = new Float64Array(N);
    this.revenueAvg = new Float64Array(N);
    this.leakage = new Float64Array(N);
    this.gain = new Float64Array(N * K);
    this.gainTie = new Float64Array(N * tieSlots * K);
    this.tieScale = new Float64Array(N);
    this.tieBlock = new Float64Array(N * K);
    this.gainTieUid = new Float64Array(N * tieSlots).fill(-1);
    this.thrift = new Float64Array(N);
    this.domesticRole = new Int8Array(N);
    this.sizeFactor = new Float64Array(N).fill(1);
    this.chainMask = new Uint32Array(N);
    this.chainServed = new Uint32Array(N);
    this.chainIdle = new Int32Array(N * nChains);
    this.brand = new Uint8Array(N);
    this.brandBuild = new Int16Array(N);
    this.brandEquity = new Float64Array(N);
    this.brandCost = new Float64Array(N);
    this.brandUnits = new Float64Array(N);
    this.brandPrice = new Float64Array(N);
    this.brandChain = new Int8Array(N).fill(-1);
    this.services = new Uint8Array(N);
    this.certified = new Uint8Array(N);
    this.relocated = new Uint8Array(N);
    this.foreign = new Uint8Array(N);
    this.made = new Float64Array(N);
    this.subcontracted = new Float64Array(N);
    this.purchases = new Float64Array(N);
    this.allegiance = new Float64Array(N);
    this.support = new Float64Array(N * K);
    this.supportAbsorptive = new Float64Array(N);
    this.supportFinance = new Float64Array(N);
    this.supportJoint = new Float64Array(N * JK);
    this.joint = new Uint8Array(N);
    this.jointBase = new Float64Array(N * JK);
    this.jointIn = new Uint8Array(N);
    this.jointSeen = new Uint8Array(N);
    this.tieSlots = tieSlots;
    this.ties = new Int32Array(N * tieSlots).fill(-1);
    this.extSlots = extSlots;
    this.ext = new Int32Array(N * extSlots).fill(-1);
  }

  /** Mean of firm i's capabilities. */
  meanCap(i: number): number {
    const o = i * K;
    return (this.cap[o] + this.cap[o + 1] + this.cap[o + 2] + this.cap[o + 3]) / 4;
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

  /** Whether firm i has a local tie to slot j. */
  hasTie(i: number, j: number): boolean {
    const T = this.tieSlots;
    for (let t = 0; t < T; t++) if (this.ties[i * T + t] === j) return true;
    return false;
  }
}
