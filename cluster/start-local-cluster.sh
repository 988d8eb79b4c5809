#!/usr/bin/env bash
# Starts a standalone Spark cluster on this machine: one master and N workers (default 2), each its
# own JVM bound to 127.0.0.1, with spark.authenticate on and a fresh secret in
# cluster/target/secret (mode 600). Submit with cluster/submit.sh; stop with
# cluster/stop-local-cluster.sh.
#
#   cluster/start-local-cluster.sh [N] [--cores C] [--memory M] [--no-pin]
#
# Each worker, and so every executor it launches, is pinned to its own C CPUs (taskset) when the
# machine has N x C of them, as executors on separate machines (or under Kubernetes' static CPU
# manager) own their cores; the master and the driver are left to run anywhere. On a 2-core VM
# the MLP's cluster ran at 0.926 and 0.943 of local mode pinned, 0.905 and 0.885 unpinned
# (benchmarks/cluster.sh, steady epochs, alternated; docs/performance.md). --no-pin leaves the
# workers unpinned.
#
# Environment: SPARKTRAIN_MASTER_PORT (7077), SPARKTRAIN_MASTER_UI_PORT (8080),
# SPARKTRAIN_DAEMON_MEMORY (the master's and each worker's heap, 1g; the executors' memory is
# --memory), SPARKTRAIN_CLUSTER_START_TIMEOUT (seconds to wait for the master and then for the
# workers, 180), SPARKTRAIN_APP_DATA_TTL (seconds a finished application's directory, with its
# executors' logs, stays in a worker's work directory, 600).
#
# Every executor keeps its own copy of the 170 MB jobs jar in its application's directory, and a
# killed one leaves its scratch space behind; a day of benchmarks and tests filled a 250 GB disk.
# So the workers remove finished applications' directories after SPARKTRAIN_APP_DATA_TTL seconds,
# their scratch (spark.local.dir) lies under cluster/target/local rather than /tmp, and stopping
# or starting the cluster removes the scratch and the jars' copies, keeping the logs.
set -euo pipefail
cluster="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$cluster")"
state="$cluster/target"
workers=2 cores=1 memory=4g pin=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cores) cores="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    --no-pin) pin=0; shift ;;
    [0-9]*) workers="$1"; shift ;;
    *) echo "usage: $0 [N] [--cores C] [--memory M] [--no-pin]" >&2; exit 2 ;;
  esac
done
port="${SPARKTRAIN_MASTER_PORT:-7077}"
ui_port="${SPARKTRAIN_MASTER_UI_PORT:-8080}"

if compgen -G "$state/pids/*.pid" >/dev/null; then
  echo "a local cluster is already running (pid files in $state/pids); stop it first:" \
       "cluster/stop-local-cluster.sh" >&2
  exit 1
fi
# Nothing runs (no pid files), so the stop script only clears what a cluster killed rather than
# stopped left: its scratch and the jars' copies.
"$cluster/stop-local-cluster.sh" >/dev/null
export SPARK_HOME="$("$cluster/build-spark-home.sh")"
# Spark's launcher otherwise looks for a source build's launcher/target/scala-* directories.
export SPARK_SCALA_VERSION=2.12
mkdir -p "$state/pids" "$state/logs"
umask 077
# The daemons read the secret from the environment, never from a command line that ps shows.
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$state/secret"
export _SPARK_AUTH_SECRET="$(cat "$state/secret")"
umask 022
export SPARK_LOCAL_IP=127.0.0.1
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

# The CPUs this script may run on, one per line: sed's own allowed list, which it inherits from
# here (a container's cpuset need not start at 0).
allowed_cpus() {
  local list range
  list="$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status 2>/dev/null)"
  for range in ${list//,/ }; do
    seq "${range%-*}" "${range#*-}"
  done
}

# The CPUs worker $1 (from 1) is pinned to, or nothing when workers are not pinned: --no-pin, no
# taskset, or fewer allowed CPUs than workers x cores.
worker_cpus() {
  (( pin )) && command -v taskset >/dev/null || return 0
  local cpus=($(allowed_cpus))
  (( ${#cpus[@]} >= workers * cores )) || return 0
  local mine=("${cpus[@]:$(( ($1 - 1) * cores )):$cores}")
  local joined="${mine[*]}"
  echo "${joined// /,}"
}

daemon() { # name, CPUs (or ""), main class, Java options..., --, arguments...
  local name="$1" cpus="$2" main="$3" options=()
  shift 3
  while [[ "$1" != "--" ]]; do options+=("$1"); shift; done
  shift
  local pinned=()
  [[ -n "$cpus" ]] && pinned=(taskset -c "$cpus")
  nohup "${pinned[@]+"${pinned[@]}"}" java @"$root/conf/java17.args" \
    -Xmx"${SPARKTRAIN_DAEMON_MEMORY:-1g}" \
    -Dspark.authenticate=true "${options[@]+"${options[@]}"}" \
    -Dlog4j2.configurationFile="$SPARK_HOME/conf/log4j2.properties" \
    -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" "$main" "$@" \
    > "$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/pids/$name.pid"
}

# A JVM's start on a loaded machine takes from 2 s to over a minute (a fixed 30 s wait failed three
# times in a row at load 40), so wait by polling up to a generous limit, and stop waiting at once if
# the daemon died, with its log's last lines as the reason.
timeout="${SPARKTRAIN_CLUSTER_START_TIMEOUT:-180}"
give_up() { # message, log
  echo "$1; last lines of $2:" >&2
  tail -n 5 "$2" >&2 2>/dev/null || true
  "$cluster/stop-local-cluster.sh" >/dev/null
  exit 1
}
# Polls until the command succeeds, or gives up when a daemon of $pids is gone or time runs out.
# Sets waited to the seconds it took.
wait_for() { # what, log, command...
  local what="$1" log="$2" started=$SECONDS pid
  shift 2
  until "$@"; do
    for pid in $pids; do
      kill -0 "$pid" 2>/dev/null || give_up "$what: a daemon (pid $pid) exited while starting" "$log"
    done
    (( SECONDS - started >= timeout )) \
      && give_up "$what: not within ${timeout}s (SPARKTRAIN_CLUSTER_START_TIMEOUT)" "$log"
    sleep 0.5
  done
  waited=$(( SECONDS - started ))
}

daemon master "" org.apache.spark.deploy.master.Master -- \
  --host 127.0.0.1 --port "$port" --webui-port "$ui_port"
pids="$(cat "$state/pids/master.pid")"
master="spark://127.0.0.1:$port"
elected() { grep -q "I have been elected leader" "$state/logs/master.log" 2>/dev/null; }
wait_for "the master did not start" "$state/logs/master.log" elected
echo "master up after ${waited}s"
for i in $(seq 1 "$workers"); do
  mkdir -p "$state/work/worker-$i" "$state/local/worker-$i"
  daemon "worker-$i" "$(worker_cpus "$i")" org.apache.spark.deploy.worker.Worker \
    -Dspark.local.dir="$state/local/worker-$i" -Dspark.worker.cleanup.enabled=true \
    -Dspark.worker.cleanup.interval=60 \
    -Dspark.worker.cleanup.appDataTtl="${SPARKTRAIN_APP_DATA_TTL:-600}" -- \
    --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port 0 \
    --work-dir "$state/work/worker-$i" "$master"
  pids="$pids $(cat "$state/pids/worker-$i.pid")"
done
registered() {
  [[ "$(grep -c "Registering worker" "$state/logs/master.log" || true)" -ge "$workers" ]]
}
wait_for "not all $workers workers registered" "$state/logs/master.log" registered
echo "$workers workers registered after ${waited}s"
pinning=", not pinned"
[[ -n "$(worker_cpus 1)" ]] && pinning=", each pinned to its own CPUs"
echo "master $master (UI http://127.0.0.1:$ui_port)," \
  "$workers workers x $cores cores x $memory$pinning"
echo "logs in $state/logs; submit with cluster/submit.sh; stop with cluster/stop-local-cluster.sh"
