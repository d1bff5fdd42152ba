/**
 * Lead-firm strategies (MODEL.md §4.7; Gancarczyk & Bohatkiewicz 2018 §Lead;
 * Dai, Zhu & He §IV.3; Gereffi 1999).
 *
 * Lead firms keep their core functions and buy standardised work from the
 * SMEs tied to them (production.ts, `local_sourcing`: the hub-and-spoke
 * production system), act as pipelines to outside knowledge (learning.ts)
 * and spin off new firms (demography.ts). This phase carries out the
 * scheduled strategies:
 * - full relocation: the chosen lead and large firms leave the cluster —
 *   their buyer links end, and with them the local orders and ties that
 *   depended on them (local networks break up; tends toward decline, F8);
 * - selective relocation: they move a share of production out but keep
 *   design, marketing and knowledge-intensive work in the cluster, and open
 *   external ties to the regions they move to (can ground renewal, F9);
 * - none: the control arm (nothing happens);
 * - move into services: the lead firms of the scheduled cluster (the
 *   scenario places the move where chains are captured) become
 *   intermediaries that subcontract manufacturing to the SMEs tied to them
 *   (triangle manufacturing).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { LARGE, LEAD } from '../constants.js';
import { addExternalTie } from './ties.js';
import { C_UPG_FUNCTIONAL, type World } from '../world.js';

export function leadFirmsPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const t = ctx.tick;
  const rng = ctx.streams.get(`lead-firms/${t}`);
  if (p.switches.relocation) {
    for (const r of w.definition.relocation) {
      if (r.tick !== t || r.mode === 'none') continue;
      const c = w.clusters.clusterIds.indexOf(r.cluster);
      let moved = 0;
      for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
        if (!w.firms.alive[i] || (w.firms.status[i] !== LEAD && w.firms.status[i] !== LARGE)) continue;
        if (rng.next() >= r.share) continue;
        moved++;
        if (r.mode === 'full') {
          // its orders leave with it: each buyer link is, with probability relocation_exit, supplied from abroad from now on
          let gone = 0;
          for (let j = 0; j < w.links.maxLinks; j++) {
            const b = w.links.linkBuyer[i * w.links.maxLinks + j];
            if (b >= 0 && rng.next() < p.lead_firms.relocation_exit) {
              w.buyers.buyerAbroad[b]++;
              gone++;
            }
          }
          w.emit(i, -1, 'relocation_full', `production leaves the cluster with ${gone} of its buyers' orders; local ties and local orders end`, -1);
          w.kill(i);
        } else {
          w.firms.relocated[i] = 1;
          for (let k = 0; k < p.lead_firms.relocation_ties; k++) addExternalTie(w, i, rng);
          w.emit(i, -1, 'relocation_selective', 'non-core production moves out; design, marketing and pipelines stay', -1);
        }
      }
      w.emit(-1, -1, 'lead_relocation', `${r.mode}: ${moved} lead/large firms`, -1, c);
    }
  }
  if (p.switches.services) {
    for (const s of w.definition.services) {
      if (s.tick !== t) continue;
      const c = w.clusters.clusterIds.indexOf(s.cluster);
      for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
        if (!w.firms.alive[i] || w.firms.status[i] !== LEAD || w.firms.services[i]) continue;
        w.firms.services[i] = 1;
        // a new function on the chain, counted once per firm: functional upgrading (MODEL.md §8)
        w.emit(i, -1, 'services', 'moves into services: subcontracts manufacturing to cluster SMEs (triangle manufacturing)', C_UPG_FUNCTIONAL);
      }
    }
  }
}
