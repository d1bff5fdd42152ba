// Regenerate docs/parameters.md from the specs.
import { writeFileSync } from 'node:fs';
import { parametersMarkdown } from '../src/scenario/docs.js';

writeFileSync(new URL('../docs/parameters.md', import.meta.url), parametersMarkdown());
console.log('wrote docs/parameters.md');
