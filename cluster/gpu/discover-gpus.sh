#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.executor.resource.gpu.discoveryScript and, on a
# standalone worker, spark.worker.resource.gpu.discoveryScript): prints the CUDA device indices of
# this machine as Spark expects, e.g. {"name":"gpu","addresses":["0","1"]}. With no nvidia-smi it
# reports no GPUs rather than failing, so the same configuration runs on CPU-only nodes.
set -euo pipefail
addresses=""
if command -v nvidia-smi >/dev/null 2>&1; then
  addresses="$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/ //g' \
    | awk 'NF { printf "%s\"%s\"", sep, $0; sep = "," }')"
fi
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
