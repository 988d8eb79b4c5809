#!/usr/bin/env bash
# One command for the engine benchmark: builds what is needed, then prints samples/s and ratios
# over single-machine DL4J, all measured in this run on this machine.
#   benchmarks/run.sh [MNIST training records, default 12000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl benchmarks -am -DskipTests process-classes 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
# One OpenMP thread per task slot: the single-machine reference gets one core, local[2] two.
export OMP_NUM_THREADS=1
exec java @conf/java17.args -Xmx8g -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$root/jobs/src/main/resources/log4j2.properties" \
  -cp "benchmarks/target/classes:jobs/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.sparktrain.bench.EngineBenchmark "$@"
