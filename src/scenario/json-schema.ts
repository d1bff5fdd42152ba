/**
 * The scenario format as JSON Schema (draft 2020-12), generated from the same
 * spec that validates files and types them, for editors and other tools.
 * Written to schemas/scenario.schema.json by `npm run docs`.
 */
import { FORMULA_FUNCTIONS } from '../engine/formula.js';
import type { Spec } from '../engine/spec.js';
import { VERSION } from '../engine/version.js';
import { scenarioSpec } from './schema.js';

function toSchema(spec: Spec): Record<string, unknown> {
  switch (spec.kind) {
    case 'number': {
      const s: Record<string, unknown> = { type: spec.integer ? 'integer' : 'number', default: spec.default, description: spec.doc };
      if (spec.min !== undefined) s.minimum = spec.min;
      if (spec.max !== undefined) s.maximum = spec.max;
      return s;
    }
    case 'formula':
      return {
        description: `${spec.doc} (formula functions: ${FORMULA_FUNCTIONS.join(', ')})`,
        default: spec.default,
        oneOf: [
          { type: 'number', ...(spec.min !== undefined ? { minimum: spec.min } : {}), ...(spec.max !== undefined ? { maximum: spec.max } : {}) },
          { type: 'string', minLength: 1 },
        ],
      };
    case 'boolean':
      return { type: 'boolean', default: spec.default, description: spec.doc };
    case 'string':
      return { type: 'string', default: spec.default, description: spec.doc, ...(spec.id ? { pattern: '^[A-Za-z0-9_-]+$' } : {}) };
    case 'enum':
      return { enum: [...spec.values], default: spec.default, description: spec.doc };
    case 'vector':
      return {
        type: 'array',
        description: `${spec.doc} (${spec.labels.join(', ')})`,
        default: [...spec.default],
        minItems: spec.length,
        maxItems: spec.length,
        items: { type: 'number', ...(spec.min !== undefined ? { minimum: spec.min } : {}), ...(spec.max !== undefined ? { maximum: spec.max } : {}) },
      };
    case 'array':
      return {
        type: 'array',
        description: spec.doc,
        items: toSchema(spec.items),
        ...(spec.minItems !== undefined ? { minItems: spec.minItems } : {}),
        ...(spec.maxItems !== undefined ? { maxItems: spec.maxItems } : {}),
      };
    case 'object':
      return {
        type: 'object',
        ...(spec.doc ? { description: spec.doc } : {}),
        additionalProperties: false,
        properties: Object.fromEntries(Object.entries(spec.fields).map(([k, f]) => [k, toSchema(f)])),
      };
  }
}

/** A JSON Schema (draft 2020-12) of any spec. */
export function specJsonSchema(spec: Spec, title: string, description: string): string {
  return JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title, description, ...toSchema(spec) }, null, 2) + '\n';
}

export function scenarioJsonSchema(): string {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `gvcsim scenario (version ${VERSION.split('.').slice(0, 2).join('.')})`,
    description:
      'A gvcsim scenario file (YAML or JSON). Generated from src/scenario/schema.ts; cross-references (ids of chains, clusters, countries, buyer groups) and instrument/level pairs are checked by gvcsim validate.',
    ...toSchema(scenarioSpec),
  };
  return JSON.stringify(schema, null, 2) + '\n';
}
