#!/usr/bin/env bash
# Executes every notebook headless, as CI does: a cell that raises fails the script. The executed
# copies (with their figures) go to notebooks/runs/executed/; the notebooks in git stay stripped.
# Needs Debian's jupyter-nbconvert, python3-ipykernel, python3-matplotlib, python3-pandas and
# python3-yaml (.ci/run installs them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out=runs/executed
# 300 s per cell: a notebook is meant to finish within 5 minutes on two cores.
mkdir -p "$out"
execute() {
  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
    --ExecutePreprocessor.kernel_name=python3 --output-dir "$out" "$1"
}

for notebook in [0-9]-*.ipynb; do
  start=$SECONDS
  rm -f "$out/$notebook"
  # One more try after a failure, said out loud: ND4J's native code crashes now and then (the
  # README's known SIGSEGV, which bin/sparktrain restarts from); a real error fails twice.
  if ! execute "$notebook"; then
    echo "notebook $notebook failed; running it once more" >&2
    if ! execute "$notebook"; then
      echo "notebook $notebook failed" >&2
      exit 1
    fi
  fi
  echo "notebook $notebook executed in $((SECONDS - start)) s"
done
