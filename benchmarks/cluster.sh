#!/usr/bin/env bash
# The standalone cluster of cluster/ against local mode, one command: the same spec in local[2]
# and on the cluster (2 workers of 1 core, one executor JVM each, the driver in this machine's
# client-mode JVM), run in the order local, cluster, cluster, local, ... so that a drift of the
# machine's speed falls on both sides alike. Prints each run's mean training samples/s (the
# epoch lines' figure, from metrics.jsonl) and whole epochs per second (training and the
# evaluation after it, the epoch lines' seconds) over the warm-up epochs (2 to half the epochs:
# three fresh JVMs still compile their code on the cluster, one in local mode) and over the
# steady epochs (the second half), the run's seconds from start to end (run.json: after the data
# is loaded) and the command's from launch to exit (the JVMs' and Spark's start too, on the
# cluster its executors'); then cluster over local per pair and over all runs, for each (of
# speeds: above 1 is the cluster faster).
#
#   benchmarks/cluster.sh [SPEC (conf/mnist-mlp.yaml)] [--limit N (40000)] [--epochs E (20)]
#                         [--pairs P (2)] [--no-pin]
#
# --limit and --epochs override the spec's (the engine benchmark's race trains on 40,000 records).
# --no-pin starts the cluster's workers unpinned (see cluster/start-local-cluster.sh). The master
# listens on SPARKTRAIN_MASTER_PORT (7077): pick another when a cluster runs on this machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="conf/mnist-mlp.yaml" limit=40000 epochs=20 pairs=2 pin=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --limit) limit="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --pairs) pairs="$2"; shift 2 ;;
    --no-pin) pin=(--no-pin); shift ;;
    -*) echo "usage: $0 [SPEC] [--limit N] [--epochs E] [--pairs P] [--no-pin]" >&2; exit 2 ;;
    *) spec="$1"; shift ;;
  esac
done
if (( epochs < 4 )); then
  echo "--epochs must be at least 4: two halves of at least two epochs" >&2
  exit 2
fi
work="$(mktemp -d -t sparktrain-cluster-bench-XXXXXX)"
trap 'cluster/stop-local-cluster.sh >/dev/null 2>&1 || true' EXIT
mvn -B -q -DskipTests package -pl jobs -am 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "machine: $(nproc) cores ($cpu), load $(cut -d' ' -f1-3 /proc/loadavg)"

# The spec with the data's record limit and the training's epochs set (replaced or added). Only
# block-style data: and training: sections take them: anything else stops here, rather than
# timing a spec other than the one asked for.
/usr/bin/python3 - "$spec" "$limit" "$epochs" > "$work/spec.yaml" <<'PY'
import re, sys
spec, limit, epochs = sys.argv[1], sys.argv[2], sys.argv[3]
added = {"data": f"  limit: {limit}\n", "training": f"  epochs: {epochs}\n"}
out, section, placed = [], None, set()
for line in open(spec):
    if re.match(r"^\S", line):
        section = line.split(":")[0].strip()
    if section in added and re.match(r"^\s+(limit|epochs):", line):
        continue
    out.append(line)
    if line.rstrip() in ("data:", "training:"):
        out.append(added[section])
        placed.add(section)
if placed != set(added):
    sys.exit(f"{spec}: no block-style {' or '.join(sorted(set(added) - placed))}: section "
             "to set the record limit and epochs in")
sys.stdout.write("".join(out))
PY
bin/sparktrain data fetch "$(sed -n 's/^ *source: *//p' "$work/spec.yaml" | head -1)" >/dev/null
cluster/start-local-cluster.sh 2 --cores 1 "${pin[@]+"${pin[@]}"}" | tail -2

run=0
for pair in $(seq 1 "$pairs"); do
  order=(local cluster)
  (( pair % 2 == 0 )) && order=(cluster local)
  for mode in "${order[@]}"; do
    run=$((run + 1))
    echo "pair $pair: $mode ..."
    began=$(date +%s.%N)
    if [[ $mode == local ]]; then
      bin/sparktrain train "$work/spec.yaml" --runs-dir "$work/$run-local" | tail -1
    else
      cluster/submit.sh -- train "$work/spec.yaml" --runs-dir "$work/$run-cluster" | tail -1
    fi
    echo "$began $(date +%s.%N)" > "$work/$run-$mode.process"
  done
done
cluster/stop-local-cluster.sh >/dev/null

/usr/bin/python3 - "$work" "$epochs" "$pairs" <<'PY'
import datetime, glob, json, os, sys
work, epochs, pairs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
half = epochs // 2
windows = [("warm-up", 2, half), ("steady", half + 1, epochs)]

def run_file(run, name):
    found = glob.glob(os.path.join(work, run, "*", "*", name))
    return found[0] if found else None

def speeds(run):
    """Per epoch: training samples/s, and whole epochs (training and evaluation) per second."""
    found = run_file(run, "metrics.jsonl")
    if not found:
        return None
    lines = [json.loads(l) for l in open(found) if l.strip()]
    return ({l["epoch"]: l["samplesPerSecond"] for l in lines},
            {l["epoch"]: 1 / l["seconds"] for l in lines})

def wall(run):
    """The run's seconds from its start to its end, as run.json records them."""
    record = json.load(open(run_file(run, "run.json")))
    at = lambda key: datetime.datetime.fromisoformat(record[key][:26].rstrip("Z"))
    return (at("finishedAt") - at("startedAt")).total_seconds()

def process(run):
    """The command's seconds from launch to exit: the run, and the JVMs' and Spark's start (on
    the cluster the executors', and the jar's trip to them) and the data's load before it."""
    began, ended = open(os.path.join(work, run + ".process")).read().split()
    return float(ended) - float(began)

def mean(values, lo, hi):
    chosen = [values[e] for e in range(lo, hi + 1) if e in values]
    return sum(chosen) / len(chosen) if chosen else float("nan")

runs = sorted((d for d in os.listdir(work)
               if "-" in d and d[0].isdigit() and os.path.isdir(os.path.join(work, d))),
              key=lambda d: int(d.split("-")[0]))
columns = [f"{name} {lo}-{hi}" for name, lo, hi in windows]
header = "".join(f" {c:>14}" for c in columns)
print(f"\n{'':12} {'training samples/s':^30} {'whole epochs/s':^30} {'run':>8} {'process':>8}")
print(f"{'run':12}{header}{header} {'seconds':>8} {'seconds':>8}")
table = {}
for run in runs:
    found = speeds(run)
    if found is None:
        print(f"{run:12} (no metrics)")
        continue
    rate, epoch = found
    table[run] = ([mean(rate, lo, hi) for _, lo, hi in windows]
                  + [mean(epoch, lo, hi) for _, lo, hi in windows] + [1 / wall(run)]
                  + [1 / process(run)])
    values = table[run]
    print(f"{run:12}" + "".join(f" {v:>14,.0f}" for v in values[:2])
          + "".join(f" {v:>14.3f}" for v in values[2:4]) + f" {1 / values[4]:>8.1f}"
          + f" {1 / values[5]:>8.1f}")

def side(mode, pair_runs):
    """The mean of each column over these runs of one mode, or None without any."""
    values = [table[r] for r in pair_runs if r.endswith(mode) and r in table]
    if not values:
        return None
    return [sum(v[i] for v in values) / len(values) for i in range(len(values[0]))]

print(f"\n{'cluster/local':12}{header}{header} {'run':>8} {'process':>8}")
rows = [(f"pair {p + 1}", runs[2 * p:2 * p + 2]) for p in range(pairs)] + [("all runs", runs)]
for name, pair_runs in rows:
    local, cluster = side("local", pair_runs), side("cluster", pair_runs)
    if local and cluster:
        ratios = [c / l for c, l in zip(cluster, local)]
        print(f"{name:12}" + "".join(f" {r:>14.3f}" for r in ratios[:4])
              + "".join(f" {r:>8.3f}" for r in ratios[4:]))
PY
echo "runs kept in $work"
