#!/usr/bin/env bash
# docs/optimizers.md's comparison: trains every spec of conf/optimizers/ (one launcher run, one
# JVM), then draws validation accuracy per epoch into docs/optimizers.png and prints the table.
#   benchmarks/optimizers.sh [RUNS_DIR (default: a fresh temporary directory)]
# Accuracy is repeatable bit for bit (seed 42); nothing here is timed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-$(mktemp -d -t sparktrain-optimizers.XXXX)}"
spec="$runs/optimizers.yaml"
mkdir -p "$runs"
first=1
: > "$spec"
for f in conf/optimizers/*.yaml; do
  if [[ $first -eq 0 ]]; then echo "---" >> "$spec"; fi
  cat "$f" >> "$spec"
  first=0
done
bin/sparktrain train "$spec" --runs-dir "$runs"
mvn -q -B -pl benchmarks -am -DskipTests process-classes 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
java -Djava.awt.headless=true \
  -cp "benchmarks/target/classes:jobs/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.sparktrain.bench.OptimizerComparison "$runs" docs/optimizers.png
echo "runs in $runs; chart in docs/optimizers.png"
