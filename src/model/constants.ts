/**
 * Enumerations shared by every submodel: capabilities, governance modes,
 * supplier roles and buyer types, as small integers for typed-array state.
 */

/** Firm capabilities (MODEL.md §2). Strategic ones are design and marketing/brand. */
export const CAPABILITIES = ['process', 'product', 'design', 'marketing'] as const;
export type Capability = (typeof CAPABILITIES)[number];
export const K = CAPABILITIES.length;
export const PROCESS = 0;
export const PRODUCT = 1;
export const DESIGN = 2;
export const MARKETING = 3;

/** Gereffi, Humphrey & Sturgeon (2005) governance modes. */
export const MODES = ['market', 'modular', 'relational', 'captive', 'hierarchy'] as const;
export type Mode = (typeof MODES)[number];
export const M = MODES.length;
export const MARKET = 0;
export const MODULAR = 1;
export const RELATIONAL = 2;
export const CAPTIVE = 3;
export const HIERARCHY = 4;
/** Result of the cost model when no mode is worth it: the supplier is excluded. */
export const EXCLUDED = -1;

/** Supplier roles per link (Kaplinsky 2015 figure; Dai et al. portfolio). */
export const ROLES = ['OEA', 'OEM', 'ODM', 'OBM'] as const;
export type Role = (typeof ROLES)[number];
export const OEA = 0;
export const OEM = 1;
export const ODM = 2;
export const OBM = 3;

/** Buyer types (MODEL.md §2; Humphrey & Schmitz 2000 §3, §4.3). */
export const BUYER_TYPES = ['global_lead', 'small_foreign', 'trading_company', 'domestic', 'half_channel'] as const;
export type BuyerType = (typeof BUYER_TYPES)[number];

/** Chain drivers (Dai, Zhu & He, Table III). */
export const DRIVERS = ['buyer', 'producer', 'mixed'] as const;
export type Driver = (typeof DRIVERS)[number];

/** Life-cycle stages (Menzel & Fornahl 2010; Gancarczyk & Bohatkiewicz 2018 Table 1). */
export const STAGES = ['emergence', 'growth', 'sustainment', 'decline', 'renewal'] as const;

/** Stage indices. */
export const EMERGENCE = 0;
export const GROWTH = 1;
export const SUSTAINMENT = 2;
export const DECLINE = 3;
export const RENEWAL = 4;

/** Firm status. */
export const STATUSES = ['sme', 'large', 'lead'] as const;
export const SME = 0;
export const LARGE = 1;
export const LEAD = 2;

/** Scheduled shock kinds. */
export const SHOCKS = ['demand', 'standard', 'exchange_rate', 'buyer_exit', 'buyer_entry'] as const;

/** Levels of government (MODEL.md §2, §5). */
export const LEVELS = ['regional', 'national', 'international'] as const;

/** Policy instruments (MODEL.md §5). */
export const INSTRUMENTS = [
  'training',
  'rnd',
  'certification',
  'matchmaking',
  'export_promotion',
  'infrastructure',
  'finance',
  'joint_action',
  'fdi',
  'smart_specialisation',
  'local_content',
  'repositioning',
] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/**
 * Kinds of local joint action (issue 9 item 7; Kaplinsky 2015 §3d: joint
 * action in learning, marketing and logistics). Kind k is bit 1 << k of a
 * firm's `joint` mask and slot q·JK + k of the cluster's per-kind arrays.
 */
export const JOINT_KINDS = ['learning', 'marketing', 'logistics'] as const;
export type JointKind = (typeof JOINT_KINDS)[number];
export const JK = JOINT_KINDS.length;
export const J_LEARNING = 0;
export const J_MARKETING = 1;
export const J_LOGISTICS = 2;

/** Chain functions along the smile curve (MODEL.md §2). */
export const FUNCTIONS = ['rnd', 'design', 'components', 'assembly', 'logistics', 'marketing', 'retail', 'services'] as const;

/**
 * Instruments each level of government holds (MODEL.md §2, §5): regional
 * governments act close to firms (Humphrey & Schmitz 2000 §2.1), national
 * ones hold the innovation system, finance, trade and investment policy,
 * international bodies standards and cross-border cluster co-operation
 * (EU clusters in GVCs 2018; Gancarczyk & Bohatkiewicz 2018 §Policy).
 */
export const LEVEL_INSTRUMENTS: Readonly<Record<(typeof LEVELS)[number], readonly Instrument[]>> = {
  regional: ['training', 'matchmaking', 'infrastructure', 'joint_action', 'smart_specialisation', 'repositioning', 'certification', 'export_promotion'],
  national: ['training', 'rnd', 'certification', 'export_promotion', 'infrastructure', 'finance', 'fdi', 'smart_specialisation', 'local_content', 'repositioning'],
  international: ['certification', 'matchmaking', 'smart_specialisation', 'export_promotion', 'rnd'],
};

/** Every kind of event in events.csv (README, Output). */
export const EVENT_KINDS = [
  'upg_process', 'dng_process', 'upg_product', 'dng_product', 'upg_functional', 'dng_functional', 'upg_chain', 'dng_chain',
  'role_oem', 'role_oea', 'dom_upg_process', 'dom_dng_process', 'dom_upg_functional', 'dom_dng_functional',
  'exclusion', 'governance', 'link_end', 'order_relocation', 'trial_order', 'lead_relocation', 'relocation_full', 'relocation_selective',
  'services', 'outsourcing', 'contract_end', 'brand_launch', 'brand_forgone', 'brand_success', 'brand_failure', 'brand_retaliation', 'leave_buyer', 'joint_action', 'veto', 'policy_vetoed',
  'policy_start', 'policy_end', 'entry', 'spinoff', 'exit', 'stage', 'shock', 'buyer_entry', 'buyer_exit', 'cluster_arrival',
] as const;
