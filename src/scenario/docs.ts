/**
 * Markdown reference of the scenario format and every parameter, generated
 * from the specs (docs/parameters.md; `npm run docs` rewrites it and a test
 * fails when it is stale).
 */
import { expectedOf, type Spec } from '../engine/spec.js';
import { scenarioSpec } from './schema.js';

function fmt(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(fmt).join(', ')}]`;
  if (typeof v === 'string') return v === '' ? '""' : v;
  return String(v);
}

function walk(spec: Spec, path: string, out: string[], depth: number, heading = true): void {
  if (spec.kind === 'object') {
    if (path && heading) {
      out.push('', `${'#'.repeat(Math.min(depth + 1, 5))} \`${path}\``, '');
      if (spec.doc) out.push(spec.doc, '');
    }
    const fields = Object.entries(spec.fields);
    if (fields.some(([, f]) => f.kind !== 'object' && f.kind !== 'array')) {
      out.push('| field | default | allowed | meaning |', '|---|---|---|---|');
      for (const [k, f] of fields) {
        if (f.kind === 'object' || f.kind === 'array') continue;
        const unit = f.kind === 'number' && f.unit ? ` (${f.unit})` : '';
        out.push(`| \`${k}\` | ${fmt(f.default)} | ${expectedOf(f)} | ${f.doc.replace(/\|/g, '\\|')}${unit} |`);
      }
    }
    for (const [k, f] of Object.entries(spec.fields)) {
      if (f.kind === 'object') walk(f, path ? `${path}.${k}` : k, out, depth + 1);
      if (f.kind === 'array') {
        const p = path ? `${path}.${k}` : k;
        out.push('', `${'#'.repeat(Math.min(depth + 2, 5))} \`${p}[]\``, '', f.doc + (f.minItems ? ` (at least ${f.minItems})` : '') + '. Each item:', '');
        walk(f.items, `${p}[]`, out, depth + 1, false);
      }
    }
  }
}

export function parametersMarkdown(): string {
  const out = [
    '# Scenario format and parameters',
    '',
    '<!-- Generated from src/scenario/schema.ts, src/model/inputs.ts and src/model/params.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'A scenario file (YAML or JSON) has the fields below; every field may be omitted and then takes its default.',
    'Parameters live under `params:`; any field can also be set from the command line with',
    '`gvcsim run <scenario> --set path=value` (e.g. `--set params.learning.depreciation=0.01`,',
    '`--set world.clusters.0.firms=500`). Reasons and sources for the defaults: docs/ODD.md.',
    '',
    '## Top level',
    '',
  ];
  walk(scenarioSpec, '', out, 1);
  return out.join('\n') + '\n';
}
