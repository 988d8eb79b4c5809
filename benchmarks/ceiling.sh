#!/usr/bin/env bash
# The machine ceiling for one network: sparktrain's single-thread trainer (the fused step,
# StepBenchmark --solo) in two processes started together, no Spark. Prints the two's samples/s,
# "FIRST SECOND"; with --alone, one process by itself ("ALONE"). Both processes time the same
# window, which opens WARMUP seconds after launch (default 30), past their JVM start and warm-up.
#   benchmarks/ceiling.sh NETWORK SECONDS [--alone] [--warmup WARMUP]
# Needs the benchmarks module built (benchmarks/run.sh builds it) and runs from any directory.
# EngineBenchmark runs it again right before and after the local[2] every-5 race, so that the
# share of the ceiling compares what ran minutes apart on a VM whose speed moves by 20 % in them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
network=$1
seconds=$2
shift 2
alone=false
warmup=30
while [ $# -gt 0 ]; do
  case "$1" in
    --alone) alone=true ;;
    --warmup) warmup=$2; shift ;;
    *) echo "usage: benchmarks/ceiling.sh NETWORK SECONDS [--alone] [--warmup S]" >&2; exit 2 ;;
  esac
  shift
done
# One OpenMP thread per process, as each task slot of local[2] gets.
export OMP_NUM_THREADS=1
classpath="benchmarks/target/classes:jobs/target/classes:$(cat benchmarks/target/classpath.txt)"
solo() {
  java @conf/java17.args -Xmx2g "-Dlog4j2.configurationFile=$root/jobs/src/main/resources/log4j2.properties" \
    -cp "$classpath" io.sparktrain.bench.StepBenchmark --solo "$@" 2>/dev/null \
    | awk '/^solo/ {print $3}'
}
if $alone; then
  solo "$network" "$seconds"
  exit
fi
start=$(( $(date +%s%3N) + 1000 * warmup ))
first=$(mktemp)
trap 'rm -f "$first"' EXIT
solo "$network" "$seconds" "$start" > "$first" &
second=$(solo "$network" "$seconds" "$start")
wait
echo "$(cat "$first") $second"
