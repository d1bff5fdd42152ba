/**
 * The ordered phases of one tick (MODEL.md §3).
 *
 * This version implements phases 2–7 and 10. Phase 1 (policies, shocks,
 * technology life cycle), 8 (joint action, ties, co-operation) and 9 (entry,
 * exit, relocation) come with the full model and will be inserted here in
 * their place. Order inside each phase: see each file's header; sourcing is
 * the only phase that depends on agent order, and it shuffles buyers with a
 * seeded stream per tick.
 */
import type { Phase } from '../engine/scheduler.js';
import { firmDecisionsPhase } from './firm-decisions.js';
import { governancePhase } from './governance.js';
import { learningPhase } from './learning.js';
import { productionPhase } from './production.js';
import { sourcingPhase } from './sourcing.js';
import { upgradingPhase } from './upgrading.js';
import type { World } from './world.js';

export const PHASES: readonly Phase<World>[] = [
  { name: 'firm-decisions', run: firmDecisionsPhase },
  { name: 'sourcing', run: sourcingPhase },
  { name: 'governance', run: governancePhase },
  { name: 'production', run: productionPhase },
  { name: 'learning', run: learningPhase },
  { name: 'upgrading', run: upgradingPhase },
];
