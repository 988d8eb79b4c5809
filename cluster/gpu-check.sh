#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: builds the CUDA variant (mvn -Pcuda), runs the default MNIST
# job on it and prints samples/s and test accuracy next to the CPU build's. Without nvidia-smi it
# says so and exits 0, so it can sit in any CI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU here (nvidia-smi missing or failing), skipped"
  exit 0
fi
nvidia-smi -L
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT

echo "== building the CUDA variant (nd4j-cuda-11.6)"
mvn -q -B -Pcuda -pl jobs -am -DskipTests process-classes
touch jobs/target/classpath.txt
echo "== MNIST MLP on the GPU"
OMP_NUM_THREADS=4 bin/sparktrain train conf/mnist-mlp.yaml --runs-dir "$runs/gpu" | tee "$runs/gpu.log"

echo "== the same job on the CPU build, for comparison"
mvn -q -B -pl jobs -am -DskipTests process-classes
touch jobs/target/classpath.txt
bin/sparktrain train conf/mnist-mlp.yaml --runs-dir "$runs/cpu" | tee "$runs/cpu.log"

rate() { grep '^epoch' "$1" | tail -1 | sed -E 's/.* ([0-9,]+) samples\/s.*/\1/' | tr -d ,; }
accuracy() { grep -o 'test accuracy [0-9.]*%' "$1"; }
echo "== result"
printf 'gpu: %s samples/s (last epoch), %s\n' "$(rate "$runs/gpu.log")" "$(accuracy "$runs/gpu.log")"
printf 'cpu: %s samples/s (last epoch), %s\n' "$(rate "$runs/cpu.log")" "$(accuracy "$runs/cpu.log")"
