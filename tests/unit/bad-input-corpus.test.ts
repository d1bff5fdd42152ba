// The bad-input corpus (issue 7): every user mistake gets exit 2 and one line on
// stderr naming the file and the field (or the flag), never a stack trace, and
// nothing is written or deleted. Each case runs in a fresh folder holding a
// valid scenario (`ok.yaml`) and a user file (`thesis/chapter1.txt`); the
// folder's whole content is compared before and after. Scenario cases run
// through both `validate` and `run`.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli, snapshot, tempDir } from '../helpers.js';

type Doc = Record<string, any>;

/** A small valid scenario as a plain object. */
function base(): Doc {
  return {
    name: 'corpus',
    seed: 3,
    ticks: 10,
    world: {
      chains: [{ id: 'c', complexity: 0.6, codifiability: 0.5, standard: 0.45 }],
      clusters: [{ id: 'k', firms: 30, ties: 4, tie_window: 10 }],
      buyers: [
        { id: 'lead', type: 'global_lead', chain: 'c', count: 1 },
        { id: 'trader', type: 'trading_company', chain: 'c', count: 1 },
      ],
    },
    params: {},
  };
}
const patch = (f: (d: Doc) => void): string => {
  const d = base();
  f(d);
  return stringify(d);
};
const policy = (intensity: number | string, extra: Doc = {}) =>
  patch((d) => (d.world.policies = [{ instrument: 'training', level: 'regional', clusters: ['k'], start: 1, end: 10, intensity, ...extra }]));

interface Case {
  what: string;
  /** Content of bad.yaml (or other files) written into the folder. */
  files?: Record<string, string | Buffer>;
  /** Command line, in the folder; default: [cmd, 'bad.yaml']. */
  args?: string[];
  /** Commands to run the case through (default validate and run). */
  cmds?: ('validate' | 'run')[];
  /** The message must match (it names the file and field, or the flag). */
  msg: RegExp;
}

const deepYaml = `name: x\nworld: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
const deepJson = `{"name": "x", "world": ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`;
const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
].join('\n');

const cases: Case[] = [
  // -- the file itself
  { what: 'a missing file', args: ['nope.yaml'], msg: /nope\.yaml: cannot read the scenario file/ },
  { what: 'a folder instead of a file', args: ['thesis'], msg: /thesis: cannot read the scenario file/ },
  { what: 'malformed YAML', files: { 'bad.yaml': 'name: [x\nworld: 1' }, msg: /bad\.yaml: malformed YAML\/JSON at line \d+/ },
  { what: 'malformed JSON', files: { 'bad.json': '{"name": "x",' }, args: ['bad.json'], msg: /bad\.json: malformed YAML\/JSON/ },
  { what: 'a YAML alias bomb', files: { 'bad.yaml': bomb }, msg: /bad\.yaml: malformed YAML: too many aliases/ },
  { what: 'deep YAML nesting', files: { 'bad.yaml': deepYaml }, msg: /bad\.yaml: .*nested deeper than 32 levels/ },
  { what: 'deep JSON nesting', files: { 'bad.json': deepJson }, args: ['bad.json'], msg: /bad\.json: .*nested deeper than 32 levels/ },
  { what: 'a top-level list', files: { 'bad.yaml': '- a\n- b\n' }, msg: /bad\.yaml: expected a mapping at the top level/ },
  { what: 'a top-level number', files: { 'bad.yaml': '42\n' }, msg: /bad\.yaml: expected a mapping at the top level/ },
  { what: 'an empty file', files: { 'bad.yaml': '' }, msg: /bad\.yaml: expected a mapping at the top level/ },
  { what: 'binary garbage', files: { 'bad.yaml': '\u0000\u0001\u0002\u00ff{{{' }, msg: /bad\.yaml: (malformed YAML|expected a mapping|expected UTF-8 text)/ },
  { what: 'a duplicate key', files: { 'bad.yaml': 'name: a\nname: b\n' }, msg: /bad\.yaml: malformed YAML\/JSON at line 2.*[Mm]ap keys must be unique/ },
  { what: 'a file over the size limit', files: { 'bad.yaml': `name: x\ndescription: "${'y'.repeat(4.5 * 1024 * 1024)}"\n` }, msg: /bad\.yaml: the file has \d+ bytes; a scenario file has at most/ },
  // -- required lists
  { what: 'a file holding only a name', files: { 'bad.yaml': 'name: x\n' }, msg: /bad\.yaml: world\.chains: expected a list of at least 1 \(required\), got nothing/ },
  { what: 'a world without clusters', files: { 'bad.yaml': patch((d) => delete d.world.clusters) }, msg: /bad\.yaml: world\.clusters: expected a list of at least 1 \(required\)/ },
  { what: 'a world without buyers', files: { 'bad.yaml': patch((d) => delete d.world.buyers) }, msg: /bad\.yaml: world\.buyers: expected a list of at least 1 \(required\)/ },
  { what: 'an empty list of buyers', files: { 'bad.yaml': patch((d) => (d.world.buyers = [])) }, msg: /bad\.yaml: world\.buyers: expected a list of at least 1, got a list of 0/ },
  { what: 'an empty list of chains', files: { 'bad.yaml': patch((d) => (d.world.chains = [])) }, msg: /bad\.yaml: world\.chains: expected a list of at least 1/ },
  { what: 'world: null', files: { 'bad.yaml': 'name: x\nworld: null\n' }, msg: /bad\.yaml: world\.chains: expected a list of at least 1 \(required\)/ },
  // -- unknown and inherited keys
  { what: 'an unknown key', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].colour = 'red')) }, msg: /bad\.yaml: world\.clusters\[0\]\.colour: expected one of the known fields/ },
  { what: 'a misspelt parameter', files: { 'bad.yaml': patch((d) => (d.params = { learning: { depreciaton: 0.1 } })) }, msg: /bad\.yaml: params\.learning\.depreciaton: .*did you mean 'depreciation'/ },
  { what: 'the key constructor', files: { 'bad.yaml': patch((d) => Object.assign(d, { constructor: 1 })) }, msg: /bad\.yaml: constructor: expected one of the known fields/ },
  { what: 'the key toString', files: { 'bad.yaml': patch((d) => (d.world.toString = 'x')) }, msg: /bad\.yaml: world\.toString: expected one of the known fields/ },
  { what: 'the key hasOwnProperty', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].hasOwnProperty = 1)) }, msg: /bad\.yaml: world\.clusters\[0\]\.hasOwnProperty: expected one of the known fields/ },
  { what: 'the key valueOf', files: { 'bad.yaml': patch((d) => (d.params = { valueOf: 1 })) }, msg: /bad\.yaml: params\.valueOf: expected one of the known fields/ },
  { what: 'the key __proto__', files: { 'bad.yaml': 'name: x\n__proto__: { polluted: 1 }\n' }, msg: /bad\.yaml: __proto__: expected one of the known fields/ },
  // -- types and ranges
  { what: 'a wrong type', files: { 'bad.yaml': patch((d) => (d.world.chains[0].complexity = 'high')) }, msg: /bad\.yaml: world\.chains\[0\]\.complexity: expected a number in \[0, 1\], got the text "high"/ },
  { what: 'a negative firm count', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].firms = -5)) }, msg: /bad\.yaml: world\.clusters\[0\]\.firms: expected an integer in \[1, 5000000\], got number -5/ },
  { what: 'a fractional firm count', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].firms = 10.5)) }, msg: /bad\.yaml: world\.clusters\[0\]\.firms: expected an integer/ },
  { what: 'a share above 1', files: { 'bad.yaml': patch((d) => (d.world.chains[0].codifiability = 1.4)) }, msg: /bad\.yaml: world\.chains\[0\]\.codifiability: expected a number in \[0, 1\], got number 1\.4/ },
  { what: 'a price of 1e308', files: { 'bad.yaml': patch((d) => (d.world.chains[0].price = 1e308)) }, msg: /bad\.yaml: world\.chains\[0\]\.price: expected a number in \[0, \d+\]/ },
  { what: 'a negative price', files: { 'bad.yaml': patch((d) => (d.world.chains[0].price = -1)) }, msg: /bad\.yaml: world\.chains\[0\]\.price: expected a number in/ },
  { what: 'a huge wage', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].wage = 1e200)) }, msg: /bad\.yaml: world\.clusters\[0\]\.wage: expected a number in/ },
  { what: 'a huge governance cost', files: { 'bad.yaml': patch((d) => (d.params = { governance: { captive: { fixed: 1e300 } } })) }, msg: /bad\.yaml: params\.governance\.captive\.fixed: expected a number in/ },
  { what: 'a tick count of 0', files: { 'bad.yaml': patch((d) => (d.ticks = 0)) }, msg: /bad\.yaml: ticks: expected an integer in \[1, 1000000\]/ },
  { what: 'a negative seed', files: { 'bad.yaml': patch((d) => (d.seed = -1)) }, msg: /bad\.yaml: seed: expected an integer in \[0, 4294967295\]/ },
  { what: 'a seed written as text', files: { 'bad.yaml': patch((d) => (d.seed = 'abc')) }, msg: /bad\.yaml: seed: expected an integer/ },
  { what: 'an unknown tick length', files: { 'bad.yaml': patch((d) => (d.tick_length = 'week')) }, msg: /bad\.yaml: tick_length: expected one of quarter, month, year/ },
  { what: 'an id with spaces', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].id = 'my cluster')) }, msg: /bad\.yaml: world\.clusters\[0\]\.id: expected an identifier/ },
  { what: 'a capability vector of the wrong length', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].capability = { mean: [0.1, 0.2, 0.3] })) }, msg: /bad\.yaml: world\.clusters\[0\]\.capability\.mean: expected a list of 4 numbers/ },
  { what: 'a capability above 1', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].capability = { mean: [0.1, 0.2, 0.3, 7] })) }, msg: /bad\.yaml: world\.clusters\[0\]\.capability\.mean\[3\] \(marketing\): expected a number in \[0, 1\]/ },
  { what: 'a list where a mapping belongs', files: { 'bad.yaml': patch((d) => (d.params = [1, 2])) }, msg: /bad\.yaml: params: expected a mapping, got a list of 2/ },
  { what: 'a mapping where a list belongs', files: { 'bad.yaml': patch((d) => (d.world.clusters = { id: 'k' })) }, msg: /bad\.yaml: world\.clusters: expected a list, got a mapping/ },
  { what: 'a boolean switch given as text', files: { 'bad.yaml': patch((d) => (d.params = { switches: { spillovers: 'yes' } })) }, msg: /bad\.yaml: params\.switches\.spillovers: expected true or false/ },
  // -- cross-references and consistency
  { what: 'a buyer naming no chain', files: { 'bad.yaml': patch((d) => (d.world.buyers[0].chain = 'shoes')) }, msg: /bad\.yaml: world\.buyers\[0\]\.chain: expected the id of a chain \(c\), got 'shoes'/ },
  { what: 'a duplicate cluster id', files: { 'bad.yaml': patch((d) => d.world.clusters.push({ ...d.world.clusters[0] })) }, msg: /bad\.yaml: world\.clusters\[1\]\.id: duplicate id 'k'/ },
  { what: 'a cluster in no known country', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].country = 'mars')) }, msg: /bad\.yaml: world\.clusters\[0\]\.country: expected the id of a country/ },
  { what: 'capacity below firms', files: { 'bad.yaml': patch((d) => (d.world.clusters[0].capacity = 10)) }, msg: /bad\.yaml: world\.clusters\[0\]\.capacity: expected 0 or at least firms \(30\), got 10/ },
  { what: 'buyers leaving before they arrive', files: { 'bad.yaml': patch((d) => Object.assign(d.world.buyers[0], { arrival: 5, exit: 3 })) }, msg: /bad\.yaml: world\.buyers\[0\]\.exit: expected a tick after arrival/ },
  { what: 'initial links naming no buyer group', files: { 'bad.yaml': patch((d) => (d.world.links = [{ buyers: 'ghost', cluster: 'k' }])) }, msg: /bad\.yaml: world\.links\[0\]\.buyers: expected the id of a buyer group/ },
  { what: 'co-operation with an unknown cluster', files: { 'bad.yaml': patch((d) => (d.world.cooperation = [{ a: 'k', b: 'zz' }])) }, msg: /bad\.yaml: world\.cooperation\[0\]\.b: expected the id of a cluster/ },
  { what: 'relocation of an unknown cluster', files: { 'bad.yaml': patch((d) => (d.world.relocation = [{ cluster: 'zz', mode: 'full' }])) }, msg: /bad\.yaml: world\.relocation\[0\]\.cluster: expected the id of a cluster/ },
  { what: 'an instrument the level does not hold', files: { 'bad.yaml': policy(1, { instrument: 'fdi' }) }, msg: /bad\.yaml: world\.policies\[0\]\.instrument: expected an instrument the regional level holds/ },
  { what: 'a regional policy over two clusters', files: { 'bad.yaml': patch((d) => { d.world.clusters.push({ id: 'k2', firms: 20 }); d.world.policies = [{ instrument: 'training', level: 'regional', clusters: ['k', 'k2'] }]; }) }, msg: /bad\.yaml: world\.policies\[0\]\.clusters: expected exactly one cluster/ },
  { what: 'a policy that ends before it starts', files: { 'bad.yaml': policy(1, { start: 5, end: 2 }) }, msg: /bad\.yaml: world\.policies\[0\]\.end: expected a tick at or after start \(5\), got 2/ },
  { what: 'a policy naming no cluster', files: { 'bad.yaml': policy(1, { clusters: ['atlantis'] }) }, msg: /bad\.yaml: world\.policies\[0\]\.clusters\[0\]: expected the id of a cluster \(k\), got 'atlantis'/ },
  { what: 'value-added shares that do not sum to 1', files: { 'bad.yaml': patch((d) => (d.params = { production: { va_buyer: [0.5, 0.5, 0.5, 0.5, 0.5] } })) }, msg: /bad\.yaml: params\.production\.va_buyer: expected/ },
  { what: 'more than 32 chains', files: { 'bad.yaml': patch((d) => (d.world.chains = Array.from({ length: 33 }, (_, i) => ({ id: i === 0 ? 'c' : `c${i}` })))) }, msg: /bad\.yaml: world\.chains: expected at most 32 chains, got 33/ },
  // -- shocks
  { what: 'a negative demand shock', files: { 'bad.yaml': patch((d) => (d.world.shocks = [{ tick: 2, kind: 'demand', chain: 'c', value: -3 }])) }, msg: /bad\.yaml: world\.shocks\[0\]\.value: expected a number in \[-1, 100\], got number -3/ },
  { what: 'a demand shock of -0.5', files: { 'bad.yaml': patch((d) => (d.world.shocks = [{ tick: 2, kind: 'demand', chain: 'c', value: -0.5 }])) }, msg: /bad\.yaml: world\.shocks\[0\]\.value: expected a multiplier > 0 for a demand shock, got -0\.5/ },
  { what: 'an exchange-rate shock of 0', files: { 'bad.yaml': patch((d) => (d.world.shocks = [{ tick: 2, kind: 'exchange_rate', country: 'home', value: 0 }])) }, msg: /bad\.yaml: world\.shocks\[0\]\.value: expected a multiplier > 0 for a exchange_rate shock/ },
  { what: 'demand shocks that compound past a factor of 1e6', files: { 'bad.yaml': patch((d) => (d.world.shocks = Array.from({ length: 4 }, (_, i) => ({ tick: i + 1, kind: 'demand', chain: 'c', value: 100 })))) }, msg: /bad\.yaml: world\.shocks\[3\]\.value: expected demand shocks whose product stays in \[1e-6, 1e6\] for c, got a product of 1\.00e\+8/ },
  { what: 'a standard shock in an unknown chain', files: { 'bad.yaml': patch((d) => (d.world.shocks = [{ tick: 2, kind: 'standard', chain: 'cars', value: 0.1 }])) }, msg: /bad\.yaml: world\.shocks\[0\]\.chain: expected the id of a chain \(c\), got 'cars'/ },
  { what: 'a buyer-exit shock of an unknown group', files: { 'bad.yaml': patch((d) => (d.world.shocks = [{ tick: 2, kind: 'buyer_exit', buyers: 'ghost' }])) }, msg: /bad\.yaml: world\.shocks\[0\]\.buyers: expected the id of a buyer group/ },
  // -- formulas: checked over every tick of the active window
  { what: 'a formula 1/0', files: { 'bad.yaml': policy('1/0') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: expected a formula that gives a finite number at every tick from 1 to 10; formula "1\/0" gives Infinity at t=1/ },
  { what: 'a formula sqrt(t-100) (complex)', files: { 'bad.yaml': policy('sqrt(t-100)') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*gives a Complex .* at t=1/ },
  { what: 'a formula log(t-t)', files: { 'bad.yaml': policy('log(t-t)') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*gives -Infinity at t=1/ },
  { what: 'a formula 1/(t-3) that fails at tick 3 only', files: { 'bad.yaml': policy('1/(t-3)') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*gives (-)?Infinity at t=3/ },
  { what: 'a formula t to 2 (unit conversion)', files: { 'bad.yaml': policy('t to 2') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*operator 'to' is not allowed/ },
  { what: 'a formula pow(10,400)', files: { 'bad.yaml': policy('pow(10,400)') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*gives Infinity/ },
  { what: 'a formula above the field maximum', files: { 'bad.yaml': policy('pow(10,300)') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: expected a formula that gives at most \d+/ },
  { what: 'a formula factorial', files: { 'bad.yaml': policy('t!') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*operator '!' is not allowed/ },
  { what: 'a 200k-term formula', files: { 'bad.yaml': policy(Array.from({ length: 200_000 }, () => 't').join('+')) }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*characters long \(at most 1000\)/ },
  { what: 'a deeply nested formula', files: { 'bad.yaml': policy(`${'('.repeat(200)}t${')'.repeat(200)}`) }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*nests brackets deeper than 40/ },
  { what: 'a long chain of unary minus', files: { 'bad.yaml': policy(`${'-'.repeat(300)}t`) }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*nests deeper than 40/ },
  { what: 'a formula with an unknown symbol', files: { 'bad.yaml': policy('x + 1') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*unknown symbol 'x'/ },
  { what: 'a formula reaching for process', files: { 'bad.yaml': policy('process.exit(1)') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*property access is not allowed/ },
  { what: 'a formula calling import', files: { 'bad.yaml': policy('import("fs")') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*unknown function 'import'/ },
  { what: 'a formula with a text constant', files: { 'bad.yaml': policy('"abc"') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*only numbers/ },
  { what: 'a formula with a matrix', files: { 'bad.yaml': policy('[1, 2]') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*not allowed/ },
  { what: 'an empty formula', files: { 'bad.yaml': policy('  ') }, msg: /bad\.yaml: world\.policies\[0\]\.intensity: .*empty formula/ },
  // -- world size, checked before allocation
  { what: '200 clusters of 5M firms', files: { 'bad.yaml': patch((d) => (d.world.clusters = Array.from({ length: 200 }, (_, i) => ({ id: `k${i}`, firms: 5_000_000 })))) }, msg: /bad\.yaml: world\.clusters: expected at most 20000000 firm slots over all clusters .*got 1500000000/ },
  { what: '100k buyers with 100k links each', files: { 'bad.yaml': patch((d) => { d.world.buyers[0].count = 100_000; d.world.links = [{ buyers: 'lead', cluster: 'k', per_buyer: 100_000 }]; }) }, msg: /bad\.yaml: world\.links\[0\]\.per_buyer: expected initial links that fit the cluster/ },
  { what: 'more than a million buyers', files: { 'bad.yaml': patch((d) => (d.world.buyers = Array.from({ length: 11 }, (_, i) => ({ id: `b${i}`, chain: 'c', count: 100_000 })))) }, msg: /bad\.yaml: world\.buyers: expected at most 1000000 buyers over all groups, got 1100000/ },
  { what: 'a world that needs too much memory', files: { 'bad.yaml': patch((d) => { d.world.clusters = [{ id: 'k', firms: 5_000_000, capacity: 10_000_000, ties: 64 }, { id: 'k2', firms: 5_000_000, capacity: 10_000_000 }]; d.params = { sourcing: { max_links: 8 } }; }) }, msg: /bad\.yaml: world\.clusters: (the world needs about [\d.]+ GiB of memory|expected at most 20000000 firm slots)/ },
  // -- variants
  { what: 'a variant whose overrides break the scenario', files: { 'bad.yaml': patch((d) => (d.variants = [{ name: 'broken', set: ['world.clusters.0.firms=-3'] }])) }, msg: /bad\.yaml: variants\[0\] \(broken\): world\.clusters\[0\]\.firms: expected an integer/ },
  { what: 'a duplicate variant', files: { 'bad.yaml': patch((d) => (d.variants = [{ name: 'a', set: [] }, { name: 'a', set: [] }])) }, msg: /bad\.yaml: variants\[1\]\.name: duplicate variant 'a'/ },
  { what: 'a variant that changes the variants', files: { 'bad.yaml': patch((d) => (d.variants = [{ name: 'a', set: ['variants.0.name=b'] }])) }, msg: /bad\.yaml: variants\[0\]\.set: a variant cannot change the variants/ },
  { what: 'a variant with a sparse list', files: { 'bad.yaml': patch((d) => (d.variants = [{ name: 'a', set: ['world.clusters.5.firms=10'] }])) }, msg: /bad\.yaml: variants\[0\] \(a\): --set world\.clusters\.5\.firms: world\.clusters has no item 5/ },
  // -- flags
  { what: 'a sparse list through --set', args: ['ok.yaml', '--set', 'world.clusters.5={id: z, firms: 10}'], msg: /ok\.yaml: --set world\.clusters\.5: world\.clusters has 1 item\(s\); expected an index of at most 1/ },
  { what: 'a --set index with a leading zero', args: ['ok.yaml', '--set', 'world.clusters.01.firms=5'], msg: /ok\.yaml: --set world\.clusters\.01\.firms: no such field/ },
  { what: 'a --set value with a YAML tag', args: ['ok.yaml', '--set', 'name=!!binary aGVsbG8='], msg: /ok\.yaml: --set name: cannot read the value .*no tags/ },
  { what: 'a YAML tag in the file', files: { 'bad.yaml': 'name: !foo bar\n' }, msg: /bad\.yaml: malformed YAML.*tag/i },
  { what: 'a !!binary value in the file', files: { 'bad.yaml': 'name: !!binary aGVsbG8=\n' }, msg: /bad\.yaml: malformed YAML: the tag .*binary is not allowed/ },
  { what: 'a UTF-16 file', files: { 'bad.yaml': Buffer.from('\ufeffname: x\n', 'utf16le') }, msg: /bad\.yaml: expected UTF-8 text \(the file looks like UTF-16 or binary/ },
  { what: 'an empty top-level key', files: { 'bad.yaml': 'name: x\n~: 2\n' }, msg: /bad\.yaml: \(an empty key\): expected one of the known fields/ },
  { what: 'a --set through __proto__', args: ['ok.yaml', '--set', '__proto__.polluted=1'], msg: /ok\.yaml: --set __proto__\.polluted: no such field/ },
  { what: 'a --set of constructor', args: ['ok.yaml', '--set', 'world.constructor=1'], msg: /ok\.yaml: --set world\.constructor: no such field/ },
  { what: 'a --set of an unknown parameter', args: ['ok.yaml', '--set', 'params.learning.nope=1'], msg: /ok\.yaml: --set params\.learning\.nope: no such field/ },
  { what: 'a --set of a parameter removed in 0.6.0', args: ['ok.yaml', '--set', 'params.sourcing.price_weight=4'], msg: /ok\.yaml: --set params\.sourcing\.price_weight: a field removed in 0\.6\.0 \(buyers now compare suppliers/ },
  { what: 'a parameter removed in 0.6.0, in the file', files: { 'bad.yaml': patch((d) => (d.params = { production: { erosion: 0.5 } })) }, msg: /bad\.yaml: params\.production\.erosion: expected a current field \(rent erosion is now/ },
  { what: 'the FDI buyer count removed with FDI lead firms', files: { 'bad.yaml': patch((d) => (d.params = { policy: { fdi_buyers: 2 } })) }, msg: /bad\.yaml: params\.policy\.fdi_buyers: expected a current field \(an FDI programme now brings round\(intensity\) foreign lead firms/ },
  { what: 'the brand gain removed with own brand as an investment', files: { 'bad.yaml': patch((d) => (d.params = { firms: { brand_gain: 0.05 } })) }, msg: /bad\.yaml: params\.firms\.brand_gain: expected a current field \(an own brand is now an investment .*params\.firms\.brand_cost/ },
  { what: 'a --set of the removed brand gain', args: ['ok.yaml', '--set', 'params.firms.brand_gain=0.05'], msg: /ok\.yaml: --set params\.firms\.brand_gain: a field removed in 0\.6\.0 \(an own brand is now an investment .*params\.firms\.brand_cost/ },
  { what: 'an FDI local-content share above 1', files: { 'bad.yaml': patch((d) => (d.params = { policy: { fdi_local_share: 1.5 } })) }, msg: /bad\.yaml: params\.policy\.fdi_local_share: expected a number in \[0, 1\]/ },
  { what: 'an FDI capability above 1', files: { 'bad.yaml': patch((d) => (d.params = { policy: { fdi_capability: [0.7, 0.7, 0.5, 2] } })) }, msg: /bad\.yaml: params\.policy\.fdi_capability\[3\] \(marketing\): expected a number in \[0, 1\]/ },
  { what: 'a negative contract age half', files: { 'bad.yaml': patch((d) => (d.params = { learning: { contract_age_half: -1 } })) }, msg: /bad\.yaml: params\.learning\.contract_age_half: expected a number in/ },
  { what: 'a --set value out of range', args: ['ok.yaml', '--set', 'params.learning.depreciation=2'], msg: /ok\.yaml: params\.learning\.depreciation: expected a number in \[0, 1\], got number 2/ },
  { what: 'a --set without =', args: ['ok.yaml', '--set', 'params.learning.depreciation'], msg: /ok\.yaml: --set params\.learning\.depreciation: expected path=value/ },
  { what: 'a --set of a price of 1e308', args: ['ok.yaml', '--set', 'world.chains.0.price=1e308'], msg: /ok\.yaml: world\.chains\[0\]\.price: expected a number in/ },
  { what: 'a --set of a deeply nested value', args: ['ok.yaml', '--set', `params.switches=${'['.repeat(60)}${']'.repeat(60)}`], msg: /ok\.yaml: --set params\.switches: the value is nested deeper than 32 levels/ },
  { what: 'an unknown --variant', args: ['ok.yaml', '--variant', 'nope'], msg: /ok\.yaml: --variant: expected one of the scenario's variants \(none defined\), got 'nope'/ },
  { what: 'an empty scenario argument', args: [''], msg: /expected a scenario file or the name of a shipped scenario, got an empty text/ },
  { what: 'two scenario arguments', args: ['ok.yaml', 'ok.yaml'], msg: /expected one scenario file or name/ },
  { what: 'no scenario argument', args: [], msg: /expected one scenario file or name/ },
  { what: 'an unknown option', args: ['ok.yaml', '--colour'], msg: /Unknown option '--colour'/ },
  { what: 'a bad --seed', args: ['ok.yaml', '--seed', 'abc'], cmds: ['run'], msg: /--seed: expected an integer in \[0, 4294967295\], got "abc"/ },
  { what: 'a negative --seed', args: ['ok.yaml', '--seed=-1'], cmds: ['run'], msg: /--seed: expected an integer/ },
  { what: 'a --ticks of 1e12', args: ['ok.yaml', '--ticks', '1000000000000'], cmds: ['run'], msg: /--ticks: expected an integer in \[1, 1000000\]/ },
  { what: 'a --ticks of 0', args: ['ok.yaml', '--ticks', '0'], cmds: ['run'], msg: /--ticks: expected an integer in \[1, 1000000\]/ },
  // -- output paths
  { what: "--out ''", args: ['ok.yaml', '--out', ''], cmds: ['run'], msg: /--out: expected a folder path, got an empty text/ },
  { what: '--out under a file', files: { 'file.txt': 'x' }, args: ['ok.yaml', '--out', 'file.txt/sub'], cmds: ['run'], msg: /file\.txt\/sub: cannot (create|look at|read).*(not a folder|a file)/ },
  { what: '--out in /proc', args: ['ok.yaml', '--out', '/proc/gvcsim-x'], cmds: ['run'], msg: /\/proc\/gvcsim-x: cannot .*\(/ },
  { what: '--out the current folder', args: ['ok.yaml', '--out', '.', '--force'], cmds: ['run'], msg: /\.: cannot be the output folder: it is the current folder/ },
  { what: "--out the current folder's parent", args: ['ok.yaml', '--out', '..', '--force'], cmds: ['run'], msg: /\.\.: cannot be the output folder: it is an ancestor of the current folder/ },
  { what: "--out the scenario's folder", files: { 'sc/s.yaml': patch(() => {}) }, args: ['sc/s.yaml', '--out', 'sc', '--force'], cmds: ['run'], msg: /sc: cannot be the output folder: it is the scenario's folder/ },
  { what: '--out a folder of user files', args: ['ok.yaml', '--out', 'thesis'], cmds: ['run'], msg: /thesis: already holds files; choose another --out/ },
  { what: '--out a folder of user files with --force', args: ['ok.yaml', '--out', 'thesis', '--force'], cmds: ['run'], msg: /thesis: --force replaces only a folder gvcsim wrote, and this one holds 'chapter1\.txt'/ },
  { what: '--out an existing file', files: { 'out.csv': 'a,b\n' }, args: ['ok.yaml', '--out', 'out.csv', '--force'], cmds: ['run'], msg: /out\.csv: exists and is not a folder/ },
  { what: '--out a fake run folder with --force', files: { 'fake/manifest.json': '{"not": "gvcsim"}', 'fake/ticks.csv': 'x' }, args: ['ok.yaml', '--out', 'fake', '--force'], cmds: ['run'], msg: /fake: --force replaces only a folder gvcsim wrote, and this one holds a manifest\.json that gvcsim did not write/ },
];

/** Other commands: list, verify, compare and unknown commands. */
const other: { what: string; files?: Record<string, string>; args: string[]; msg: RegExp }[] = [
  { what: 'list of a missing folder', args: ['list', 'nonexistent'], msg: /list: nonexistent: expected a folder of scenario files \(no such folder\)/ },
  { what: 'list of a file', args: ['list', 'ok.yaml'], msg: /list: ok\.yaml: expected a folder of scenario files, got a file/ },
  { what: 'list of a folder with a broken scenario', files: { 'lst/a.yaml': patch(() => {}), 'lst/b.yaml': 'name: [' }, args: ['list', 'lst'], msg: /lst\/b\.yaml: malformed YAML/ },
  { what: 'verify of a missing folder', args: ['verify', 'nope'], msg: /nope: no such folder/ },
  { what: 'verify of a folder without a manifest', args: ['verify', 'thesis'], msg: /thesis: no manifest\.json \(not a gvcsim run folder\?\)/ },
  { what: 'verify of a manifest that is null', files: { 'run/manifest.json': 'null' }, args: ['verify', 'run'], msg: /run\/manifest\.json: expected a JSON object \(a gvcsim manifest\), got null/ },
  { what: 'verify of a manifest that is a list', files: { 'run/manifest.json': '[1]' }, args: ['verify', 'run'], msg: /run\/manifest\.json: expected a JSON object .*got a list/ },
  { what: 'verify of a manifest that is not JSON', files: { 'run/manifest.json': '{oops' }, args: ['verify', 'run'], msg: /run\/manifest\.json: not valid JSON/ },
  { what: 'verify of a manifest without a version', files: { 'run/manifest.json': '{"seed": 1}' }, args: ['verify', 'run'], msg: /run\/manifest\.json: gvcsim: expected the version that wrote the run/ },
  { what: 'verify of a file', args: ['verify', 'ok.yaml'], msg: /ok\.yaml: not a folder/ },
  { what: 'compare with a window from 4 to 1', args: ['compare', 'ok.yaml', '--variant', 'v', '--from', '4', '--to', '1'], files: { 'ok.yaml': patch((d) => (d.variants = [{ name: 'v', set: ['params.learning.depreciation=0.02'] }])) }, msg: /--from.*--to|--to.*--from/ },
  { what: 'compare with a window past the horizon', args: ['compare', 'ok.yaml', '--variant', 'v', '--to', '500'], files: { 'ok.yaml': patch((d) => (d.variants = [{ name: 'v', set: ['params.learning.depreciation=0.02'] }])) }, msg: /--to/ },
  { what: 'compare without --variant', args: ['compare', 'ok.yaml'], msg: /compare: --variant NAME is required/ },
  { what: 'compare of a non-numeric column', args: ['compare', 'ok.yaml', '--variant', 'v', '--column', 'colour'], files: { 'ok.yaml': patch((d) => (d.variants = [{ name: 'v', set: [] }])) }, msg: /--column: expected a numeric ticks\.csv column, got 'colour'/ },
  { what: 'an unknown command', args: ['frobnicate'], msg: /unknown command 'frobnicate'/ },
  { what: 'an empty command', args: [''], msg: /unknown command ''/ },
];

function folder(files: Record<string, string | Buffer> = {}): string {
  const dir = tempDir('gvcsim-corpus-');
  const all: Record<string, string | Buffer> = { 'ok.yaml': patch(() => {}), 'thesis/chapter1.txt': 'my thesis', ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function expectOneCleanLine(r: { code: number; stdout: string; stderr: string }, msg: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('gvcsim: error: '));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|Error: /);
  // everything else on stderr is a warning or a note on which scenario was used
  for (const l of r.stderr.split('\n').filter((x) => x && !x.startsWith('gvcsim: error: '))) expect(l).toMatch(/^gvcsim: (warning: |scenario ')/);
}

describe.concurrent('the bad-input corpus: exit 2, one line naming the field, nothing written or deleted', () => {
  it('holds at least 80 cases', () => {
    expect(cases.length + other.length).toBeGreaterThanOrEqual(80);
  });
  for (const c of cases) {
    for (const cmd of c.cmds ?? (['validate', 'run'] as const)) {
      it(`${cmd}: ${c.what}`, async () => {
        const dir = folder(c.files);
        const before = snapshot(dir);
        const args = c.args ?? [c.files && Object.keys(c.files).find((f) => /\.(ya?ml|json)$/.test(f)) ? Object.keys(c.files).find((f) => /\.(ya?ml|json)$/.test(f))! : 'bad.yaml'];
        const outArgs = cmd === 'run' && !args.includes('--out') ? ['--out', 'results/out'] : [];
        const r = await cli([cmd, ...args, ...outArgs], dir);
        expectOneCleanLine(r, c.msg);
        expect(snapshot(dir)).toEqual(before);
      });
    }
  }
  for (const c of other) {
    it(c.what, async () => {
      const dir = folder(c.files);
      const before = snapshot(dir);
      const r = await cli(c.args, dir);
      expectOneCleanLine(r, c.msg);
      expect(snapshot(dir)).toEqual(before);
    });
  }
});

describe('warnings, not errors', () => {
  it('a shock or policy after the horizon is a warning on stderr; the run goes on', async () => {
    const dir = folder({
      'late.yaml': patch((d) => {
        d.world.shocks = [{ tick: 50, kind: 'demand', chain: 'c', value: 0.5 }];
        d.world.policies = [{ instrument: 'training', level: 'regional', clusters: ['k'], start: 40 }];
      }),
    });
    const v = await cli(['validate', 'late.yaml'], dir);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/gvcsim: warning: late\.yaml: world\.shocks\[0\]\.tick: tick 50 is after the horizon \(10 ticks\); the shock never happens/);
    expect(v.stderr).toMatch(/gvcsim: warning: late\.yaml: world\.policies\[0\]\.start: tick 40 is after the horizon/);
    const r = await cli(['run', 'late.yaml', '--out', 'res', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*world\.shocks\[0\]\.tick/);
    expect(readdirSync(join(dir, 'res')).sort()).toEqual(['events.csv', 'manifest.json', 'ticks.csv']);
  });
  it('a closed pipe (gvcsim list | head -1) ends quietly', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers.js');
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [CLI, 'list'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      p.stdout.once('data', () => p.stdout.destroy());
      p.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
