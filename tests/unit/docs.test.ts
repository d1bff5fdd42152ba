// docs/parameters.md is generated from the specs; this fails when it is stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parametersMarkdown } from '../../src/scenario/docs.js';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { leaves, paramsSpec } from '../../src/index.js';
import { ROOT } from '../helpers.js';

describe('docs/parameters.md', () => {
  const md = parametersMarkdown();
  it('is up to date (run `npm run docs` after changing a spec)', () => {
    expect(readFileSync(join(ROOT, 'docs/parameters.md'), 'utf8')).toBe(md);
  });
  it('documents every parameter with a non-empty meaning', () => {
    for (const [path, spec] of leaves(paramsSpec, 'params')) {
      expect(spec.doc.length, path).toBeGreaterThan(5);
      const field = path.split('.').pop() as string;
      expect(md).toContain(`\`${field}\``);
    }
    expect([...leaves(paramsSpec)].length).toBeGreaterThan(60);
  });
});

describe('schemas/scenario.schema.json', () => {
  it('is up to date (run `npm run docs` after changing a spec)', () => {
    expect(readFileSync(join(ROOT, 'schemas/scenario.schema.json'), 'utf8')).toBe(scenarioJsonSchema());
  });
  it('describes every world field and rejects unknown keys', () => {
    const s = JSON.parse(scenarioJsonSchema());
    expect(s.additionalProperties).toBe(false);
    for (const k of ['countries', 'chains', 'clusters', 'buyers', 'cooperation', 'shocks', 'relocation', 'services', 'policies']) {
      expect(s.properties.world.properties[k]).toBeDefined();
    }
    expect(s.properties.world.properties.policies.items.properties.intensity.oneOf).toHaveLength(2);
  });
});

describe('schemas/experiment.schema.json', () => {
  it('is up to date (run `npm run docs` after changing the experiment spec)', async () => {
    const { experimentJsonSchema } = await import('../../src/experiment/json-schema.js');
    expect(readFileSync(join(ROOT, 'schemas/experiment.schema.json'), 'utf8')).toBe(experimentJsonSchema());
    const s = JSON.parse(experimentJsonSchema());
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.design.properties.kind.enum).toEqual(['factorial', 'lhs', 'morris', 'sobol', 'file']);
  });
});
