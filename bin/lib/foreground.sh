# Sourced by bin/sparktrain and cluster/submit.sh: runs a JVM as this shell's child rather than
# exec-ing it, so that the shell can act on its end (restart after a crash, remove a file holding a
# secret), while TERM, INT and HUP still reach the JVM, whose shutdown hooks then run.
#
#   run_in_foreground COMMAND...   sets child (its pid) and code (its exit status)
#   signalled                      the number of a signal passed on to a child, else empty: a
#                                  caller that restarts its child must not when it is set

child=""
running=""
signalled=""
# With no child running (before a build or Spark's launcher is done, or between a crash and its
# restart) a signal ends the shell, its EXIT trap run; so does one that finds the child already
# gone (the kill fails), rather than being lost while the shell goes on to a restart. In the
# instant between the child's end and its reaping, that exit status replaces the child's own.
pass_on() {
  if [[ -z "$running" ]] || ! kill -TERM "$running" 2>/dev/null; then
    exit $((128 + $1))
  fi
  signalled=$1
}
trap 'pass_on 15' TERM
trap 'pass_on 2' INT
trap 'pass_on 1' HUP

run_in_foreground() {
  "$@" <&0 &
  # One command, so that no trap runs between the two assignments.
  child=$! running=$!
  # A trapped signal interrupts wait; wait until the child has ended, then once more: bash keeps
  # the status of a child it reaped, so the last wait gives the child's own, not the signal's.
  wait "$child" || true
  while kill -0 "$child" 2>/dev/null; do wait "$child" || true; done
  code=0
  wait "$child" || code=$?
  running=""
}
