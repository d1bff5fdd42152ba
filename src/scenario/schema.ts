/**
 * The scenario file format: one spec that types, validates and documents it.
 *
 * A scenario sets run settings, initial conditions (`world`, see
 * src/model/inputs.ts) and parameter overrides (`params`, see
 * src/model/params.ts); it cannot change a rule.
 */
import { int, list, obj, oneOf, str, type Infer } from '../engine/spec.js';
import { worldSpec } from '../model/inputs.js';
import { paramsSpec } from '../model/params.js';

export const scenarioSpec = obj({
  name: str('scenario', 'Short name of the scenario', true),
  description: str('', 'One-line summary'),
  seed: int(1, 'Default run seed (overridden by --seed)', 0, 2 ** 32 - 1),
  ticks: int(80, 'Horizon in ticks', 1, 1_000_000),
  tick_length: oneOf(['quarter', 'month', 'year'] as const, 'quarter', 'Calendar length of a tick (labels only)'),
  collect_every: int(1, 'Write a ticks.csv row every this many ticks', 1, 1_000_000),
  firms_every: int(4, 'With --firms: write firms.csv every this many ticks', 1, 1_000_000),
  firms_max: int(100, 'With --firms: firms sampled per cluster (a fixed seeded sample)', 1, 10_000_000),
  world: worldSpec,
  params: paramsSpec,
  variants: list(
    obj(
      {
        name: str('variant', 'Name of the variant (gvcsim run --variant NAME)', true),
        description: str('', 'What the variant changes and what comparing with it shows'),
        set: list(str('', 'path=value'), 'Overrides applied to the scenario, as with --set (e.g. world.clusters.1.arrival=1000)'),
      },
      'A named counterfactual: the same scenario with some fields overridden',
    ),
    'Named variants (counterfactuals) of this scenario',
  ),
});

export type Scenario = Infer<typeof scenarioSpec>;
