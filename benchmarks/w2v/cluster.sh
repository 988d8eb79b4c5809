#!/usr/bin/env bash
# Word2Vec on a real standalone cluster against local mode, one command: the spec's corpus trained
# in local[2], then on cluster/'s standalone cluster (one executor JVM per worker, 1 core each) with
# 1 and with 2 executors. Prints words/s, the evaluation and the exchange per round (bytes, ms)
# from each run's run.json.
#
#   benchmarks/w2v/cluster.sh [SPEC (conf/w2v-corpus.yaml)] [--memory M (6g per JVM)]
#                             [--rounds R (the spec's roundsPerEpoch)]
#
# M is the heap of every JVM: the local run, the driver and each executor. The master listens on
# SPARKTRAIN_MASTER_PORT (7077), its UI on SPARKTRAIN_MASTER_UI_PORT (8080): pick others when
# another cluster runs on this machine. Every run reads the same corpus sets from this machine's
# data cache (the executors run here).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
spec="conf/w2v-corpus.yaml" memory="6g" rounds=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --memory) memory="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    -*) echo "usage: $0 [SPEC] [--memory M] [--rounds R]" >&2; exit 2 ;;
    *) spec="$1"; shift ;;
  esac
done
work="$(mktemp -d -t sparktrain-w2v-cluster-XXXXXX)"
trap 'cluster/stop-local-cluster.sh >/dev/null 2>&1 || true' EXIT
mvn -B -q -DskipTests package -pl jobs -am 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"

# One spec per worker count: the same job, the name telling the runs apart.
for workers in 1 2; do
  sed -e "s/^name: .*/name: w2v-$workers/" -e "s/^\( *workers:\).*/\1 $workers/" \
    ${rounds:+-e "s/^\( *roundsPerEpoch:\).*/\1 $rounds/"} "$spec" > "$work/w2v-$workers.yaml"
done
bin/sparktrain data fetch --all >/dev/null
export SPARKTRAIN_JAVA_OPTS="-Xmx$memory" SPARKTRAIN_DRIVER_MEMORY="$memory"
export SPARKTRAIN_MASTER="spark://127.0.0.1:${SPARKTRAIN_MASTER_PORT:-7077}"

echo "local[2], 2 workers ..."
bin/sparktrain pretrain-w2v "$work/w2v-2.yaml" --runs-dir "$work/local" | tail -3
cluster/start-local-cluster.sh 2 --cores 1 --memory "$memory"
for workers in 1 2; do
  echo "standalone cluster, $workers executor(s) of 1 core ..."
  cluster/submit.sh --total-executor-cores "$workers" --executor-cores 1 \
    --executor-memory "$memory" \
    -- pretrain-w2v "$work/w2v-$workers.yaml" --runs-dir "$work/cluster" | tail -3
done
cluster/stop-local-cluster.sh >/dev/null

/usr/bin/python3 - "$work" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
rows = [("local[2], 2 workers", "local/w2v-2"), ("cluster, 1 executor", "cluster/w2v-1"),
        ("cluster, 2 executors", "cluster/w2v-2")]
print(f"\n{'run':24} {'words/s':>10} {'syn. AUC':>9} {'analogies':>9} {'MB/round':>9} {'ms/round':>9}")
for label, job in rows:
    found = sorted(glob.glob(os.path.join(work, job, "*", "run.json")))
    if not found:
        print(f"{label:24} (no run)")
        continue
    r = json.load(open(found[-1]))
    print(f"{label:24} {r['wordsPerSecond']:>10,.0f} {r['synonymAuc']:>9.4f} "
          f"{r['analogyAccuracy']:>9.4f} {r['roundBytes'] / 1e6:>9.1f} "
          f"{r['roundExchangeMs']:>9.0f}")
PY
echo "runs kept in $work"
