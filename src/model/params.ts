/**
 * Every parameter of the model: type, default, range, unit and meaning.
 *
 * This module is the one typed defaults module of the project. A scenario
 * overrides any of these under `params:`; `gvcsim run --set` overrides them
 * from the command line. Each mechanism has a switch under `switches`, and
 * governance can be clamped to one mode, so that an experiment can knock a
 * mechanism out. The reasons and sources for each default are in
 * docs/ODD.md (section 7, Submodels).
 */
import { bool, int, num, obj, oneOf, share, vec, type Infer } from '../engine/spec.js';
import { CAPABILITIES, ROLES } from './constants.js';

const caps = CAPABILITIES;

/** One row of the governance cost model (MODEL.md §4.1). */
const modeCost = (
  fixed: number,
  complexity: number,
  uncodified: number,
  incompetence: number,
  control: number,
  what: string,
) =>
  obj(
    {
      fixed: num(fixed, `Fixed cost of governing a ${what} link per tick (monitoring, investing in the supplier, owning)`, { min: 0, unit: 'value units / tick' }),
      coord_complexity: num(complexity, `Co-ordination cost per unit of transaction complexity`, { min: 0 }),
      coord_uncodified: num(uncodified, `Co-ordination cost per unit of complexity × (1 − codifiability)`, { min: 0 }),
      coord_incompetence: num(incompetence, `Co-ordination cost per unit of complexity × (1 − supplier capability)`, { min: 0 }),
      control: share(control, `Share of the expected failure loss the mode averts (buyer control)`),
    },
    `Cost coefficients of ${what} governance`,
  );

const buyerType = (
  volume: number,
  suppliers: number,
  standardOffset: number,
  loss: number,
  knowledge: number,
  definesProduct: boolean,
  designTolerance: boolean,
  brandTolerance: boolean,
  scout: number,
  what: string,
) =>
  obj(
    {
      volume: num(volume, 'Units ordered per tick, spread over the buyer’s suppliers', { min: 0, unit: 'units / tick' }),
      suppliers: int(suppliers, 'Target number of suppliers', 1),
      standard_offset: num(standardOffset, 'Required standard = chain standard + this offset (clamped to [0, 1])', { min: -1, max: 1 }),
      loss: num(loss, 'L: loss to the buyer if a supplier fails (non-price competition, safety, brand exposure; Humphrey & Schmitz 2000 §3)', { min: 0 }),
      knowledge: share(knowledge, 'Buyer’s own capability frontier: the level transfer pulls a supplier toward'),
      defines_product: bool(definesProduct, 'Whether the buyer defines the product (raises the co-ordination need; Humphrey & Schmitz 2000 Table 4)'),
      design_tolerance: bool(designTolerance, 'Whether the buyer accepts supplier design (ODM role) on its links'),
      brand_tolerance: bool(brandTolerance, 'Whether the buyer accepts supplier brands (OBM role) on its links'),
      scout_sample: int(scout, 'Candidate suppliers drawn per vacancy when scouting', 1),
    },
    `Profile of a ${what}`,
  );

export const paramsSpec = obj({
  switches: obj(
    {
      governance: bool(true, 'Governance chosen by the cost model; off = every link market (unless clamped)'),
      transfer: bool(true, 'Buyer knowledge transfer by governance mode (MODEL.md §4.2 a)'),
      blocking: bool(true, 'Blocking of strategic functions by governance mode (§4.2 blocking table)'),
      own_investment: bool(true, 'Firms invest in capabilities; off = zero investment (no upgrading)'),
      spillovers: bool(true, 'Local knowledge spillovers along local ties (§4.2 c)'),
      absorptive: bool(true, 'Absorptive capacity grows with past learning; off = frozen at its initial value'),
      depreciation: bool(true, 'Capabilities depreciate'),
      scouting: bool(true, 'Buyers fill vacancies by scouting suppliers'),
      exclusion: bool(true, 'Buyers drop suppliers whose best governance costs more than the link is worth'),
    },
    'Mechanism switches: turn one off to knock the mechanism out',
  ),
  governance: obj(
    {
      clamp: oneOf(['none', 'market', 'modular', 'relational', 'captive', 'hierarchy'] as const, 'none', 'Force every link into one mode (knockout experiments); none = choose by cost'),
      review_interval: int(1, 'Ticks between re-evaluations of a link’s mode', 1),
      inertia: share(0.1, 'A link changes mode only when the best mode saves more than this share of the current mode’s cost (hysteresis)'),
      capability_weights: vec(caps, [0.4, 0.4, 0.2, 0], 'Weights of capabilities in the supplier competence s the buyer assesses', { min: 0, max: 1 }),
      p_fail_base: share(0.02, 'Failure probability of a supplier that meets the required standard'),
      p_fail_gap: num(2, 'Increase of failure probability per unit of gap between required standard and competence', { min: 0 }),
      no_definition_factor: share(0.5, 'Multiplier on complexity for buyers that do not define the product'),
      reservation_base: num(0.2, 'Worth of a link to the buyer at zero complexity: above it the supplier is excluded', { min: 0 }),
      reservation_complexity: num(1, 'Increase of the link’s worth per unit of complexity (specific suppliers matter more for complex products)', { min: 0 }),
      market: modeCost(0, 1, 0, 0, 0, 'market'),
      modular: modeCost(0.3, 0, 1, 0, 0.3, 'modular'),
      relational: modeCost(0.45, 0, 0, 1, 0.6, 'relational'),
      captive: modeCost(0.4, 0, 1, 0, 0.85, 'captive'),
      hierarchy: modeCost(0.85, 0, 0, 0, 0.98, 'hierarchy'),
    },
    'Governance choice: one cost model (MODEL.md §4.1)',
  ),
  learning: obj(
    {
      transfer_market: vec(caps, [0, 0, 0, 0], 'Transfer rate per capability under market governance (≈ 0: Humphrey & Schmitz 2000 §4.3)', { min: 0, max: 1 }),
      transfer_modular: vec(caps, [0.01, 0.01, 0.005, 0], 'Transfer rates under modular governance (low: "no tutelage", §3)', { min: 0, max: 1 }),
      transfer_relational: vec(caps, [0.05, 0.05, 0.04, 0.01], 'Transfer rates under relational governance (high, design included)', { min: 0, max: 1 }),
      transfer_captive: vec(caps, [0.08, 0.06, 0, 0], 'Transfer rates under captive governance (high for process/product, ≈ 0 for strategic functions)', { min: 0, max: 1 }),
      transfer_hierarchy: vec(caps, [0.08, 0.06, 0.01, 0], 'Transfer rates under hierarchy (inside the owned firm)', { min: 0, max: 1 }),
      captive_plateau: share(0.1, 'Multiplier on captive transfer once the supplier meets the buyer’s standard (Humphrey & Schmitz §3 vs Gancarczyk & Bohatkiewicz 2018: a parameter)'),
      blocking_market: vec(caps, [0, 0, 0, 0], 'Share of capability gains blocked under market governance', { min: 0, max: 1 }),
      blocking_modular: vec(caps, [0, 0, 0, 0.2], 'Share blocked under modular governance', { min: 0, max: 1 }),
      blocking_relational: vec(caps, [0, 0, 0, 0.1], 'Share blocked under relational governance', { min: 0, max: 1 }),
      blocking_captive: vec(caps, [0, 0, 0.85, 0.9], 'Share blocked under captive governance (strategic functions: self-restraint and retaliation, Humphrey & Schmitz §4.2)', { min: 0, max: 1 }),
      blocking_hierarchy: vec(caps, [0, 0, 0.95, 0.95], 'Share blocked under hierarchy (the owner keeps strategic functions)', { min: 0, max: 1 }),
      investment_rate: share(0.08, 'Share of revenue a firm invests in learning (its effort e)'),
      effort_half: num(0.04, 'Effort at which the absorption multiplier e/(e + h) reaches one half', { min: 1e-6 }),
      investment_return: num(1, 'Capability gained per unit of effort and allocation, times headroom (1 − c)', { min: 0 }),
      allocation: vec(caps, [0.4, 0.3, 0.2, 0.1], 'How a firm splits own investment across capabilities (normalised)', { min: 0, max: 1 }),
      spillover_rate: num(0.04, 'Rate of catch-up toward better local ties', { min: 0 }),
      depreciation: share(0.004, 'Share of each capability lost per tick'),
      absorptive_growth: num(2, 'Growth of absorptive capacity per unit of capability gained', { min: 0 }),
      absorptive_decay: share(0.005, 'Share of absorptive capacity lost per tick'),
    },
    'Learning: transfer and blocking are separate tables (MODEL.md §4.2)',
  ),
  roles: obj(
    {
      oem_process: share(0.3, 'Process capability a firm needs for the OEM role (full production incl. sourcing)'),
      odm_design: share(0.45, 'Design capability a firm needs for the ODM role'),
      obm_marketing: share(0.5, 'Marketing/brand capability a firm needs for the OBM role (with the ODM threshold)'),
      max_market: oneOf(ROLES, 'OBM', 'Highest role a buyer allows on a market link'),
      max_modular: oneOf(ROLES, 'ODM', 'Highest role allowed on a modular link (turn-key supplier, no own brand)'),
      max_relational: oneOf(ROLES, 'ODM', 'Highest role allowed on a relational link (joint design)'),
      max_captive: oneOf(ROLES, 'OEM', 'Highest role allowed on a captive link (buyer retaliation: strategic functions blocked, Humphrey & Schmitz 2000 §4.2)'),
      max_hierarchy: oneOf(ROLES, 'OEM', 'Highest role of an owned supplier (the owner keeps design and brand)'),
    },
    'Role thresholds (Kaplinsky 2015 figure; Humphrey & Schmitz 2000 §4.5)',
  ),
  production: obj(
    {
      labour_per_unit: num(1, 'Labour per unit at zero process capability', { min: 0, unit: 'worker-ticks / unit' }),
      process_saving: share(0.6, 'Share of labour per unit saved at full process capability'),
      product_premium: num(1, 'Final value rises by this share at full product capability', { min: 0 }),
      va_assembly: share(0.1, 'Share of final value added by assembly (OEA role)'),
      va_production: share(0.15, 'Share added by sourcing, components and logistics (with OEM)'),
      va_design: share(0.2, 'Share added by design (with ODM)'),
      va_brand: share(0.3, 'Share added by marketing and brand (with OBM); the rest goes to retail'),
      domestic_price: num(0.5, 'Unit price on the domestic market relative to the chain price level', { min: 0 }),
    },
    'Production, prices and the division of value (MODEL.md §4.4)',
  ),
  sourcing: obj(
    {
      max_links: int(2, 'Buyer links a firm can hold at once', 1, 8),
      market_churn: share(0.05, 'Per-tick probability that an arm’s-length market link is re-bid and ends'),
    },
    'Buyer sourcing (MODEL.md §3 phase 3)',
  ),
  events: obj(
    {
      step: num(0.1, 'Capability grade width: crossing a grade upward is a process/product upgrading event', { min: 0.01, max: 0.5 }),
      band: num(0.02, 'Hysteresis band below a grade before a downgrading event is recorded', { min: 0, max: 0.2 }),
    },
    'Upgrading and downgrading events (MODEL.md §4.3)',
  ),
  buyer_types: obj(
    {
      global_lead: buyerType(400, 20, 0.15, 1.2, 0.9, true, false, false, 8, 'global lead firm (brand owner, defines the product)'),
      small_foreign: buyerType(80, 6, 0, 0.6, 0.7, true, true, false, 6, 'small foreign buyer (more symmetrical links)'),
      trading_company: buyerType(200, 12, -0.1, 0.4, 0.5, false, true, true, 6, 'trading company'),
      domestic: buyerType(60, 8, -0.2, 0.3, 0.5, false, true, true, 4, 'domestic or regional buyer'),
      half_channel: buyerType(150, 15, 0, 0.5, 0.3, false, true, true, 6, 'half-channel agent or auction (grades and standards)'),
    },
    'Buyer types: volume, standard, product definition and tolerance of supplier design and brands',
  ),
});

export type Params = Infer<typeof paramsSpec>;
