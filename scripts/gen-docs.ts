// Regenerate docs/parameters.md and schemas/scenario.schema.json from the specs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parametersMarkdown } from '../src/scenario/docs.js';
import { scenarioJsonSchema } from '../src/scenario/json-schema.js';
import { experimentJsonSchema } from '../src/experiment/json-schema.js';

writeFileSync(new URL('../docs/parameters.md', import.meta.url), parametersMarkdown());
mkdirSync(new URL('../schemas/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schemas/scenario.schema.json', import.meta.url), scenarioJsonSchema());
writeFileSync(new URL('../schemas/experiment.schema.json', import.meta.url), experimentJsonSchema());
console.log('wrote docs/parameters.md, schemas/scenario.schema.json and schemas/experiment.schema.json');
