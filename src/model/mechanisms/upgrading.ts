/**
 * Upgrading and downgrading events (MODEL.md §4.3; Humphrey & Schmitz 2000 §1).
 *
 * - Process upgrading: process capability crosses a grade upward (unit
 *   labour, hence unit cost, falls — production.ts).
 * - Product upgrading: product capability crosses a grade upward (unit value
 *   rises).
 * - Role changes on a buyer link (MODEL.md §8): OEA→OEM is process
 *   upgrading (Kaplinsky 2015 §4, the OEA→OEM→ODM→OBM figure: the firm takes
 *   over production with its own process), counted once, by the process
 *   grade the OEM threshold sits on; the link role that follows is recorded
 *   (`role_oem` / `role_oea`), not counted again. OEM→ODM→OBM is functional
 *   upgrading (Humphrey & Schmitz 2000 §4.5; Gereffi's ladder in §2.2), as
 *   are the new functions counted where they arise (services, lead-firms.ts;
 *   chain co-ordination by a first outsourcing contract, outsourcing.ts).
 * - Role changes on the home market are counted in their own columns
 *   (`dom_upg_process`, `dom_upg_functional` and their downgrading twins),
 *   not as upgrading in the chain: the home market is an outlet with no
 *   buyer caps, and a label there is not a change in the division of labour
 *   on a chain link (MODEL.md §8).
 * - Downgrading mirrors each, with a hysteresis band below the grade.
 * Each event names the firm, the buyer of the link (or the main transfer
 * buyer) and the cause. Taking up a higher role needs investment (effort
 * > 0). Chain upgrading and downgrading events come from firm-decisions.ts.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { CAPABILITIES, K, OEM, PROCESS, PRODUCT, ROLES } from '../constants.js';
import { SOURCES, learningScratch } from './learning.js';
import { linkRoleFor, potentialRole } from './roles.js';
import {
  C_DNG_FUNCTIONAL,
  C_DNG_PROCESS,
  C_DNG_PRODUCT,
  C_DOM_DNG_FUNCTIONAL,
  C_DOM_DNG_PROCESS,
  C_DOM_UPG_FUNCTIONAL,
  C_DOM_UPG_PROCESS,
  C_UPG_FUNCTIONAL,
  C_UPG_PROCESS,
  C_UPG_PRODUCT,
  type World,
} from '../world.js';

const DOMESTIC = -2;

export function upgradingPhase(w: World, _ctx: PhaseContext): void {
  const step = w.params.events.step;
  const band = w.params.events.band;
  const sc = learningScratch(w);
  const L = w.links.maxLinks;
  const text = eventText(w);
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    // process and product grades
    for (let k = PROCESS; k <= PRODUCT; k++) {
      const c = w.firms.cap[i * K + k];
      const gOld = w.firms.grade[i * K + k];
      const gNew = Math.floor(c / step);
      if (gNew > gOld) {
        w.firms.grade[i * K + k] = gNew;
        const src = sc.source[i * K + k];
        w.emit(i, src === 1 ? sc.sourceBuyer[i] : -1, UPG_KIND[k], text.grade(k, gOld, gNew, src), k === PROCESS ? C_UPG_PROCESS : C_UPG_PRODUCT);
      } else if (c < gOld * step - band) {
        const g = Math.floor((c + band) / step);
        w.firms.grade[i * K + k] = g;
        w.emit(i, -1, DNG_KIND[k], text.grade(k, gOld, g, -1), k === PROCESS ? C_DNG_PROCESS : C_DNG_PRODUCT);
      }
    }
    // roles per link and at home
    const pot = potentialRole(w, i);
    for (let j = 0; j < L; j++) {
      const s = i * L + j;
      const b = w.links.linkBuyer[s];
      if (b < 0) continue;
      let r = linkRoleFor(w, b, w.links.linkMode[s], pot);
      const old = w.links.linkRole[s];
      // taking up a new function takes investment: a firm that invests nothing does not move up
      if (r > old && w.firms.effort[i] <= 0) r = old;
      if (r === old) continue;
      w.links.linkRole[s] = r;
      roleEvent(w, i, b, old, r, r < pot ? 0 : 1, text);
    }
    const old = w.firms.domesticRole[i];
    if (pot !== old && (pot < old || w.firms.effort[i] > 0)) {
      w.firms.domesticRole[i] = pot;
      roleEvent(w, i, DOMESTIC, old, pot, 1, text);
    }
  }
}

const UPG_KIND = CAPABILITIES.map((name) => `upg_${name}`);
const DNG_KIND = CAPABILITIES.map((name) => `dng_${name}`);
const CAUSES = ['capped by buyer or governance', 'capabilities'] as const;
/** Event kinds of role changes and their counters (-1: none), by [home][down][functional] (roleEvent). */
const ROLE_KINDS = ['role_oem', 'upg_functional', 'role_oea', 'dng_functional', 'dom_upg_process', 'dom_upg_functional', 'dom_dng_process', 'dom_dng_functional'] as const;
const ROLE_COUNTERS = [-1, C_UPG_FUNCTIONAL, -1, C_DNG_FUNCTIONAL, C_DOM_UPG_PROCESS, C_DOM_UPG_FUNCTIONAL, C_DOM_DNG_PROCESS, C_DOM_DNG_FUNCTIONAL] as const;

/**
 * The detail texts of grade and role events, each built once per world and
 * then reused: grades and roles are discrete, so the same few strings recur
 * thousands of times a tick in a large world (no formatting per event).
 */
class EventText {
  private readonly grades = new Map<number, string>();
  private readonly roles: string[] = [];
  constructor(readonly step: number) {}
  /** `process 0.30->0.35 via own investment` (src ≥ 0) or `… by depreciation` (src −1). */
  grade(k: number, from: number, to: number, src: number): string {
    const key = ((from * 4096 + to) * 8 + (src + 1)) * K + k;
    let t = this.grades.get(key);
    if (t === undefined) {
      const name = CAPABILITIES[k];
      t = `${name} ${(from * this.step).toFixed(2)}->${(to * this.step).toFixed(2)} ${src >= 0 ? `via ${SOURCES[src]}` : 'by depreciation'}`;
      this.grades.set(key, t);
    }
    return t;
  }
  /** `OEM->ODM (capabilities)`. */
  role(from: number, to: number, cause: number): string {
    const key = (from * ROLES.length + to) * CAUSES.length + cause;
    return (this.roles[key] ??= `${ROLES[from]}->${ROLES[to]} (${CAUSES[cause]})`);
  }
}
const textOf = new WeakMap<World, EventText>();
function eventText(w: World): EventText {
  let t = textOf.get(w);
  if (!t || t.step !== w.params.events.step) textOf.set(w, (t = new EventText(w.params.events.step)));
  return t;
}

/**
 * A role change from `from` to `to` on buyer b's link (b = DOMESTIC: the home market). Above OEM it is functional
 * upgrading or downgrading (a change of several steps that crosses OEM, e.g. OEA→ODM, is functional: the larger change
 * in the division of labour). A step across OEA↔OEM on a link is process upgrading (MODEL.md §8), and that process
 * upgrading is already counted by the process grade that the OEM threshold sits on (`roles.oem_process` 0.3 is a
 * grade of `events.step` 0.1): the role that follows is recorded as `role_oem` / `role_oea` and not counted again
 * (until the review of 2026-12-08 it was, once more per link). Home-market changes go to the `dom_*` kinds and columns.
 */
function roleEvent(w: World, i: number, b: number, from: number, to: number, cause: number, text: EventText): void {
  const up = to > from;
  const processStep = (up ? to : from) <= OEM;
  const r = (b === DOMESTIC ? 4 : 0) + (up ? 0 : 2) + (processStep ? 0 : 1);
  const kind = ROLE_KINDS[r];
  const counter = ROLE_COUNTERS[r];
  w.emit(i, b, kind, text.role(from, to, cause), counter);
}
