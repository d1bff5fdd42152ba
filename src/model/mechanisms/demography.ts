/**
 * Entry, exit and spin-offs (MODEL.md §4.10; Gancarczyk & Bohatkiewicz 2018
 * §Lead F2 on spin-offs; Menzel & Fornahl 2010 on entry and shake-out).
 *
 * - Exit: an insolvent firm — wealth below minus its credit line (money.ts)
 *   — leaves. No loss counter, no random hazard.
 * - Entry: each active cluster draws entrants in proportion to its size and
 *   its attraction: the operating margin its SMEs make (profit before
 *   investment over revenue) relative to `money.entry_margin`, clipped to
 *   [0, 1], scaled by reputation; entrants take free places in the cluster's slot range, with
 *   capabilities a little below the cluster's mean and technology positions
 *   spread around it (new variety).
 * - Spin-offs: lead and large firms spawn firms that inherit part of their
 *   capabilities and a technology position near theirs, tied to the parent.
 * Firms are visited in slot order; draws come from one stream per tick.
 * Entrants and spin-offs may take the slot of a firm that exited, but get a
 * new firm id (`initFirm`); events name firms by id, never by slot.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import type { Rng } from '../../engine/rng.js';
import { K, LARGE, LEAD, SME } from '../constants.js';
import { creditLine } from './money.js';
import { potentialRole } from './roles.js';
import { C_ENTRIES, C_EXITS, clip01, type World } from '../world.js';

/** Bring firm i to life in cluster c with capabilities around `capMean` and technology around `tech`. */
function birth(w: World, i: number, c: number, capMean: number[], capSd: number, tech: number, techSd: number, rng: Rng): void {
  const d = w.def(c);
  w.initFirm(i, rng, {
    cap: capMean,
    capSd,
    absorptive: [d.absorptive.mean, d.absorptive.sd],
    dynamic: [d.dynamic.mean, d.dynamic.sd],
    intent: [d.intent.mean, d.intent.sd],
    technology: [tech, techSd],
  });
  w.firms.chainMask[i] = w.clusters.clusterChains[c];
  for (let k = 0; k < K; k++) w.firms.grade[i * K + k] = Math.floor(w.firms.cap[i * K + k] / w.params.events.step);
  w.firms.fillTies(i, d.ties, d.tie_window, w.clusters.clusterStart[c], w.clusters.clusterEnd[c], rng);
  w.firms.domesticRole[i] = potentialRole(w, i);
}

export function demographyPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const dm = p.demography;
  const rng = ctx.streams.get(`demography/${ctx.tick}`);
  // exit on insolvency: wealth below minus the credit line (money.ts)
  if (p.switches.exit) {
    for (let i = 0; i < w.firms.N; i++) {
      if (!w.firms.alive[i]) continue;
      const line = creditLine(w, i);
      if (w.firms.wealth[i] >= -line) continue;
      w.emit(i, -1, 'exit', `insolvent: wealth ${w.firms.wealth[i].toFixed(3)} below the credit line −${line.toFixed(3)}`, C_EXITS);
      w.kill(i);
    }
  }
  for (let c = 0; c < w.clusters.nClusters; c++) {
    if (!w.clusters.clusterActive[c]) continue;
    const lo = w.clusters.clusterStart[c];
    const hi = w.clusters.clusterEnd[c];
    let n = 0;
    let smes = 0;
    let smeProfit = 0;
    let smeRevenue = 0;
    const mean = [0, 0, 0, 0];
    let tech = 0;
    for (let i = lo; i < hi; i++) {
      if (!w.firms.alive[i]) continue;
      n++;
      if (w.firms.status[i] === SME && w.firms.thrift[i] > 0) {
        smes++;
        smeProfit += w.firms.opProfit[i];
        smeRevenue += w.firms.revenue[i];
      }
      for (let k = 0; k < K; k++) mean[k] += w.firms.cap[i * K + k];
      tech += w.firms.technology[i];
    }
    if (n === 0) continue;
    for (let k = 0; k < K; k++) mean[k] = (mean[k] / n) * dm.entry_capability;
    tech /= n;
    // entry where the cluster attracts
    if (p.switches.entry) {
      // the margin an entrant expects: the cluster's SMEs' operating profit over their revenue
      const margin = smes > 0 && smeRevenue > 0 ? smeProfit / smeRevenue : 0;
      const pull = margin <= 0 ? 0 : margin >= p.money.entry_margin ? 1 : margin / p.money.entry_margin;
      const attract = pull * (0.5 + w.clusters.clusterReputation[c]);
      const expected = dm.entry_rate * n * attract;
      let entrants = Math.floor(expected) + (rng.next() < expected - Math.floor(expected) ? 1 : 0);
      while (entrants-- > 0) {
        const i = w.takeSlot(c);
        if (i < 0) break;
        birth(w, i, c, mean, w.def(c).capability.sd, tech, dm.entry_variety, rng);
        w.emit(i, -1, 'entry', 'new firm', C_ENTRIES);
      }
    }
    // spin-offs from lead and large firms
    if (p.switches.spinoffs && p.switches.lead_firms) {
      for (let i = lo; i < hi; i++) {
        if (!w.firms.alive[i] || (w.firms.status[i] !== LEAD && w.firms.status[i] !== LARGE) || w.firms.born[i] === w.tick) continue;
        if (rng.next() >= p.lead_firms.spinoff_rate) continue;
        const j = w.takeSlot(c);
        if (j < 0) break;
        // a plain loop, not a closure over i: a closure would give every iteration of the slot loop its own context
        const inherit = [0, 0, 0, 0];
        for (let k = 0; k < K; k++) inherit[k] = clip01(w.firms.cap[i * K + k] * p.lead_firms.spinoff_inherit);
        birth(w, j, c, inherit, 0.05, w.firms.technology[i], dm.entry_variety, rng);
        if (w.firms.tieSlots > 0) w.firms.ties[j * w.firms.tieSlots] = i;
        w.emit(j, -1, 'spinoff', `spun off from firm ${w.firms.firmUid[i]}`, C_ENTRIES);
      }
    }
  }
}
