/**
 * Country state: exchange rates, their volatility and the wage index, one
 * entry per country (indexed by country number, in the order of
 * `world.countries`; a world without countries gets one, 'home').
 */
import type { WorldDef } from '../inputs.js';

export class CountryStore {
  readonly nCountries: number;
  readonly countryIds: string[];
  readonly countryFx: Float64Array;
  /** Exchange rate of the previous tick (macro instability erodes strategic intent). */
  readonly countryFxPrev: Float64Array;
  readonly countryVolatility: Float64Array;
  readonly countryWageIndex: Float64Array;
  readonly countryElasticity: Float64Array;
  /** Wage-index reference: mean capability of the firms of the country's first cluster to appear. */
  readonly countryCap0: Float64Array;
  /** Whether the country's first cluster has appeared (countryCap0 is set). */
  readonly countrySeen: Uint8Array;

  constructor(def: WorldDef) {
    const countries = def.countries.length > 0 ? def.countries : [{ id: 'home', exchange_rate: 1, volatility: 0, wage_elasticity: 0.8 }];
    this.nCountries = countries.length;
    this.countryIds = countries.map((c) => c.id);
    this.countryFx = Float64Array.from(countries, (c) => c.exchange_rate);
    this.countryFxPrev = Float64Array.from(countries, (c) => c.exchange_rate);
    this.countryVolatility = Float64Array.from(countries, (c) => c.volatility);
    this.countryElasticity = Float64Array.from(countries, (c) => c.wage_elasticity);
    this.countryWageIndex = new Float64Array(this.nCountries).fill(1);
    this.countryCap0 = new Float64Array(this.nCountries);
    this.countrySeen = new Uint8Array(this.nCountries);
  }
}
