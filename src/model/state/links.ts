/**
 * Supplier-buyer link state, in fixed slots per firm: slot s = firm * maxLinks
 * + j (buyer -1 = empty), with governance mode, supplier role, age, volume,
 * price (bargained: value, landed cost, governance cost, power), the buyer's investment and the codifiability an old link has gained.
 * No allocation in a tick; a buyer's links are found by one linear sweep.
 */
export class LinkStore {
  readonly maxLinks: number;
  readonly linkBuyer: Int32Array;
  readonly linkMode: Int8Array;
  readonly linkRole: Int8Array;
  readonly linkAge: Int32Array;
  readonly linkVolume: Float64Array;
  readonly linkPrice: Float64Array;
  readonly linkInvestment: Float64Array;
  /** Bargaining: the link's value per unit V, the supplier's landed cost LC, the buyer's governance cost per unit g, and the supplier's power β. */
  readonly linkValue: Float64Array;
  readonly linkCost: Float64Array;
  readonly linkGov: Float64Array;
  readonly linkBeta: Float64Array;
  /** Cost per tick of the link's mode as governance computed it this tick (NaN when it did not): bargaining reuses it. */
  readonly linkModeCost: Float64Array;
  /** Orders: the link's share of its buyer's volume, and the ticks in a row its supplier has failed to match the buyer's best alternative even at landed cost. */
  readonly linkShare: Float64Array;
  readonly linkGap: Int32Array;
  /** Codifiability an old network link has gained (loosening; kept whatever its mode). */
  readonly linkCodified: Float64Array;

  /** maxLinks link slots for each of N firm slots. */
  constructor(N: number, maxLinks: number) {
    this.maxLinks = maxLinks;
    const S = N * maxLinks;
    this.linkBuyer = new Int32Array(S).fill(-1);
    this.linkMode = new Int8Array(S);
    this.linkRole = new Int8Array(S);
    this.linkAge = new Int32Array(S);
    this.linkVolume = new Float64Array(S);
    this.linkPrice = new Float64Array(S);
    this.linkInvestment = new Float64Array(S);
    this.linkShare = new Float64Array(S);
    this.linkGap = new Int32Array(S);
    this.linkValue = new Float64Array(S);
    this.linkCost = new Float64Array(S);
    this.linkGov = new Float64Array(S);
    this.linkBeta = new Float64Array(S);
    this.linkModeCost = new Float64Array(S).fill(NaN);
    this.linkCodified = new Float64Array(S);
  }
}
