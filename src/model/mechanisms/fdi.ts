/**
 * Attracting and embedding FDI (MODEL.md §5 "attracting and embedding FDI:
 * lead firms arrive; long-term links raise transfer" and §8 "Attracting FDI
 * brings a lead firm into the cluster (a firm with external ties that sources
 * locally), not only new foreign buyers"; ODD §7.11b).
 *
 * Sources: Gancarczyk & Bohatkiewicz 2018 §Policy ("embedding the branches
 * of foreign direct investors with long-term contracts to facilitate
 * knowledge absorption by cluster firms"; in captive networks local SMEs
 * "occupy a weak position in relation to large foreign investors") and §Lead
 * (F3 hub and spoke, F7 pipelines); Humphrey & Schmitz 2000 §4 (hierarchy:
 * "the cluster serves the subsidiary of the chain's lead firm", fn 22);
 * Kaplinsky 2015 §4e (inward FDI in export zones) and §4f (lead firms' supplier
 * development); Dai et al. Table I (FDI as the form of separated sections).
 *
 * When an FDI programme starts (policy.ts, once, at its first active tick),
 * this runs round(intensity) times, over the programme's active clusters in
 * turn:
 * - A dormant global-lead buyer (inactive, buyer id order) becomes active:
 *   the parent abroad. Without one the firm still comes, with no parent link.
 * - A free slot of the cluster becomes a foreign lead firm: `foreign`,
 *   status lead, size `lead_firms.size_lead`, capabilities
 *   `policy.fdi_capability`, absorptive and other traits drawn as the
 *   cluster's, its chains plus the parent's chain; local ties as the
 *   cluster's firms get them; `policy.fdi_ties` external ties (pipelines).
 *   Without a free slot nothing comes (event `fdi_no_slot`).
 * - The parent links to it in the mode the governance rule picks for this
 *   pair (governance.ts `evaluate`; the clamp if one is set). It is not
 *   written as hierarchy: ownership is not a tie in the model, so the link is
 *   governed, and reviewed, like any other. If the rule excludes the firm,
 *   no link is made.
 * - It sources locally through the existing machinery (outsourcing.ts): the
 *   hub-and-spoke share of a lead firm (`lead_firms.local_sourcing`) from its
 *   SME ties, ordinary make-or-buy contracts, and its local-content
 *   commitment: contracts with its SME ties for `policy.fdi_local_share` of
 *   its own work, signed whatever the saving and kept while the contractor
 *   lives and serves the chain. Its contractors learn from it through the
 *   contract-transfer term of learning.ts, which rises with the contract's age.
 *
 * Draws: stream `fdi/<tick>`, firms in arrival order (initFirm, ties). The
 * event `fdi_entry` names the firm, its parent and the link's mode.
 */
import type { Streams } from '../../engine/rng.js';
import { EXCLUDED, K, LEAD, MODES } from '../constants.js';
import type { PolicyState } from '../state/policies.js';
import { C_ENTRIES, clip01, type World } from '../world.js';
import { evaluate, imposedMode } from './governance.js';
import { potentialRole } from './roles.js';
import { addLink } from './sourcing.js';
import { addExternalTie } from './ties.js';

/** The FDI programme `ps` starts at tick t with intensity `intensity`: round(intensity) foreign lead firms arrive. */
export function fdiEntry(w: World, ps: PolicyState, intensity: number, streams: Streams, t: number): void {
  const n = Math.round(intensity);
  if (n <= 0) return;
  const targets = ps.clusters.filter((c) => w.clusters.clusterActive[c]);
  if (targets.length === 0) return;
  const rng = streams.get(`fdi/${t}`);
  const p = w.params;
  const f = w.firms;
  for (let k = 0; k < n; k++) {
    const c = targets[k % targets.length];
    const i = w.takeSlot(c);
    if (i < 0) {
      w.emit(-1, -1, 'fdi_no_slot', 'no free firm place for a foreign lead firm', -1, c);
      continue;
    }
    // the parent abroad: a dormant global-lead buyer
    let parent = -1;
    for (let b = 0; b < w.buyers.nBuyers; b++) {
      if (w.buyers.buyerActive[b] || w.buyers.buyerType[b] !== 0) continue;
      parent = b;
      break;
    }
    const d = w.def(c);
    w.initFirm(i, rng, {
      cap: p.policy.fdi_capability,
      capSd: 0,
      absorptive: [clip01(d.absorptive.mean + p.lead_firms.premium), 0],
      dynamic: [d.dynamic.mean, d.dynamic.sd],
      intent: [d.intent.mean, d.intent.sd],
      technology: [d.technology.mean, d.technology.sd],
    });
    f.foreign[i] = 1;
    f.status[i] = LEAD;
    f.sizeFactor[i] = p.lead_firms.size_lead;
    f.chainMask[i] = w.clusters.clusterChains[c] | (parent >= 0 ? 1 << w.buyers.buyerChain[parent] : 0);
    for (let q = 0; q < K; q++) f.grade[i * K + q] = Math.floor(f.cap[i * K + q] / p.events.step);
    f.fillTies(i, d.ties, d.tie_window, w.clusters.clusterStart[c], w.clusters.clusterEnd[c], rng);
    let ext = 0;
    for (let q = 0; q < p.policy.fdi_ties; q++) if (addExternalTie(w, i, rng)) ext++;
    f.domesticRole[i] = potentialRole(w, i);
    let mode = EXCLUDED;
    if (parent >= 0) {
      w.buyers.buyerActive[parent] = 1;
      w.emit(-1, parent, 'buyer_entry', 'attracted by FDI policy: the parent of a foreign lead firm', -1);
      const imposed = imposedMode(p);
      mode = imposed === -2 ? evaluate(w, parent, i) : imposed;
      if (mode !== EXCLUDED) addLink(w, parent, i, mode);
    }
    w.emit(
      i,
      parent,
      'fdi_entry',
      `foreign lead firm arrives with ${ext} external ties; ${parent < 0 ? 'no dormant buyer abroad to link to' : mode === EXCLUDED ? 'its parent excludes it' : `its parent links to it (${MODES[mode]})`}`,
      C_ENTRIES,
    );
  }
}
