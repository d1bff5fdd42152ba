// Governance by one cost model, learning off: corner values reproduce the
// Gereffi, Humphrey & Sturgeon (2005) table (MODEL.md §4.1).
import { describe, expect, it } from 'vitest';
import { costTable, defaultsOf, paramsSpec, MODES } from '../../src/index.js';
import { bestMode, choice } from '../../src/model/mechanisms/governance.js';
import { EXCLUDED } from '../../src/model/constants.js';

const p = defaultsOf(paramsSpec);
const L = 0.2;
const H = 0.8;

function chosen(x: number, y: number, s: number, loss = 1, standard = 0.5, defines = true): string {
  const m = bestMode(p.governance, x, y, s, standard, loss, defines);
  return m === EXCLUDED ? 'excluded' : MODES[m];
}

describe('governance cost model at corner values (GHS 2005 table)', () => {
  const rows: [string, number, number, number, string][] = [
    ['L H H', L, H, H, 'market'],
    ['H H H', H, H, H, 'modular'],
    ['H L H', H, L, H, 'relational'],
    ['H H L', H, H, L, 'captive'],
    ['H L L', H, L, L, 'hierarchy'],
    ['L H L', L, H, L, 'excluded'],
  ];
  for (const [label, x, y, s, mode] of rows) {
    it(`complexity/codifiability/capability ${label} -> ${mode}`, () => {
      // robust across the buyer losses of the shipped buyer types
      for (const loss of [0.6, 0.8, 1, 1.2]) expect(chosen(x, y, s, loss)).toBe(mode);
    });
  }
  it('L L any: market for a capable supplier, excluded otherwise (documented in docs/ODD.md)', () => {
    expect(chosen(L, L, H)).toBe('market');
    expect(chosen(L, L, L)).toBe('excluded');
  });
  it('the chosen mode is the cheapest and its cost is reported', () => {
    const t = costTable(p.governance, { complexity: H, codifiability: H, competence: L, standard: 0.5, loss: 1, definesProduct: true });
    bestMode(p.governance, H, H, L, 0.5, 1, true);
    const min = Math.min(...MODES.map((m) => t[m]));
    expect(choice.cost).toBeCloseTo(min, 12);
    expect(t.captive).toBe(min);
  });
  it('risk, not complexity, decides: raising the competence gap turns a market link captive', () => {
    // same product (complexity, codifiability), only the supplier's gap to the standard changes
    expect(chosen(0.6, 0.8, 0.8, 1, 0.5)).toBe('modular');
    expect(chosen(0.6, 0.8, 0.3, 1, 0.5)).toBe('captive');
  });
  it('the buyer’s loss from failure decides between network and quasi-hierarchy (Humphrey & Schmitz 2000 §3)', () => {
    expect(chosen(0.6, 0.8, 0.45, 0.3, 0.5)).toBe('modular');
    expect(chosen(0.6, 0.8, 0.45, 3, 0.5)).toBe('captive');
  });
  it('a buyer that does not define the product leans to the market', () => {
    expect(chosen(0.6, 0.5, 0.6, 1, 0.5, true)).not.toBe('market');
    expect(chosen(0.6, 0.5, 0.6, 1, 0.5, false)).toBe('market');
  });
});
