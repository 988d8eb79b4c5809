#!/usr/bin/env bash
# docs/performance.md's encryption figure: one averaging round over the TCP ring, plain and
# AES-GCM, at 1 M and 10 M parameters, with their ratio (EncryptionBenchmark).
#   benchmarks/encryption.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl benchmarks -am -DskipTests process-classes 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
exec java @conf/java17.args -Xmx4g \
  -cp "benchmarks/target/classes:jobs/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.sparktrain.bench.EncryptionBenchmark "$@"
