/**
 * The model's initial conditions: chains, clusters and buyer groups.
 * The scenario format (src/scenario/schema.ts) embeds this spec under `world`.
 */
import { int, list, num, obj, oneOf, share, str, vec, type Infer } from '../engine/spec.js';
import { BUYER_TYPES, CAPABILITIES, DRIVERS } from './constants.js';

const dist = (mean: number, sd: number, what: string) =>
  obj(
    {
      mean: share(mean, `Mean initial ${what}`),
      sd: share(sd, `Standard deviation of initial ${what} (normal, clipped to [0, 1])`),
    },
    `Initial distribution of ${what}`,
  );

export const chainSpec = obj({
  id: str('chain', 'Identifier of the chain (sector)', true),
  driver: oneOf(DRIVERS, 'buyer', 'Buyer-, producer- or mixed-driven (Dai, Zhu & He Table III)'),
  complexity: share(0.6, 'Transaction complexity x'),
  codifiability: share(0.5, 'Codifiability y of transactions'),
  standard: share(0.45, 'Required standard σ of the chain (supplier competence it takes not to fail)'),
  price: num(1, 'Price level of a unit of final product', { min: 0 }),
});

export const clusterSpec = obj({
  id: str('cluster', 'Identifier of the cluster (region)', true),
  firms: int(200, 'Number of firms at the start', 1, 5_000_000),
  wage: num(0.2, 'Wage per worker-tick', { min: 0 }),
  capability: obj(
    {
      mean: vec(CAPABILITIES, [0.35, 0.3, 0.15, 0.1], 'Mean initial capability per capability', { min: 0, max: 1 }),
      sd: share(0.1, 'Standard deviation of initial capabilities (normal, clipped to [0, 1])'),
    },
    'Initial capabilities',
  ),
  absorptive: dist(0.4, 0.1, 'absorptive capacity'),
  technology: dist(0.5, 0.1, 'technology position'),
  ties: int(6, 'Local ties per firm, to firms near it in the cluster', 0, 64),
  tie_window: int(50, 'Local ties go to firms within this many places in the cluster (spatial locality)', 1),
  domestic_volume: num(1, 'Units per tick a firm sells on its domestic market', { min: 0 }),
});

export const buyerGroupSpec = obj({
  id: str('buyers', 'Identifier of the buyer group; buyers are named <id>-<n>', true),
  type: oneOf(BUYER_TYPES, 'global_lead', 'Buyer type (profile under params.buyer_types)'),
  chain: str('chain', 'The chain this buyer sources for (a chain id)', true),
  count: int(1, 'Number of buyers in the group', 0, 100_000),
});

export const worldSpec = obj(
  {
    chains: list(chainSpec, 'Chains (sectors)', { minItems: 1 }),
    clusters: list(clusterSpec, 'Clusters (regions)', { minItems: 1 }),
    buyers: list(buyerGroupSpec, 'Buyer groups', { minItems: 1 }),
  },
  'The world at tick 0',
);

export type WorldDef = Infer<typeof worldSpec>;
export type ChainDef = Infer<typeof chainSpec>;
export type ClusterDef = Infer<typeof clusterSpec>;
export type BuyerGroupDef = Infer<typeof buyerGroupSpec>;
