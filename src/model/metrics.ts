/**
 * Cluster metrics: one `ticks.csv` row per tick and cluster (MODEL.md §7).
 * A cluster that has not arrived yet has firms = 0 and empty statistics.
 */
import { CAPABILITIES, JOINT_KINDS, K, M, MODES, ROLES } from './constants.js';
import { quality } from './mechanisms/bargaining.js';
import { ContractStore } from './state/contracts.js';
import { COUNTERS, NC, type World } from './world.js';

const SL = ContractStore.SLOTS;

export const TICK_COLUMNS = [
  'tick',
  'cluster',
  'stage',
  'firms',
  ...CAPABILITIES.map((c) => `cap_${c}`),
  ...CAPABILITIES.map((c) => `sd_${c}`),
  'absorptive',
  'links',
  ...MODES.map((m) => `gov_${m}`),
  ...COUNTERS,
  'brands_building',
  'brands',
  ...ROLES.map((r) => `share_${r.toLowerCase()}`),
  'value_added_share',
  'unit_price',
  'export_units',
  'investment',
  'output',
  'contract_units_in',
  'contract_units_out',
  'foreign_firms',
  'foreign_local_units',
  'income_per_worker',
  'wage_index',
  'variety',
  'openness',
  'density',
  'reputation',
  'trust',
  ...JOINT_KINDS.map((k) => `joint_${k}`),
] as const;

export type TickRow = Record<(typeof TICK_COLUMNS)[number], number | string | null>;

const A_N = 0;
const A_ABS = 1;
const A_LINKS = 2;
const A_EXPORT_UNITS = 3;
const A_EXPORT_REVENUE = 4;
const A_FINAL_VALUE = 5;
const A_VALUE_ADDED = 6;
const A_UNITS = 7;
const A_WORKERS = 8;
const A_REVENUE = 9;
const A_INVESTED = 10;
const A_JL = 11;
const A_JM = 12;
const A_JG = 13;
const A_CONTRACT_IN = 14;
const A_CONTRACT_OUT = 15;
const A_BUILDING = 16;
const A_BRANDS = 17;
const A_FOREIGN = 18;
const A_FOREIGN_LOCAL = 19;
const A_SIZE = 20;
const scratch = {
  sum: new Float64Array(K),
  sq: new Float64Array(K),
  modes: new Float64Array(M),
  roles: new Float64Array(ROLES.length),
  acc: new Float64Array(A_SIZE),
};

/** Per-cluster sums of the tick row, one pass over the cluster's slots (kept apart from the row's keyed object so it compiles to a tight loop). */
function accumulate(w: World, c: number, sum: Float64Array, sq: Float64Array, modes: Float64Array, roles: Float64Array, acc: Float64Array): void {
  sum.fill(0);
  sq.fill(0);
  modes.fill(0);
  roles.fill(0);
  let n = 0;
  let abs = 0;
  let links = 0;
  let exportUnits = 0;
  let exportRevenue = 0;
  let finalValue = 0;
  let valueAdded = 0;
  let units = 0;
  let workers = 0;
  let revenue = 0;
  let invested = 0;
  let jl = 0;
  let jm = 0;
  let jg = 0;
  let contractIn = 0;
  let contractOut = 0;
  let building = 0;
  let brands = 0;
  let foreign = 0;
  let foreignLocal = 0;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!w.firms.alive[i]) continue;
    n++;
    for (let k = 0; k < K; k++) {
      const v = w.firms.cap[i * K + k];
      sum[k] += v;
      sq[k] += v * v;
    }
    abs += w.firms.absorptive[i];
    valueAdded += w.firms.revenue[i] - w.firms.purchases[i];
    workers += w.firms.workers[i];
    // output: final units sold (home and links), each counted once, by the firm that sells it; work done for other
    // firms (hub and spoke, contracts) is in their units too and is not counted again
    units += w.firms.units[i] - w.contracts.unitsIn[i] - w.contracts.localIn[i];
    contractIn += w.contracts.unitsIn[i];
    contractOut += w.contracts.unitsOut[i];
    if (w.firms.brandBuild[i] > 0) building++;
    brands += w.firms.brand[i];
    if (w.firms.foreign[i]) {
      foreign++;
      for (let k = 0; k < SL; k++) {
        const s = i * SL + k;
        const j = w.contracts.contractor[s];
        if (j >= 0 && w.firms.firmCluster[j] === c) foreignLocal += w.contracts.units[s];
      }
    }
    revenue += w.firms.revenue[i];
    invested += w.firms.effort[i] * w.firms.revenue[i];
    const jb = w.firms.joint[i];
    jl += jb & 1;
    jm += (jb >>> 1) & 1;
    jg += (jb >>> 2) & 1;
    for (let j = 0; j < w.links.maxLinks; j++) {
      const s = i * w.links.maxLinks + j;
      const b = w.links.linkBuyer[s];
      if (b < 0) continue;
      links++;
      modes[w.links.linkMode[s]]++;
      roles[w.links.linkRole[s]]++;
      const q = w.links.linkVolume[s];
      exportUnits += q;
      exportRevenue += q * w.links.linkPrice[s];
      finalValue += q * w.chains.chainPrice[w.buyers.buyerChain[b]] * quality(w, i);
    }
  }
  acc[A_N] = n;
  acc[A_ABS] = abs;
  acc[A_LINKS] = links;
  acc[A_EXPORT_UNITS] = exportUnits;
  acc[A_EXPORT_REVENUE] = exportRevenue;
  acc[A_FINAL_VALUE] = finalValue;
  acc[A_VALUE_ADDED] = valueAdded;
  acc[A_UNITS] = units;
  acc[A_WORKERS] = workers;
  acc[A_REVENUE] = revenue;
  acc[A_INVESTED] = invested;
  acc[A_JL] = jl;
  acc[A_JM] = jm;
  acc[A_JG] = jg;
  acc[A_CONTRACT_IN] = contractIn;
  acc[A_CONTRACT_OUT] = contractOut;
  acc[A_BUILDING] = building;
  acc[A_BRANDS] = brands;
  acc[A_FOREIGN] = foreign;
  acc[A_FOREIGN_LOCAL] = foreignLocal;
}

/** Rows of the current tick, one per cluster. */
export function clusterRows(w: World): TickRow[] {
  const rows: TickRow[] = [];
  for (let c = 0; c < w.clusters.nClusters; c++) {
    const row: Record<string, number | string | null> = { tick: w.tick, cluster: w.clusters.clusterIds[c] };
    if (!w.clusters.clusterActive[c]) {
      for (const col of TICK_COLUMNS) if (!(col in row)) row[col] = null;
      row.firms = 0;
      rows.push(row as TickRow);
      continue;
    }
    const { sum, sq, modes, roles, acc } = scratch;
    accumulate(w, c, sum, sq, modes, roles, acc);
    const n = acc[A_N];
    const abs = acc[A_ABS];
    const links = acc[A_LINKS];
    const exportUnits = acc[A_EXPORT_UNITS];
    const exportRevenue = acc[A_EXPORT_REVENUE];
    const finalValue = acc[A_FINAL_VALUE];
    const valueAdded = acc[A_VALUE_ADDED];
    const units = acc[A_UNITS];
    const workers = acc[A_WORKERS];
    const revenue = acc[A_REVENUE];
    const invested = acc[A_INVESTED];
    const jl = acc[A_JL];
    const jm = acc[A_JM];
    const jg = acc[A_JG];
    const contractIn = acc[A_CONTRACT_IN];
    const contractOut = acc[A_CONTRACT_OUT];
    const building = acc[A_BUILDING];
    const brands = acc[A_BRANDS];
    const foreign = acc[A_FOREIGN];
    const foreignLocal = acc[A_FOREIGN_LOCAL];
    row.stage = w.clusters.stageName(c);
    row.firms = n;
    CAPABILITIES.forEach((name, k) => {
      const mean = n > 0 ? sum[k] / n : null;
      row[`cap_${name}`] = mean;
      row[`sd_${name}`] = n > 0 && mean !== null ? Math.sqrt(Math.max(0, sq[k] / n - mean * mean)) : null;
    });
    row.absorptive = n > 0 ? abs / n : null;
    row.links = links;
    MODES.forEach((m, k) => (row[`gov_${m}`] = links > 0 ? modes[k] / links : null));
    COUNTERS.forEach((name, k) => (row[name] = w.counters[c * NC + k]));
    row.brands_building = building;
    row.brands = brands;
    ROLES.forEach((r, k) => (row[`share_${r.toLowerCase()}`] = links > 0 ? roles[k] / links : null));
    row.value_added_share = finalValue > 0 ? exportRevenue / finalValue : null;
    row.unit_price = exportUnits > 0 ? exportRevenue / exportUnits : null;
    row.export_units = exportUnits;
    row.investment = revenue > 0 ? invested / revenue : null;
    row.output = units;
    row.contract_units_in = contractIn;
    row.contract_units_out = contractOut;
    row.foreign_firms = foreign;
    row.foreign_local_units = foreignLocal;
    row.income_per_worker = workers > 0 ? valueAdded / workers : null;
    row.wage_index = w.countries.countryWageIndex[w.clusters.clusterCountry[c]];
    row.variety = n > 0 ? w.clusters.clusterVariety[c] : null;
    row.openness = n > 0 ? w.clusters.clusterOpenness[c] : null;
    row.density = n > 0 ? w.clusters.clusterDensity[c] : null;
    row.reputation = w.clusters.clusterReputation[c];
    row.trust = w.clusters.clusterTrust[c];
    // members of each kind's running project (bits of firms.joint in JOINT_KINDS order)
    row.joint_learning = jl;
    row.joint_marketing = jm;
    row.joint_logistics = jg;
    const ordered = {} as TickRow;
    for (const col of TICK_COLUMNS) ordered[col] = row[col] ?? null;
    rows.push(ordered);
  }
  return rows;
}
