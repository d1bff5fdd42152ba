/** The experiment file format as JSON Schema, generated from its spec (schemas/experiment.schema.json, `npm run docs`). */
import { specJsonSchema } from '../scenario/json-schema.js';
import { VERSION } from '../engine/version.js';
import { experimentSpec } from './spec.js';

export function experimentJsonSchema(): string {
  return specJsonSchema(
    experimentSpec,
    `gvcsim experiment (version ${VERSION.split('.').slice(0, 2).join('.')})`,
    'A gvcsim experiment file (YAML or JSON): a base scenario, factors, a design, replicates and outcomes. Generated from src/experiment/spec.ts; cross-field rules (one way to give each factor, what each design needs, known clusters and event kinds) are checked by gvcsim sweep.',
  );
}
