/**
 * Outsourcing contracts (outsourcing.ts; ODD §7.6e), in fixed slots per
 * outsourcing firm: slot s = firm * SLOTS + k (contractor -1 = empty), with
 * the contractor's slot and id (a reused slot is a new firm), the share of
 * the outsourcer's own work it takes, this tick's units and unit price, the
 * contract's age and the ticks in a row its saving has been negative, and
 * whether it is a local-content commitment of a foreign firm (`committed`:
 * it does not end on a negative saving; fdi.ts, outsourcing.ts).
 *
 * Per firm, what the outsourcing phase books for production: contract units
 * and revenue received (`unitsIn`, `revenueIn`), contract units and their
 * cost bought (`unitsOut`, `costOut`: price, freight and coordination), the
 * hub-and-spoke work a tied SME receives (`localIn`) and its cost to the
 * lead or large firm that buys it (`localCost`); and the firm's capacity in
 * units (`capUnits`: its peak output, shed at money.capacity_decay).
 *
 * Scratch for the phase (no allocation in a tick): per firm its planned own
 * work, spare capacity (in whole-unit labour), main buyer, top role, unit
 * cost and freight per planned unit; per buyer a
 * sample of at most SAMPLE of its suppliers (triangle manufacturing).
 */
export class ContractStore {
  /** Contract slots per firm. */
  static readonly SLOTS = 4;
  /** Suppliers sampled per buyer (triangle manufacturing). */
  static readonly SAMPLE = 4;
  readonly contractor: Int32Array;
  readonly contractorUid: Float64Array;
  readonly share: Float64Array;
  readonly units: Float64Array;
  readonly price: Float64Array;
  readonly age: Int32Array;
  readonly negative: Int32Array;
  readonly committed: Uint8Array;

  readonly unitsIn: Float64Array;
  readonly revenueIn: Float64Array;
  readonly unitsOut: Float64Array;
  readonly costOut: Float64Array;
  readonly localIn: Float64Array;
  readonly localCost: Float64Array;
  readonly capUnits: Float64Array;

  // scratch
  readonly work: Float64Array;
  readonly planned: Float64Array;
  readonly spare: Float64Array;
  readonly unitCost: Float64Array;
  readonly freightUnit: Float64Array;
  readonly mainBuyer: Int32Array;
  readonly topRole: Int8Array;
  readonly sample: Int32Array;
  readonly sampleSeen: Int32Array;

  /** Contract slots for N firm slots; a supplier sample for each of nBuyers buyers. */
  constructor(N: number, nBuyers: number) {
    const S = N * ContractStore.SLOTS;
    this.contractor = new Int32Array(S).fill(-1);
    this.contractorUid = new Float64Array(S).fill(-1);
    this.share = new Float64Array(S);
    this.units = new Float64Array(S);
    this.price = new Float64Array(S);
    this.age = new Int32Array(S);
    this.negative = new Int32Array(S);
    this.committed = new Uint8Array(S);
    this.unitsIn = new Float64Array(N);
    this.revenueIn = new Float64Array(N);
    this.unitsOut = new Float64Array(N);
    this.costOut = new Float64Array(N);
    this.localIn = new Float64Array(N);
    this.localCost = new Float64Array(N);
    this.capUnits = new Float64Array(N);
    this.work = new Float64Array(N);
    this.planned = new Float64Array(N);
    this.spare = new Float64Array(N);
    this.unitCost = new Float64Array(N);
    this.freightUnit = new Float64Array(N);
    this.mainBuyer = new Int32Array(N).fill(-1);
    this.topRole = new Int8Array(N);
    this.sample = new Int32Array(nBuyers * ContractStore.SAMPLE).fill(-1);
    this.sampleSeen = new Int32Array(nBuyers);
  }

  /** Empty contract slot s. */
  end(s: number): void {
    this.contractor[s] = -1;
    this.contractorUid[s] = -1;
    this.share[s] = 0;
    this.units[s] = 0;
    this.price[s] = 0;
    this.age[s] = 0;
    this.negative[s] = 0;
    this.committed[s] = 0;
  }

  /** Live contracts of firm i as outsourcer. */
  live(i: number): number {
    let n = 0;
    for (let k = 0; k < ContractStore.SLOTS; k++) if (this.contractor[i * ContractStore.SLOTS + k] >= 0) n++;
    return n;
  }

  /** Firm slot i is emptied (exit) or taken by a new firm: its contracts and capacity go. */
  clear(i: number): void {
    for (let k = 0; k < ContractStore.SLOTS; k++) this.end(i * ContractStore.SLOTS + k);
    this.capUnits[i] = 0;
  }
}
