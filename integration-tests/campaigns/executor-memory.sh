#!/usr/bin/env bash
# Executor-memory campaign (issue 17): jobs whose executors get too little memory on the standalone
# cluster of cluster/, end to end through cluster/submit.sh.
#
#   integration-tests/campaigns/executor-memory.sh [--cases "floor big"] [--work DIR]
#
# Cases:
#   floor  the digits job with --executor-memory 400m, under Spark's 450 MiB minimum;
#   big    the digits job with a 400,000-unit layer (30 M parameters; each worker holds them with
#          their gradients and Adam's two moments) on executors of 512m, the driver given 2g so
#          that it is the executors, not the driver, that run out.
# Each must exit 6 with, last, one line "error: out of memory ..." (or Spark's refusal) naming
# spark.executor.memory, and no uncaught stack ("Exception in thread"). Prints one line per case
# and exits 1 if one failed. The cluster uses ports of its own (SPARKTRAIN_MASTER_PORT, 17477, and
# SPARKTRAIN_MASTER_UI_PORT, 18480, by default) and two workers of one core and 1g.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cases="floor big"
work="${TMPDIR:-/tmp}/sparktrain-executor-memory-campaign"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: $0 [--cases \"floor big\"] [--work DIR]" >&2; exit 2 ;;
  esac
done
rm -rf "$work"
mkdir -p "$work"
spec="$work/digits-memory.yaml"
sed 's/^name: .*/name: digits-memory/; s/epochs: 6/epochs: 2/' "$root/conf/optimizers/adam.yaml" \
  > "$spec"
sed 's/^name: .*/name: digits-too-big/; s/units: 64/units: 400000/' "$spec" > "$work/digits-too-big.yaml"

export SPARKTRAIN_MASTER_PORT="${SPARKTRAIN_MASTER_PORT:-17477}"
export SPARKTRAIN_MASTER_UI_PORT="${SPARKTRAIN_MASTER_UI_PORT:-18480}"
export SPARKTRAIN_MASTER="spark://127.0.0.1:$SPARKTRAIN_MASTER_PORT"
export SPARKTRAIN_DAEMON_MEMORY="${SPARKTRAIN_DAEMON_MEMORY:-256m}"
trap '"$root/cluster/stop-local-cluster.sh" > /dev/null' EXIT
"$root/cluster/start-local-cluster.sh" 2 --memory 1g > "$work/cluster.log" 2>&1 \
  || { cat "$work/cluster.log" >&2; exit 1; }
sed -n 's/^\(master up\|[0-9]* workers registered\)/cluster: &/p' "$work/cluster.log"

failures=0
for name in $cases; do
  case "$name" in
    floor) job="$spec" memory=400m driver=768m ;;
    big) job="$work/digits-too-big.yaml" memory=512m driver=2g ;;
    *) echo "unknown case $name" >&2; exit 2 ;;
  esac
  log="$work/$name.log"
  start=$(date +%s)
  code=0
  SPARKTRAIN_DRIVER_MEMORY="$driver" "$root/cluster/submit.sh" --executor-memory "$memory" -- \
    train "$job" --runs-dir "$work/runs-$name" > "$log" 2>&1 || code=$?
  seconds=$(( $(date +%s) - start ))
  last="$(grep -v '^\s*$' "$log" | tail -n 1)"
  if [[ $code -ne 6 ]]; then
    verdict="FAIL: exit $code, see $log"
  elif [[ "$last" != error:* || "$last" != *spark.executor.memory* ]]; then
    verdict="FAIL: the last line does not name spark.executor.memory"
  elif grep -q '^Exception in thread' "$log"; then
    verdict="FAIL: an uncaught stack in $log"
  else
    verdict=ok
  fi
  [[ "$verdict" == ok ]] || failures=$((failures + 1))
  printf '%-6s executor memory %-5s exit %s  %4ss  %s\n       %s\n' "$name" "$memory" "$code" \
    "$seconds" "$verdict" "${last:0:300}"
done
echo "failed cases: $failures"
(( failures == 0 ))
