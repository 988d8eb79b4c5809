#!/usr/bin/env bash
# Kill campaign (issue 17): a small job SIGKILLed at random points, then resumed, with a table.
#
#   integration-tests/campaigns/kill.sh [--driver-kills N] [--executor-kills M] [--spec FILE]
#                                       [--work DIR] [--seed S] [--table-only]
#
# Driver kills (local mode, default 14): each run of the job is SIGKILLed, launcher and JVM
# together, at a point drawn uniformly from (1 s, an uninterrupted run's wall time), then the same
# command is run again. The resumed run's final parameters and updater state (model.zip's
# coefficients.bin and updaterState.bin) must be bit-identical to the uninterrupted run's: every
# random stream derives from the seed, epoch, round and partition.
#
# Executor kills (default 6): on the standalone cluster of cluster/ (its own ports, two workers of
# one core), one executor JVM of the running job is SIGKILLed at a random point of its training;
# Spark retries the stage on a fresh executor. The job must end with exit 0 and a test accuracy
# within 0.5 % of an undisturbed cluster run's. Needs jobs/target/sparktrain.jar (mvn package).
#
# Prints one line per run and a table; exits 1 if any run failed its check. Time lost is the wall
# time of the killed attempt plus its resumption, less the uninterrupted run's.
#
# Small heaps, so that the campaign fits a shared machine (each overridable from the environment):
# the local driver SPARKTRAIN_JAVA_OPTS=-Xmx1g, the cluster's driver SPARKTRAIN_DRIVER_MEMORY=768m,
# its master and workers SPARKTRAIN_DAEMON_MEMORY=256m, each executor KILL_EXECUTOR_MEMORY=768m.
# The digits job needs far less; Spark itself refuses a heap under 450 MiB.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
driver_kills=14 executor_kills=6 seed=20261202 table_only=0
spec="$root/conf/optimizers/adam.yaml"
work="${TMPDIR:-/tmp}/sparktrain-kill-campaign"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --driver-kills) driver_kills="$2"; shift 2 ;;
    --executor-kills) executor_kills="$2"; shift 2 ;;
    --spec) spec="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    # The table of a campaign stopped early, from its --work directory's results.
    --table-only) table_only=1; shift ;;
    *) echo "usage: $0 [--driver-kills N] [--executor-kills M] [--spec FILE] [--work DIR]" \
         "[--seed S] [--table-only]" >&2; exit 2 ;;
  esac
done
results="$work/results.tsv"
export SPARKTRAIN_JAVA_OPTS="${SPARKTRAIN_JAVA_OPTS:--Xmx1g}"
export SPARKTRAIN_DRIVER_MEMORY="${SPARKTRAIN_DRIVER_MEMORY:-768m}"
export SPARKTRAIN_DAEMON_MEMORY="${SPARKTRAIN_DAEMON_MEMORY:-256m}"
executor_memory="${KILL_EXECUTOR_MEMORY:-768m}"
table() {
  echo
  # A run whose kill found nothing to kill (no executor left, or the job already done) checked
  # only an undisturbed run: it is counted, but apart from the kills that landed.
  echo "| kill | runs | kills that landed | checked | failures | time lost per run (mean, max) |"
  echo "|---|---|---|---|---|---|"
  for kind in driver executor; do
    [[ $kind == driver ]] && checked="final parameters and updater state bit-identical" \
      || checked="exit 0, test accuracy within 0.5 %"
    awk -F'\t' -v kind="$kind" -v checked="$checked" '$1 == kind {
        n++; if ($6 != "ok") f++; s += $5; if ($5 > m || n == 1) m = $5
        if ($4 !~ /^no executor|finished before the kill/) landed++ }
      END { if (n) printf "| %s | %d | %d | %s | %d | %.0f s, %d s |\n", kind, n, landed,
        checked, f, s / n, m }' "$results"
  done
  ! grep -q $'\tFAIL\t' "$results"
}
if (( table_only )); then
  table
  exit
fi
rm -rf "$work"
mkdir -p "$work"
RANDOM=$seed
job="$(sed -n 's/^name: *//p' "$spec" | head -1)"
: > "$results"

calc() { awk "BEGIN { print $* }"; }
now() { date +%s.%N; }
elapsed() { calc "$(now) - $1"; }
# A random delay in (1, limit) seconds, to 0.1 s, from the campaign's seeded stream.
# A limit under 2 s (a span measured at one load, used at a higher one) draws from (1, 2).
random_delay() {
  awk -v r="$(( (RANDOM * 32768 + RANDOM) % 1000000 ))" -v limit="$1" \
    'BEGIN { if (limit < 2) limit = 2; printf "%.1f", 1 + r / 1000000 * (limit - 1) }'
}

# The finished run of the job under a runs directory (a run killed before its first checkpoint
# leaves an unfinished directory beside it).
finished_run() {
  grep -l '"status" : "finished"' "$1/$job"/*/run.json 2>/dev/null | head -1 | xargs -r dirname
}
# SHA-256 of the parameters and updater state a run ended with.
# (python3's zipfile: unzip is not on every CI image.)
state_digest() {
  python3 -c 'import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(hashlib.sha256(z.read("coefficients.bin") + z.read("updaterState.bin")).hexdigest()[:16])' \
    "$1/model.zip"
}
accuracy() { sed -n 's/^ *"testAccuracy" : \([0-9.]*\).*/\1/p' "$1/run.json"; }
record() { # kind, number, kill point, resumed from, seconds lost, verdict, detail
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"
  printf '%-8s %3s  killed at %6ss  %-22s  lost %6ss  %s  %s\n' "$@"
}

# --- executor kills, standalone cluster ---------------------------------------------------------
# First: they need the cluster, whose start is the likelier failure on a loaded machine.
if (( executor_kills > 0 )); then
  # Ports of its own, overridable so that two campaigns on one machine do not collide.
  export SPARKTRAIN_MASTER_PORT="${SPARKTRAIN_MASTER_PORT:-17277}"
  export SPARKTRAIN_MASTER_UI_PORT="${SPARKTRAIN_MASTER_UI_PORT:-18280}"
  export SPARKTRAIN_MASTER="spark://127.0.0.1:$SPARKTRAIN_MASTER_PORT"
  # The start script polls for the master and the workers (SPARKTRAIN_CLUSTER_START_TIMEOUT, 180 s
  # by default) and, when it gives up, says which daemon and why.
  trap '"$root/cluster/stop-local-cluster.sh" > /dev/null' EXIT
  "$root/cluster/start-local-cluster.sh" 2 --memory 1g > "$work/cluster.log" 2>&1 \
    || { cat "$work/cluster.log" >&2; table; exit 1; }
  sed -n 's/^\(master up\|[0-9]* workers registered\)/cluster: &/p' "$work/cluster.log"
  submit() { # runs dir, log
    "$root/cluster/submit.sh" --executor-memory "$executor_memory" -- \
      train "$spec" --runs-dir "$1" > "$2" 2>&1
  }
  # Waits until the submission $1 logging to $2 has begun training (the exchange is sized), or
  # has ended.
  await_training() {
    for _ in $(seq 1 3000); do
      grep -q 'parameters trainable' "$2" 2>/dev/null && return
      kill -0 "$1" 2>/dev/null || return
      sleep 0.2
    done
  }
  start=$(now)
  submit "$work/cluster-baseline" "$work/cluster-baseline.log" &
  submission=$!
  await_training "$submission" "$work/cluster-baseline.log"
  training_start=$(now)
  wait "$submission" \
    || { echo "the undisturbed cluster run failed; see $work/cluster-baseline.log" >&2; exit 1; }
  cluster_seconds=$(elapsed "$start")
  # Kill points are drawn from the baseline's training span, not from what is left of its wall
  # time: on a machine whose load rises, a later run's start alone can outlast the baseline.
  training_seconds=$(elapsed "$training_start")
  cluster_accuracy="$(accuracy "$(finished_run "$work/cluster-baseline")")"
  echo "undisturbed cluster run: ${cluster_seconds%.*}s (training ${training_seconds%.*}s)," \
    "test accuracy $cluster_accuracy"
  for i in $(seq 1 "$executor_kills"); do
    runs="$work/executor-$i"
    start=$(now)
    submit "$runs" "$runs.log" &
    submission=$!
    # Training has begun once the exchange is sized; the kill lands in its span.
    await_training "$submission" "$runs.log"
    delay=$(random_delay "$training_seconds")
    sleep "$delay"
    worker=$(( RANDOM % 2 + 1 ))
    executor="$(pgrep -P "$(cat "$root/cluster/target/pids/worker-$worker.pid")" java | head -1 || true)"
    epochs_done=$(grep -c '^epoch [0-9]*/' "$runs.log" || true)
    [[ -n "$executor" ]] && kill -KILL "$executor"
    code=0
    wait "$submission" || code=$?
    lost=$(calc "$(elapsed "$start") - $cluster_seconds")
    at="worker $worker after epoch $epochs_done"
    [[ -z "$executor" ]] && at="no executor on worker $worker"
    run="$(finished_run "$runs")"
    if [[ $code -ne 0 || -z "$run" ]]; then
      record executor "$i" "$delay" "$at" "${lost%.*}" FAIL "exit $code, see $runs.log"
    else
      acc="$(accuracy "$run")"
      if awk -v a="$acc" -v b="$cluster_accuracy" 'BEGIN { d = a - b; exit !(d <= 0.005 && -d <= 0.005) }'
      then
        record executor "$i" "$delay" "$at" "${lost%.*}" ok "accuracy $acc"
      else
        record executor "$i" "$delay" "$at" "${lost%.*}" FAIL "accuracy $acc vs $cluster_accuracy"
      fi
    fi
  done
  "$root/cluster/stop-local-cluster.sh" > /dev/null
  trap - EXIT
fi

# --- driver kills, local mode -------------------------------------------------------------------
run_local() { # runs dir, log
  "$root/bin/sparktrain" train "$spec" --runs-dir "$1" > "$2" 2>&1
}

if (( driver_kills > 0 )); then
  start=$(now)
  run_local "$work/local-baseline" "$work/local-baseline.log" \
    || { echo "the uninterrupted run failed; see $work/local-baseline.log" >&2; exit 1; }
  baseline_seconds=$(elapsed "$start")
  baseline_run="$(finished_run "$work/local-baseline")"
  baseline_digest="$(state_digest "$baseline_run")"
  echo "uninterrupted local run: ${baseline_seconds%.*}s, state $baseline_digest"
  for i in $(seq 1 "$driver_kills"); do
    runs="$work/driver-$i"
    delay=$(random_delay "$baseline_seconds")
    start=$(now)
    # Its own process group, so one SIGKILL takes the launcher and the JVM at once.
    setsid "$root/bin/sparktrain" train "$spec" --runs-dir "$runs" > "$runs.killed.log" 2>&1 &
    group=$!
    sleep "$delay"
    kill -KILL -- "-$group" 2>/dev/null || true
    wait "$group" 2>/dev/null || true
    # The launcher is reaped; the JVM may still be exiting (a heap takes a moment to unmap), and
    # a run started now finds the job's lock held by a live process and exits 5, as it should.
    # The campaign re-runs a job that is dead, as a scheduler's retry would find it.
    for tick in $(seq 1 300); do
      kill -0 -- "-$group" 2>/dev/null || break
      (( tick == 300 )) && echo "process group $group still there 30 s after the kill" >&2
      sleep 0.1
    done
    killed_seconds=$(elapsed "$start")
    epochs_done=$(grep -c '^epoch [0-9]*/' "$runs.killed.log" || true)
    start=$(now)
    code=0
    run_local "$runs" "$runs.resumed.log" || code=$?
    lost=$(calc "$killed_seconds + $(elapsed "$start") - $baseline_seconds")
    from="$(grep -o 'from epoch [0-9]*' "$runs.resumed.log" | head -1 || true)"
    from="${from:-from scratch} ($epochs_done done)"
    grep -q '^run written to' "$runs.killed.log" && from="finished before the kill"
    run="$(finished_run "$runs")"
    if [[ $code -ne 0 || -z "$run" ]]; then
      record driver "$i" "$delay" "$from" "${lost%.*}" FAIL "exit $code, see $runs.resumed.log"
    elif [[ "$(state_digest "$run")" != "$baseline_digest" ]]; then
      record driver "$i" "$delay" "$from" "${lost%.*}" FAIL "state $(state_digest "$run") differs"
    else
      record driver "$i" "$delay" "$from" "${lost%.*}" ok "bit-identical"
    fi
  done
fi

# --- the table ----------------------------------------------------------------------------------
table
