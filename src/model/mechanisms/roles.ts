/**
 * Supplier roles per link (OEA, OEM, ODM, OBM) — a portfolio, not a ladder.
 *
 * A firm's *potential* role follows its capabilities (thresholds under
 * `params.roles`). The role it holds on a link is the potential capped by
 * what the buyer tolerates (supplier design, supplier brands) and by the
 * governance mode (captive and hierarchy keep the supplier at OEM: the
 * blocking table's retaliation half, Humphrey & Schmitz 2000 §4.2). The
 * domestic market is an outlet with no such caps, so one firm can be OEM to a
 * global buyer and ODM or OBM at home at once (Dai, Zhu & He; Humphrey &
 * Schmitz §4.3–4.4 on second-tier and alternative chains).
 */
import { DESIGN, K, MARKETING, OBM, ODM, OEA, OEM, PROCESS } from '../constants.js';
import type { Params } from '../params.js';

/** The state the role rules read (the World has it; roles need nothing else, so they do not import the World). */
export interface RoleState {
  readonly params: Params;
  readonly firms: { readonly cap: Float64Array; readonly brand: Uint8Array };
  readonly buyers: { readonly buyerMaxRole: ArrayLike<number>; readonly modeMaxRole: ArrayLike<number> };
}

/** Role the firm's capabilities support. */
export function potentialRole(w: RoleState, i: number): number {
  const r = w.params.roles;
  const cap = w.firms.cap;
  const o = i * K;
  if (cap[o + PROCESS] < r.oem_process) return OEA;
  if (cap[o + DESIGN] < r.odm_design) return OEM;
  if (cap[o + MARKETING] < r.obm_marketing) return ODM;
  // with the own-brand dilemma on, OBM needs a brand whose build-up succeeded (own-brand.ts)
  if (w.params.switches.own_brand && !w.firms.brand[i]) return ODM;
  return OBM;
}

/** Highest role buyer b allows on a link governed in mode m. */
export function allowedRole(w: RoleState, b: number, m: number): number {
  const cap = w.buyers.buyerMaxRole[b];
  if (!w.params.switches.blocking) return cap;
  const byMode = w.buyers.modeMaxRole[m];
  return byMode < cap ? byMode : cap;
}

/** Role on a link: the potential capped by buyer and governance. */
export function linkRoleFor(w: RoleState, b: number, m: number, potential: number): number {
  const a = allowedRole(w, b, m);
  return potential < a ? potential : a;
}
