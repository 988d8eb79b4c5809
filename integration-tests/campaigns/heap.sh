#!/usr/bin/env bash
# Heap campaign (issue 17): the smallest -Xmx with which a job completes in local mode, by
# bisection, and how the job fails just below it.
#
#   integration-tests/campaigns/heap.sh [--spec FILE] [--epochs N] [--low MiB] [--high MiB]
#                                       [--resolution MiB] [--timeout S] [--work DIR] [--confirm]
#                                       [--probes "MiB MiB ..."]
#
# Defaults: the README's default job, conf/mnist-mlp.yaml, cut to --epochs 1 (its heap need is that
# of one epoch: the data set, the network and each worker's copy are allocated before the first
# round and reused, and every later epoch allocates the same again; --confirm reruns the uncut
# spec at the result to show it). Each run is bin/sparktrain train with SPARKTRAIN_JAVA_OPTS=-XmxM
# (which also caps ND4J's off-heap arrays, -Dorg.bytedeco.javacpp.maxbytes follows -Xmx).
#
# A run below the result must exit 6 with, last, one line "error: out of memory ..." naming
# SPARKTRAIN_JAVA_OPTS, and no stack (no "Exception in thread", no "\tat " frame); one that exits
# otherwise, or runs past --timeout (a JVM thrashing in GC), fails the campaign. Prints one line
# per run, then the result; exits 1 if a run failed its check or the bounds do not bracket it.
#
# --probes runs the job under each given -Xmx at once instead of bisecting: on a machine shared
# by many, where one run takes ten minutes, a grid run side by side ends in the time of one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spec="$root/conf/mnist-mlp.yaml"
epochs=1 low=256 high=2048 resolution=16 timeout=900 confirm=0 probes=""
work="${TMPDIR:-/tmp}/sparktrain-heap-campaign"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --spec) spec="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --low) low="$2"; shift 2 ;;
    --high) high="$2"; shift 2 ;;
    --resolution) resolution="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --confirm) confirm=1; shift ;;
    --probes) probes="$2"; shift 2 ;;
    *) echo "usage: $0 [--spec FILE] [--epochs N] [--low MiB] [--high MiB] [--resolution MiB]" \
         "[--timeout S] [--work DIR] [--confirm]" >&2; exit 2 ;;
  esac
done
rm -rf "$work"
mkdir -p "$work"
cut="$work/$(basename "$spec")"
if [[ "$epochs" == all ]]; then
  cp "$spec" "$cut"
else
  sed "s/^\( *epochs:\) *[0-9]*/\1 $epochs/" "$spec" > "$cut"
fi
failures=0

# Runs the job under -Xmx$1m; sets code, seconds and verdict (ok, exit-6, or FAIL: why).
attempt() { # MiB, spec, label
  local log="$work/xmx-$1m$3.log" start
  start=$(date +%s)
  code=0
  SPARKTRAIN_JAVA_OPTS="-Xmx$1m" timeout -k 20 "$timeout" \
    "$root/bin/sparktrain" train "$2" --runs-dir "$work/runs-$1m$3" > "$log" 2>&1 || code=$?
  seconds=$(( $(date +%s) - start ))
  local last
  last="$(grep -v '^\s*$' "$log" | tail -n 1)"
  if [[ $code -eq 0 ]]; then
    verdict=ok
  elif [[ $code -eq 124 || $code -eq 137 ]]; then
    verdict="FAIL: no end within ${timeout}s"
  elif [[ $code -ne 6 ]]; then
    verdict="FAIL: exit $code, see $log"
  elif [[ "$last" != "error: "*memory* || "$last" != *SPARKTRAIN_JAVA_OPTS* ]]; then
    verdict="FAIL: exit 6 but the last line does not name SPARKTRAIN_JAVA_OPTS: $last"
  elif grep -qE '^Exception in thread|^\s+at [a-z]' "$log"; then
    verdict="FAIL: exit 6 with a stack in the output, see $log"
  else
    verdict="exit-6"
  fi
  printf -- '-Xmx%-6s exit %3s  %5ss  %s\n' "${1}m" "$code" "$seconds" "$verdict"
  [[ "$verdict" == exit-6 ]] && echo "           ${last:0:220}"
  [[ "$verdict" != FAIL* ]] || failures=$((failures + 1))
}

if [[ -n "$probes" ]]; then
  for m in $probes; do attempt "$m" "$cut" "" > "$work/probe-$m.txt" & done
  wait
  smallest="" below=""
  for m in $(printf '%s\n' $probes | sort -n); do
    cat "$work/probe-$m.txt"
    if grep -q '  ok$' "$work/probe-$m.txt"; then
      [[ -n "$smallest" ]] || smallest=$m
    elif [[ -z "$smallest" ]]; then
      below=$m
    fi
    grep -q 'FAIL' "$work/probe-$m.txt" && failures=$((failures + 1))
  done
  echo
  echo "smallest probed -Xmx that completes: ${smallest:-none}${smallest:+m}" \
    "(${epochs} epoch(s) of $(basename "$spec")); largest that does not: ${below:-none}${below:+m}"
  echo "failed checks: $failures"
  exit $(( failures > 0 ))
fi
attempt "$high" "$cut" ""
[[ "$verdict" == ok ]] || { echo "the job does not complete with -Xmx${high}m; raise --high" >&2; exit 1; }
attempt "$low" "$cut" ""
[[ "$verdict" == exit-6 ]] || { echo "-Xmx${low}m does not fail with exit 6; lower --low" >&2; exit 1; }
below_log="$work/xmx-${low}m.log"
while (( high - low > resolution )); do
  mid=$(( (low + high) / 2 / resolution * resolution ))
  (( mid > low && mid < high )) || mid=$(( (low + high) / 2 ))
  attempt "$mid" "$cut" ""
  if [[ "$verdict" == ok ]]; then high=$mid; else low=$mid; below_log="$work/xmx-${mid}m.log"; fi
done
echo
echo "smallest -Xmx that completes: ${high}m (to ${resolution} MiB; ${epochs} epoch(s) of $(basename "$spec"))"
echo "just below, -Xmx${low}m: $(grep -v '^\s*$' "$below_log" | tail -n 1 | cut -c1-300)"
if (( confirm )) && [[ "$epochs" != all ]]; then
  attempt "$high" "$spec" "-uncut"
  echo "the uncut spec at -Xmx${high}m: $verdict"
  [[ "$verdict" == ok ]] || failures=$((failures + 1))
fi
echo "failed checks: $failures"
(( failures == 0 ))
