/**
 * The ordered phases of one tick (MODEL.md §3).
 *
 *  1. environment (shocks, arrivals, macro, technology life cycle) and policy
 *  2. firm-decisions, investment, own-brand   3. sourcing   4. governance   5a. home market   5. bargaining (prices)
 *  5f. final demand (buyers' volumes answer their purchase prices)   5b. orders (shares, link ending, capacity)   5c. outsourcing (hub and spoke, contracts)
 *  5d. production   5e. money
 *  6. learning         7. upgrading  8. joint-action (ties, co-operation)
 *  9. lead-firms and demography (relocation, services, entry, exit, spin-offs)
 * 10. lifecycle (cluster statistics and stage); data collection follows.
 *
 * Order inside each phase is given in each file's header: phases that draw
 * random numbers draw from one stream per phase and tick in a fixed order
 * (firm id, link slot, or a seeded shuffle of buyers in sourcing), and
 * phases whose agents interact read the previous state and write scratch
 * buffers (learning), so no phase depends on an unseeded order.
 */
import type { Phase } from '../engine/scheduler.js';
import { bargainingPhase } from './mechanisms/bargaining.js';
import { demographyPhase } from './mechanisms/demography.js';
import { environmentPhase } from './mechanisms/environment.js';
import { finalDemandPhase } from './mechanisms/final-demand.js';
import { firmDecisionsPhase } from './mechanisms/firm-decisions.js';
import { governancePhase } from './mechanisms/governance.js';
import { homeMarketPhase } from './mechanisms/home-market.js';
import { investmentPhase } from './mechanisms/investment.js';
import { jointActionPhase } from './mechanisms/joint-action.js';
import { leadFirmsPhase } from './mechanisms/lead-firms.js';
import { learningPhase } from './mechanisms/learning.js';
import { lifecyclePhase } from './mechanisms/lifecycle.js';
import { moneyPhase } from './mechanisms/money.js';
import { ordersPhase } from './mechanisms/orders.js';
import { ownBrandPhase } from './mechanisms/own-brand.js';
import { outsourcingPhase } from './mechanisms/outsourcing.js';
import { policyPhase } from './mechanisms/policy.js';
import { productionPhase } from './mechanisms/production.js';
import { sourcingPhase } from './mechanisms/sourcing.js';
import { upgradingPhase } from './mechanisms/upgrading.js';
import type { World } from './world.js';

export const PHASES: readonly Phase<World>[] = [
  { name: 'environment', run: environmentPhase },
  { name: 'policy', run: policyPhase },
  { name: 'firm-decisions', run: firmDecisionsPhase },
  { name: 'investment', run: investmentPhase },
  { name: 'own-brand', run: ownBrandPhase },
  { name: 'sourcing', run: sourcingPhase },
  { name: 'governance', run: governancePhase },
  { name: 'home-market', run: homeMarketPhase },
  { name: 'bargaining', run: bargainingPhase },
  { name: 'final-demand', run: finalDemandPhase },
  { name: 'orders', run: ordersPhase },
  { name: 'outsourcing', run: outsourcingPhase },
  { name: 'production', run: productionPhase },
  { name: 'money', run: moneyPhase },
  { name: 'learning', run: learningPhase },
  { name: 'upgrading', run: upgradingPhase },
  { name: 'joint-action', run: jointActionPhase },
  { name: 'lead-firms', run: leadFirmsPhase },
  { name: 'demography', run: demographyPhase },
  { name: 'lifecycle', run: lifecyclePhase },
];
