/**
 * Phase 1: the world around the clusters moves (MODEL.md §3 step 1).
 *
 * - Scheduled shocks: demand collapse or boom in a chain (buyers' volumes
 *   scale), standard tightening (required standards rise; Humphrey &
 *   Schmitz 2000 §2.2), exchange-rate moves, buyer exit and entry.
 * - Entrant clusters and buyer groups arrive at their tick.
 * - Macro volatility: each country's exchange rate follows a mean-reverting
 *   random walk in logs (a seeded stream per tick).
 * - Technology life cycle: complexity, codifiability and modularity drift
 *   (Gancarczyk & Bohatkiewicz 2018 §GVC: technology drives complexity and
 *   codification; Dai §IV.2 on modularisation).
 * Nothing here depends on agent order.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { clip01, type World } from '../world.js';

export function environmentPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const t = ctx.tick;
  const def = w.definition;
  let buyersChanged = false;
  w.countries.countryFxPrev.set(w.countries.countryFx);
  // arrivals
  for (let c = 0; c < w.clusters.nClusters; c++) {
    if (!w.clusters.clusterActive[c] && w.clusters.clusterArrival[c] <= t) {
      w.clusters.clusterActive[c] = 1;
      w.populateCluster(c, ctx.streams);
      w.clusters.clusterStageSince[c] = t;
      w.emit(-1, -1, 'cluster_arrival', `cluster ${w.clusters.clusterIds[c]} enters with ${w.clusters.clusterInitialFirms[c]} firms`, -1, c);
    }
  }
  def.buyers.forEach((g, gi) => {
    if (g.arrival === t && t > 0) setGroup(w, gi, 1);
    if (g.exit > 0 && g.exit === t) setGroup(w, gi, 0);
  });
  // scheduled shocks
  for (const s of def.shocks) {
    if (s.tick !== t) continue;
    if (s.kind === 'demand') {
      const c = w.chains.chainIds.indexOf(s.chain);
      w.chains.chainDemand[c] *= s.value;
      buyersChanged = true;
    } else if (s.kind === 'standard') {
      const c = w.chains.chainIds.indexOf(s.chain);
      w.chains.chainStandard[c] = clip01(w.chains.chainStandard[c] + s.value);
      buyersChanged = true;
    } else if (s.kind === 'exchange_rate') {
      const co = w.countries.countryIds.indexOf(s.country);
      w.countries.countryFx[co] *= s.value;
    } else {
      setGroup(w, w.buyers.buyerGroupIds.indexOf(s.buyers), s.kind === 'buyer_entry' ? 1 : 0);
    }
    w.emit(-1, -1, 'shock', `${s.kind} ${s.chain || s.country || s.buyers} ${s.value}`, -1);
  }
  // macro volatility: mean-reverting log exchange rate
  if (p.switches.macro) {
    const r = ctx.streams.get(`macro/${t}`);
    for (let co = 0; co < w.countries.nCountries; co++) {
      const v = w.countries.countryVolatility[co];
      if (v <= 0) continue;
      w.countries.countryFx[co] = Math.exp(0.95 * Math.log(w.countries.countryFx[co]) + v * r.normal());
    }
  }
  // technology life cycle
  if (p.switches.tech_cycle) {
    for (let c = 0; c < w.chains.nChains; c++) {
      w.chains.chainComplexity[c] = clip01(w.chains.chainComplexity[c] + w.chains.chainComplexityDrift[c]);
      w.chains.chainCodifiability[c] = clip01(w.chains.chainCodifiability[c] + w.chains.chainCodifiabilityDrift[c]);
      w.chains.chainModularity[c] = clip01(w.chains.chainModularity[c] + w.chains.chainModularityDrift[c]);
    }
  }
  if (buyersChanged) w.refreshBuyers();
}

/** Switch a buyer group on or off (its links end when it leaves). */
function setGroup(w: World, g: number, on: number): void {
  for (let b = 0; b < w.buyers.nBuyers; b++) {
    if (w.buyers.buyerGroup[b] !== g) continue;
    w.buyers.buyerActive[b] = on;
  }
  w.emit(-1, -1, on ? 'buyer_entry' : 'buyer_exit', `buyer group ${w.buyers.buyerGroupIds[g]}`, -1);
}
