/**
 * The model's initial conditions and schedules: countries, chains, clusters,
 * buyer groups, inter-cluster co-operation, shocks, lead-firm strategies and
 * policies. The scenario format (src/scenario/schema.ts) embeds this spec
 * under `world`. Defaults and meanings: docs/parameters.md.
 */
import { bool, formula, int, list, num, obj, oneOf, share, str, vec, type Infer } from '../engine/spec.js';

/** Symbols a policy intensity formula may use. */
export const POLICY_SYMBOLS = ['t', 'start', 'until'] as const;
import { BUYER_TYPES, CAPABILITIES, DRIVERS, INSTRUMENTS, JOINT_KINDS, LEVELS, SHOCKS, STATUSES } from './constants.js';

const dist = (mean: number, sd: number, what: string) =>
  obj(
    {
      mean: share(mean, `Mean initial ${what}`),
      sd: share(sd, `Standard deviation of initial ${what} (normal, clipped to [0, 1])`),
    },
    `Initial distribution of ${what}`,
  );

export const countrySpec = obj({
  id: str('home', 'Identifier of the country', true),
  exchange_rate: num(1, 'Initial exchange rate: multiplier on the country’s costs in buyers’ currency', { min: 0.01, max: 100 }),
  volatility: share(0, 'Macro volatility: sd of the per-tick log change of the exchange rate'),
  wage_elasticity: num(0.8, 'Rise of the wage index per unit rise of the mean capability of the country’s firms', { min: 0, max: 10 }),
});

export const chainSpec = obj({
  id: str('chain', 'Identifier of the chain (sector)', true),
  driver: oneOf(DRIVERS, 'buyer', 'Buyer-, producer- or mixed-driven (Dai, Zhu & He Table III): sets guarded functions, the smile curve and barriers'),
  complexity: share(0.6, 'Transaction complexity x at tick 0'),
  codifiability: share(0.5, 'Codifiability y at tick 0'),
  modularity: share(0, 'Modularity of the product at tick 0 (raises a modular buyer’s control of supplier failure, moving captured links toward modular; Dai §IV.2)'),
  complexity_drift: num(0, 'Change of complexity per tick (technology life cycle)', { min: -0.1, max: 0.1 }),
  codifiability_drift: num(0, 'Change of codifiability per tick (standardisation as technology matures)', { min: -0.1, max: 0.1 }),
  modularity_drift: num(0, 'Change of modularity per tick', { min: -0.1, max: 0.1 }),
  standard: share(0.45, 'Required standard σ of the chain (supplier competence it takes not to fail)'),
  price: num(1, 'Price level of a unit of final product', { min: 0, max: 1e6 }),
  technology: share(0.5, 'Position of the chain in technology space'),
});

export const clusterSpec = obj({
  id: str('cluster', 'Identifier of the cluster (region)', true),
  country: str('', 'Country id (empty: the first country)'),
  arrival: int(0, 'Tick at which the cluster appears (an entrant cluster when > 0)', 0, 1_000_000),
  firms: int(200, 'Number of firms at arrival', 1, 5_000_000),
  capacity: int(0, 'Most firms the cluster can hold (entries fill free places); 0 = 1.5 × firms', 0, 10_000_000),
  chains: list(str('chain', 'chain id', true), 'Chains the cluster’s firms serve at the start (empty: the first chain)'),
  wage: num(0.2, 'Base wage per worker-tick (before the country’s wage index and exchange rate)', { min: 0, max: 1e6 }),
  lead_firms: int(3, 'Lead firms: the largest firms, with a capability premium and external pipelines', 0, 5_000_000),
  large_share: share(0.1, 'Share of the other firms that are large (the rest are SMEs)'),
  capability: obj(
    {
      mean: vec(CAPABILITIES, [0.35, 0.3, 0.15, 0.1], 'Mean initial capability per capability', { min: 0, max: 1 }),
      sd: share(0.1, 'Standard deviation of initial capabilities (normal, clipped to [0, 1])'),
    },
    'Initial capabilities',
  ),
  absorptive: dist(0.4, 0.1, 'absorptive capacity'),
  dynamic: dist(0.3, 0.1, 'dynamic capability (ability to change role, chain or buyers)'),
  intent: dist(0.3, 0.15, 'strategic intent toward own design and brands'),
  technology: dist(0.5, 0.1, 'technology position'),
  ties: int(6, 'Local ties per firm, to firms near it in the cluster', 0, 64),
  tie_window: int(50, 'Local ties go to firms within this many places in the cluster (spatial locality)', 1, 10_000_000),
  external_ties: int(1, 'External tie slots per firm (pipelines, inter-cluster co-operation)', 0, 16),
  infrastructure: share(0.5, 'Infrastructure quality (lowers costs, attracts buyers)'),
  distance: share(0.5, 'Distance from the chains’ buyers: logistics cost per unit rises with it (a buyer whose home is this cluster sees 0)'),
  association: share(0.4, 'Strength of the business association and local institutions (enables joint action)'),
  trust: share(0.5, 'Initial trust among the cluster’s firms'),
  domestic_volume: num(1, 'Units per tick a firm sells on its domestic market', { min: 0, max: 1e6 }),
});

export const buyerGroupSpec = obj({
  id: str('buyers', 'Identifier of the buyer group; buyers are named <id>-<n>', true),
  type: oneOf(BUYER_TYPES, 'global_lead', 'Buyer type (profile under params.buyer_types)'),
  chain: str('chain', 'The chain this buyer sources for (a chain id)', true),
  count: int(1, 'Number of buyers in the group', 0, 100_000),
  home: str('', 'Cluster id the buyer is based in; a buyer with a home scouts only there (empty: foreign, scouts every active cluster)'),
  arrival: int(0, 'Tick the buyers enter', 0, 1_000_000),
  exit: int(0, 'Tick the buyers leave (0 = never)', 0, 1_000_000),
});

export const initialLinkSpec = obj({
  buyers: str('buyers', 'Buyer group id whose buyers hold these links at tick 0', true),
  cluster: str('cluster', 'Cluster id the suppliers come from', true),
  per_buyer: int(1, 'Links per buyer of the group (firms drawn at random among the cluster’s firms serving the chain)', 0, 100_000),
  mode: oneOf(['market', 'modular', 'relational', 'captive', 'hierarchy'] as const, 'captive', 'Governance mode at tick 0 (re-evaluated from tick 1, with hysteresis)'),
  role: oneOf(['OEA', 'OEM', 'ODM', 'OBM'] as const, 'OEM', 'Supplier role at tick 0 (capped by what the buyer and mode allow)'),
});

export const cooperationSpec = obj({
  a: str('a', 'First cluster id', true),
  b: str('b', 'Second cluster id', true),
  kind: oneOf(['horizontal', 'vertical'] as const, 'horizontal', 'Horizontal (same role, other regions) or vertical (different roles) co-operation (EU clusters in GVCs 2018)'),
  start: int(0, 'Tick the co-operation starts', 0, 1_000_000),
});

export const shockSpec = obj({
  tick: int(1, 'Tick the shock happens', 0, 1_000_000),
  kind: oneOf(SHOCKS, 'demand', 'demand: chain demand ×value; standard: chain standard +value; exchange_rate: country rate ×value; buyer_exit / buyer_entry: the buyer group leaves / enters'),
  chain: str('', 'Chain id (demand, standard)'),
  country: str('', 'Country id (exchange_rate)'),
  buyers: str('', 'Buyer group id (buyer_entry, buyer_exit)'),
  value: num(1, 'Size of the shock (see kind)', { min: -1, max: 100 }),
});

export const relocationSpec = obj({
  cluster: str('cluster', 'Cluster whose lead firms relocate', true),
  tick: int(1, 'Tick the lead firms decide', 0, 1_000_000),
  mode: oneOf(['none', 'full', 'selective'] as const, 'none', 'none; full: production leaves and local ties break; selective: non-core work leaves, knowledge-intensive work and pipelines stay (Gancarczyk & Bohatkiewicz 2018 §Lead)'),
  share: share(1, 'Share of the cluster’s lead and large firms that relocate'),
});

export const servicesSpec = obj({
  cluster: str('cluster', 'Cluster whose lead firms move into services', true),
  tick: int(1, 'Tick of the move (Dai’s third strategy; Gereffi 1999 triangle manufacturing)', 0, 1_000_000),
});

export const policySpec = obj({
  instrument: oneOf(INSTRUMENTS, 'training', 'Policy instrument (MODEL.md §5)'),
  level: oneOf(LEVELS, 'regional', 'Level of government: regional (one cluster), national (a country), international (several countries)'),
  start: int(1, 'First tick the instrument runs', 0, 1_000_000),
  end: int(1_000_000, 'Last tick the instrument runs', 0, 1_000_000),
  clusters: list(str('cluster', 'cluster id', true), 'Target clusters (empty: every cluster within the level’s reach)'),
  status: oneOf(['all', ...STATUSES] as const, 'all', 'Target firms by status'),
  intensity: formula(1, 'Intensity: budget per tick, spread over the firms reached — a number or a formula of t (tick), start and until (the instrument’s first and last tick); negative values count as 0', POLICY_SYMBOLS, 0, 1e7),
  tag: oneOf(['strengthen', 'reposition'] as const, 'strengthen', 'strengthen: supports the existing position; reposition: needs a coalition and passes the lead firms’ veto (Humphrey & Schmitz 2000 §5)'),
  country: str('', 'For national level: the country (empty: the first target cluster’s)'),
  kind: oneOf(['all', ...JOINT_KINDS] as const, 'all', 'For the joint_action instrument: the kind of joint action it supports (learning, marketing, logistics; all: every kind). Other instruments ignore it'),
});

export const worldSpec = obj(
  {
    countries: list(countrySpec, 'Countries (empty: one country "home" with defaults)'),
    chains: list(chainSpec, 'Chains (sectors)', { minItems: 1 }),
    clusters: list(clusterSpec, 'Clusters (regions)', { minItems: 1 }),
    buyers: list(buyerGroupSpec, 'Buyer groups', { minItems: 1 }),
    links: list(initialLinkSpec, 'Buyer–supplier links at tick 0, with governance and roles, where a case needs them'),
    cooperation: list(cooperationSpec, 'Inter-cluster co-operation agreements'),
    shocks: list(shockSpec, 'Scheduled shocks'),
    relocation: list(relocationSpec, 'Lead-firm relocation schedule'),
    services: list(servicesSpec, 'Lead firms moving into services'),
    policies: list(policySpec, 'Policy instruments'),
  },
  'The world at tick 0 and its schedules',
);

export type WorldDef = Infer<typeof worldSpec>;
export type CountryDef = Infer<typeof countrySpec>;
export type ChainDef = Infer<typeof chainSpec>;
export type ClusterDef = Infer<typeof clusterSpec>;
export type BuyerGroupDef = Infer<typeof buyerGroupSpec>;
export type PolicyDef = Infer<typeof policySpec>;
export type ShockDef = Infer<typeof shockSpec>;
