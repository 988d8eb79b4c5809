#!/usr/bin/env bash
# Disk-full campaign (issue 17): the runs directory on a small tmpfs that fills up, or turns
# read-only, in the middle of a run.
#
#   integration-tests/campaigns/disk-full.sh [--cases "full:1 full:3 readonly:2 full:0"]
#                                            [--spec FILE] [--work DIR] [--expect DIGEST]
#
# A case "full:K" fills the tmpfs once epoch K is reported (0: before the run starts), "readonly:K"
# remounts it read-only. Each must exit 5 naming the file it could not write, leave the last
# checkpoint intact (a zip that tests clean), no temporary file and no lock (a read-only disk keeps
# it, stale, for the rerun to take over); then, with the space
# back, the same command must resume from that checkpoint and finish (exit 0, every epoch in
# metrics.jsonl). With --expect, the resumed run's parameters and updater state must have that
# digest (an uninterrupted run's, as kill.sh prints it). Needs root (to mount the tmpfs); exits
# 77 without it. Prints one line per case and a table row; exits 1 if a case failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cases="full:1 full:3 readonly:2 full:0"
spec="$root/conf/optimizers/adam.yaml"
work="${TMPDIR:-/tmp}/sparktrain-disk-campaign"
expect=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --spec) spec="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --expect) expect="$2"; shift 2 ;;
    *) echo "usage: $0 [--cases LIST] [--spec FILE] [--work DIR] [--expect DIGEST]" >&2
       exit 2 ;;
  esac
done
job="$(sed -n 's/^name: *//p' "$spec" | head -1)"
mnt="$work/disk"
mkdir -p "$mnt"
# Room for a run's files (about 300 KB) and their temporary copies, not much more.
if ! mount -t tmpfs -o size=4m sparktrain-disk-campaign "$mnt" 2>/dev/null; then
  echo "skipped: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)" >&2
  exit 77
fi
trap 'umount "$mnt" 2>/dev/null || true' EXIT

failures=0 passed=0
check() { # case, condition text, command...
  local name="$1" what="$2"
  shift 2
  if ! "$@"; then
    echo "$name: FAIL: $what"
    failures=$((failures + 1))
    return 1
  fi
}

for c in $cases; do
  kind="${c%%:*}" after="${c##*:}"
  umount "$mnt" 2>/dev/null || true
  mount -t tmpfs -o size=4m sparktrain-disk-campaign "$mnt"
  runs="$mnt/runs"
  log="$work/$kind-$after.log"
  [[ "$after" == 0 && "$kind" == full ]] && dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null || true
  "$root/bin/sparktrain" train "$spec" --runs-dir "$runs" > "$log" 2>&1 &
  pid=$!
  if (( after > 0 )); then
    while kill -0 "$pid" 2>/dev/null && ! grep -q "^epoch $after/" "$log"; do sleep 0.2; done
    if [[ "$kind" == full ]]; then
      dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null || true
    else
      mount -o remount,ro "$mnt"
    fi
  fi
  code=0
  wait "$pid" || code=$?
  error="$(grep -m1 '^error:' "$log" || true)"
  ok=1
  check "$c" "exit $code, expected 5 ($error)" test "$code" -eq 5 || ok=0
  check "$c" "no file named in: $error" grep -q 'error: cannot .*/' <<< "$error" || ok=0
  run="$(ls -d "$runs/$job"/*/ 2>/dev/null | head -1 || true)"
  if [[ -n "$run" && -f "$run/checkpoint.zip" ]]; then
    check "$c" "checkpoint.zip damaged" python3 -c 'import sys, zipfile
sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' "$run/checkpoint.zip" || ok=0
  elif (( after > 0 )); then
    check "$c" "no checkpoint after epoch $after" false || ok=0
  fi
  # A read-only disk cannot lose the lock either: it stays, stale, and the rerun takes it over.
  [[ "$kind" == readonly ]] && stale='' || stale='.lock'
  leftovers="$(find "$runs" -name '*.tmp*' -o -name "${stale:-.tmp*}" 2>/dev/null | head -3)"
  check "$c" "left behind: $leftovers" test -z "$leftovers" || ok=0
  # The space comes back.
  mount -o remount,rw "$mnt"
  rm -f "$mnt/filler"
  code=0
  "$root/bin/sparktrain" train "$spec" --runs-dir "$runs" > "$log.resumed" 2>&1 || code=$?
  resumed="$(grep -o 'resuming run [^ ]* from epoch [0-9]*' "$log.resumed" || echo 'started anew')"
  check "$c" "the rerun exited $code" test "$code" -eq 0 || ok=0
  run="$(ls -d "$runs/$job"/*/ 2>/dev/null | head -1 || true)"
  epochs="$(sed -n 's/^ *epochs: *//p' "$spec" | head -1)"
  check "$c" "metrics.jsonl lacks epochs" test "$(wc -l < "$run/metrics.jsonl")" -eq "$epochs" \
    || ok=0
  if (( after > 0 )); then
    # From a checkpoint written after epoch K: the run may get through more epochs (all of a
    # short run's, even) between epoch K's line and the disk filling, and fail on a later file.
    from="$(sed -n 's/.* from epoch \([0-9][0-9]*\)$/\1/p' <<< "$resumed")"
    check "$c" "not resumed from a checkpoint after epoch $after ($resumed)" \
      test "${from:-0}" -gt "$after" || ok=0
  fi
  if [[ -n "$expect" && -n "$run" ]]; then
    digest="$(python3 -c 'import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(hashlib.sha256(z.read("coefficients.bin") + z.read("updaterState.bin")).hexdigest()[:16])' \
      "$run/model.zip")"
    check "$c" "state $digest, expected $expect" test "$digest" = "$expect" || ok=0
  fi
  (( ok )) && passed=$((passed + 1))
  echo "$c: exit 5 ($error); then $resumed, exit $code$( (( ok )) && echo ', ok')"
done

total=$(wc -w <<< "$cases")
echo
echo "| disk full / read-only mid-run | $total | exit 5 naming the file, checkpoint intact, no" \
  "temporary file or lock, resumed to the end$([[ -n "$expect" ]] && echo ', bit-identical') |" \
  "$((total - passed)) |"
(( failures == 0 ))
