#!/usr/bin/env bash
# End-to-end: the packed package installs into another project, and there
# `gvcsim run baseline` finds the shipped scenario, `verify` reproduces it,
# `--version` answers, and `import 'gvcsim'` works. Called by .ci/run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/gvcsim-e2e-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$root"
npm pack --silent --pack-destination "$work" >/dev/null
mkdir "$work/proj"
cd "$work/proj"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "$work"/gvcsim-*.tgz >/dev/null 2>&1
npx --no-install gvcsim --version
npx --no-install gvcsim run baseline --ticks 3 --out runs/b --quiet 2>/dev/null
npx --no-install gvcsim run baseline.yaml --ticks 3 --out runs/c --quiet 2>/dev/null
npx --no-install gvcsim verify runs/b
cmp runs/b/ticks.csv runs/c/ticks.csv
node --input-type=module -e "import { Simulation, baselineScenario } from 'gvcsim'; const s = new Simulation(baselineScenario(), { ticks: 2 }); s.run(); console.log('library ok, tick', s.tick);"
echo "e2e install: ok"
