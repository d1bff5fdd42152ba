/**
 * Firms decide how much to invest in learning (MODEL.md §3 phase 2).
 *
 * A firm's effort e is the share of revenue it puts into learning:
 * `learning.investment_rate`, or zero when it has no funds (wealth < 0: no
 * credit in this version) or own investment is switched off. Where the
 * effort goes across capabilities is `learning.allocation`; the blocking
 * table then removes what captive or hierarchical buyers block
 * (self-restraint). Effort multiplies every learning term (learning.ts), so
 * a firm that invests nothing does not upgrade (Cohen & Levinthal 1990:
 * absorptive capacity is a by-product of the firm's own investment).
 */
import type { PhaseContext } from '../engine/scheduler.js';
import type { World } from './world.js';

export function firmDecisionsPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const rate = p.switches.own_investment ? p.learning.investment_rate : 0;
  for (let i = 0; i < w.N; i++) {
    w.effort[i] = w.alive[i] && w.wealth[i] >= 0 ? rate : 0;
  }
}
