#!/usr/bin/env bash
# One command for the engine benchmark: builds what is needed, then trains every candidate for the
# same epochs on real MNIST with the MLP and a LeNet CNN, and prints samples/s (epochs 2 on, and
# the last two), time to 97 % validation accuracy and ratios over single-machine DL4J, all
# measured in this run on this machine.
#   benchmarks/run.sh [--records N (default 40000 for the MLP, 12000 for the CNN)] [--max-epochs N] [--networks mlp,cnn]
#                     [--json FILE] [--quick (2000 records, one epoch, no exchange: checks the harness)]
#                     [--exchange-only (ms per averaging round for 1M, 10M, 100M parameters)]
# Before the races it measures the machine ceiling (two independent single-thread trainers, no
# Spark: see below) and passes it on, so every table also gives local[2]'s share of it.
# The PyTorch rows need Debian's python3-torch for /usr/bin/python3: installed here when run as
# root, otherwise those rows say it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# Debian's torch multiplies through the machine's libblas.so.3: OpenBLAS, not the reference BLAS
# that python3-torch alone pulls in on a bare machine (eight times slower on the MLP).
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null \
    || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing python3-torch and OpenBLAS for the PyTorch rows" >&2
    apt-get install -y -q python3-torch libopenblas0-pthread >&2
  else
    echo "PyTorch rows need python3-torch and libopenblas0-pthread for /usr/bin/python3" \
      "(sudo apt-get install python3-torch libopenblas0-pthread): without torch they are" \
      "skipped, without OpenBLAS their rows name the reference BLAS" >&2
  fi
fi
mvn -q -B -pl benchmarks -am -DskipTests process-classes 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
# One OpenMP thread per task slot: the single-machine reference gets one core, local[2] two.
# The PyTorch rows set their own thread counts.
export OMP_NUM_THREADS=1
classpath="benchmarks/target/classes:jobs/target/classes:$(cat benchmarks/target/classpath.txt)"
logging="-Dlog4j2.configurationFile=$root/jobs/src/main/resources/log4j2.properties"

# The machine ceiling (benchmarks/ceiling.sh): sparktrain's single-thread trainer in one process
# alone, then in two processes started together, no Spark. The two's sum is what two workers can
# reach on this machine; the tables give each local[2] row's share of it.
ceiling=""
if [[ " $* " != *" --exchange-only "* ]]; then
  seconds=20
  [[ " $* " == *" --quick "* ]] && seconds=5
  echo "uptime before the ceiling: $(uptime)"
  networks="mlp cnn"
  args=("$@")
  for ((i = 0; i < ${#args[@]}; i++)); do
    [[ "${args[i]}" == "--networks" ]] && networks="${args[i + 1]//,/ }"
  done
  for network in $networks; do
    alone=$(benchmarks/ceiling.sh "$network" "$seconds" --alone)
    read -r first second < <(benchmarks/ceiling.sh "$network" "$seconds")
    together=$(( first + second ))
    echo "machine ceiling, $network: one process alone $alone samples/s; two together" \
      "$first + $second = $together" \
      "($(awk -v t="$together" -v a="$alone" 'BEGIN {printf "%.2f", t / a}')x one alone)"
    ceiling="${ceiling:+$ceiling,}$network=$together"
  done
fi
exec java @conf/java17.args -Xmx14g -Djava.awt.headless=true "$logging" -cp "$classpath" \
  io.sparktrain.bench.EngineBenchmark "$@" ${ceiling:+--ceiling "$ceiling" --bracket "$seconds"}
