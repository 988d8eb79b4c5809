#!/usr/bin/env bash
# Stops every JVM cluster/start-local-cluster.sh started (workers first, then the master) and the
# executors and drivers those workers launched. Safe to run when nothing is running.
set -uo pipefail
state="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/target"

stop() { # pid file
  local pid
  pid="$(cat "$1")"
  # A worker's executors and cluster-mode drivers are its child processes.
  pkill -TERM -P "$pid" 2>/dev/null
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  pkill -KILL -P "$pid" 2>/dev/null
  kill -KILL "$pid" 2>/dev/null
  rm -f "$1"
}

for f in "$state"/pids/worker-*.pid "$state"/pids/master.pid; do
  [[ -f "$f" ]] && stop "$f" && echo "stopped $(basename "$f" .pid)"
done
rm -f "$state/secret"
# What the cluster's executors leave: scratch space, and a 170 MB copy of the jobs jar each (their
# logs, and cluster-mode drivers' logs, stay in work/ for reading).
rm -rf "$state/local"
find "$state/work" -name '*.jar' -type f -delete 2>/dev/null
exit 0
