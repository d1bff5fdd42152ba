#!/usr/bin/env bash
# End-to-end: a sweep runs unchanged under a real scheduler. On a one-node
# Slurm cluster started here, experiments/slurm/sweep-array.sbatch (the file
# users get) runs a small experiment as a 3-task job array, one shard per
# task; `gvcsim merge` of the shards must give runs.csv and summary.csv
# byte-identical to a local `gvcsim sweep --workers 1`; re-submitting the
# array must find every shard complete (the resume path). Called by .ci/run.
#
# Needs root when Slurm is not installed or not running: installs slurm-wlm
# and munge with apt-get if sbatch is missing, and starts munged, slurmctld
# and slurmd with a configuration in a temporary folder (/etc/slurm is not
# touched). A cluster already running (slurmctld up) is used as it is, and
# daemons that were running before are never stopped; the ones started here
# are stopped by process id on exit.
set -eEuo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
gvcsim=(node "$root/dist/cli/main.js")
# the array script reads these: use its defaults, not a caller's
unset GVCSIM SHARDS
SECONDS=0
shards=3
work="$(mktemp -d "${TMPDIR:-/tmp}/gvcsim-e2e-slurm-XXXXXX")"
chmod 755 "$work"
started=()   # "name:pid" of the daemons started here, in start order
jobs_submitted=()
submit_pid=""   # a sbatch --wait under way
job_out=""

say() { echo "e2e slurm: [${SECONDS}s] $*" >&2; }

# the Slurm job's output files and the daemons' logs, for a failure message
dump() {
  local f
  for f in "$work"/slurm-*.out; do
    [ -e "$f" ] || continue
    echo "----- Slurm job output $(basename "$f") -----" >&2
    cat "$f" >&2
  done
  if [ -n "$job_out" ] && [ -s "$job_out" ]; then
    echo "----- sbatch -----" >&2
    cat "$job_out" >&2
  fi
  for f in slurmctld slurmd; do
    f="$work/slurm/$f.log"
    [ -s "$f" ] || f="${f%.log}.stderr"   # the log, or what the daemon said before it had one
    [ -s "$f" ] || continue
    echo "----- $(basename "$f") (last 12 lines) -----" >&2
    tail -n 12 "$f" >&2
  done
}

fail() {
  say "FAILED: $*"
  dump
  exit 1
}
trap 'rc=$?; say "FAILED: line $LINENO: $BASH_COMMAND (exit $rc)"; dump; exit $rc' ERR

cleanup() {
  local rc=$? i name pid
  trap - ERR
  set +e
  for i in "${jobs_submitted[@]+"${jobs_submitted[@]}"}"; do scancel "$i" >/dev/null 2>&1; done
  [ -n "$submit_pid" ] && kill "$submit_pid" 2>/dev/null
  # stop in reverse start order: slurmd, slurmctld, munged
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    name="${started[$i]%%:*}"
    pid="${started[$i]#*:}"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name (pid $pid) did not stop in 10 s; killing it"
      kill -9 "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM

running() { pgrep -x "$1" >/dev/null 2>&1; }

# --- Slurm and munge installed ------------------------------------------------
if ! command -v sbatch >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || fail "sbatch is missing and there is no apt-get here: install Slurm (slurm-wlm) and munge, then run this again"
  [ "$(id -u)" = 0 ] || fail "sbatch is missing: run as root so that apt-get can install slurm-wlm and munge"
  say "installing slurm-wlm and munge with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log" >&2; fail "apt-get update failed: is the Debian package registry reachable from here? (log above)"; }
  if ! apt-get install -y -q --no-install-recommends slurm-wlm munge >>"$work/apt.log" 2>&1; then
    tail -n 20 "$work/apt.log" >&2
    fail "apt-get install slurm-wlm munge failed: is the Debian package registry reachable from here? (log above)"
  fi
  command -v sbatch >/dev/null 2>&1 || fail "apt-get installed slurm-wlm but there is still no sbatch on PATH"
fi

# --- a one-node cluster --------------------------------------------------------
if running slurmctld; then
  say "slurmctld is already running: using that cluster as it is (its configuration, its daemons)"
else
  running slurmd && fail "a slurmd is running (pid $(pgrep -x slurmd | head -n1)) but no slurmctld: stop it, or start its slurmctld, and run this again"
  [ "$(id -u)" = 0 ] || fail "no Slurm cluster is running: run as root to start a one-node cluster"
  for cmd in munged slurmctld slurmd; do command -v "$cmd" >/dev/null 2>&1 || fail "$cmd is not installed (apt-get install slurm-wlm munge)"; done

  if ! running munged; then
    mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
    if [ ! -s /etc/munge/munge.key ]; then
      if command -v mungekey >/dev/null 2>&1; then mungekey --create --keyfile=/etc/munge/munge.key; else dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none; fi
    fi
    chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
    chmod 400 /etc/munge/munge.key
    rm -f /run/munge/munged.pid
    runuser -u munge -- munged 2>"$work/munged.stderr" || fail "munged did not start: $(cat "$work/munged.stderr")"
    for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
    [ -s /run/munge/munged.pid ] || fail "munged started but wrote no /run/munge/munged.pid"
    started+=("munged:$(cat /run/munge/munged.pid)")
  fi
  munge -n | unmunge >/dev/null || fail "munge does not work (munge -n | unmunge)"

  host="$(hostname -s)"
  cpus="$(nproc)"
  s="$work/slurm"
  mkdir -p "$s/state" "$s/spool"
  cat >"$s/slurm.conf" <<CONF
ClusterName=gvcsim-e2e
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldLogFile=$s/slurmctld.log
SlurmdLogFile=$s/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MinJobAge=5
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=e2e Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  # 127.0.0.1: the host name need not resolve. CR_CPU: tasks share the node
  # by CPU (no memory accounting, which would run one task at a time).
  # MinJobAge=5: sbatch --wait polls every 2 s instead of backing off to
  # 32 s. The daemons and every Slurm command below read this file, not
  # /etc/slurm.
  export SLURM_CONF="$s/slurm.conf"
  slurmctld -D >"$s/slurmctld.stderr" 2>&1 &
  started+=("slurmctld:$!")
  sleep 1
  kill -0 "$!" 2>/dev/null || fail "slurmctld exited at once"
  slurmd -D >"$s/slurmd.stderr" 2>&1 &
  started+=("slurmd:$!")
fi

say "waiting for an idle node"
state=""
for _ in $(seq 60); do
  state="$(sinfo -h -o '%t' 2>/dev/null | tr '\n' ' ' || true)"
  case " $state" in *" idle"* | *" mix"*) break ;; esac   # mix: a node of a running cluster with free CPUs
  sleep 1
done
case " $state" in
  *" idle"* | *" mix"*) ;;
  *) fail "no idle Slurm node after 60 s; sinfo says: $(sinfo 2>&1 | tr '\n' ' ' || true)$([ -n "${SLURM_CONF:-}" ] || echo "(a cluster of another configuration? set SLURM_CONF to its slurm.conf)")" ;;
esac

# --- a small experiment, as a 3-task array and locally -------------------------
cat >"$work/e2e.yaml" <<'YAML'
name: e2e-slurm
scenario: baseline
seed: 11
ticks: 10
replicates: 2
factors:
  - path: params.learning.depreciation
    range: [0.005, 0.04]
  - path: params.governance.clamp
    choices: [none, captive]
design:
  kind: lhs
  samples: 9
outcomes:
  - name: cap
    column: cap_process
    cluster: valley
    stat: mean
  - name: exits
    event: exit
    stat: sum
YAML

# A project folder as `npm install gvcsim` leaves it: node_modules/.bin/gvcsim
# (here a shim for this checkout), which the array script runs by default.
mkdir -p "$work/proj/node_modules/.bin"
printf '#!/bin/sh\nexec node "%s/dist/cli/main.js" "$@"\n' "$root" >"$work/proj/node_modules/.bin/gvcsim"
chmod +x "$work/proj/node_modules/.bin/gvcsim"

# submit NAME FOLDER: the shipped array script as a $shards-task array from
# FOLDER, and wait for it; sets job_id (not in a subshell, so that fail and
# the cleanup work)
job_id=""
submit() {
  job_out="$work/sbatch-$1.txt"
  timeout 150 sbatch --wait --array=0-$((shards - 1)) --cpus-per-task=1 --time=10:00 \
    --job-name="gvcsim-e2e-$1" --chdir="$2" --output="$work/slurm-%A_%a.out" \
    --export=ALL,EXPERIMENT="$work/e2e.yaml",OUT="$work/shards" \
    "$root/experiments/slurm/sweep-array.sbatch" >"$job_out" 2>&1 &
  submit_pid=$!
  local pid=$! rc=0 id=""
  for _ in $(seq 100); do
    id="$(sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p' "$job_out")"
    [ -n "$id" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$id" ] && jobs_submitted+=("$id")
  wait "$pid" || rc=$?
  submit_pid=""
  [ "$rc" = 124 ] && fail "the Slurm array job ${id:-?} did not finish in 150 s"
  [ "$rc" = 0 ] || fail "the Slurm array job ${id:-?} failed (sbatch --wait exit $rc)"
  [ -n "$id" ] || fail "sbatch printed no job id"
  jobs_submitted=()
  job_id="$id"
}

say "submitting a $shards-task array job"
submit first "$work/proj"
id1="$job_id"
"${gvcsim[@]}" sweep "$work/e2e.yaml" --workers 1 --out "$work/local" --quiet
runs=$(($(wc -l <"$work/local/runs.csv") - 1))

for ((i = 0; i < shards; i++)); do
  d="$work/shards/shard-$i-of-$shards"
  f="$work/slurm-${id1}_$i.out"
  [ -s "$d/manifest.json" ] || fail "task $i wrote no $d/manifest.json"
  grep -q "shard $i of $shards .*: node_modules/.bin/gvcsim\$" "$f" || fail "task $i did not run shard $i of $shards with node_modules/.bin/gvcsim ($f)"
  node -e 'const m = require(process.argv[1]); const [i, n] = process.argv.slice(2).map(Number);
    if (!m.shard || m.shard.index !== i || m.shard.count !== n) { console.error(`manifest shard is ${JSON.stringify(m.shard)}, expected ${i}/${n}`); process.exit(1); }' \
    "$d/manifest.json" "$i" "$shards" || fail "task $i: wrong shard in $d/manifest.json"
done

"${gvcsim[@]}" merge "$work"/shards/shard-*-of-$shards --out "$work/merged" --quiet || fail "gvcsim merge of the $shards shards failed"
for f in runs.csv summary.csv; do
  cmp "$work/merged/$f" "$work/local/$f" || fail "merged $f differs from the local --workers 1 sweep's"
done
[ "$runs" = 18 ] || fail "the local sweep has $runs runs, expected 18 (9 design points x 2 replicates)"

# resume: the same array again finds every shard complete and changes
# nothing; submitted from the repository folder, where the array script
# falls back to npx --no-install gvcsim (unless a gvcsim is on PATH), which
# finds this checkout's gvcsim
say "re-submitting the same array (resume)"
submit again "$root"
id2="$job_id"
for ((i = 0; i < shards; i++)); do
  f="$work/slurm-${id2}_$i.out"
  grep -q "shard $i of $shards" "$f" || fail "re-submitted task $i did not run shard $i of $shards ($f)"
  grep -q "already holds this sweep, complete" "$f" || fail "re-submitted task $i did not find its shard complete ($f)"
done
rm -rf "$work/merged"
"${gvcsim[@]}" merge "$work"/shards/shard-*-of-$shards --out "$work/merged" --quiet
cmp "$work/merged/runs.csv" "$work/local/runs.csv" || fail "after re-submitting, merged runs.csv differs"

echo "e2e slurm: ok ($runs runs, $shards shards, merged = local) in ${SECONDS}s"
