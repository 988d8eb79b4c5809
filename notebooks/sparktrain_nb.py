"""What the notebooks share: where the checkout and the runs are, and the CLI as a function.

The notebooks drive `bin/sparktrain` (the same launcher a user runs in a shell) and read what it
writes: run directories of JSON, JSON lines, YAML, PNG and CSV. Python is the kernel because that
is where a Spark user explores and plots; the training itself stays in the JVM.
"""
import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUNS = ROOT / "notebooks" / "runs"


def sparktrain(*args, quiet=False):
    """Runs `bin/sparktrain ARGS` from the checkout; prints its output (Spark's WARN lines left
    out) and raises if it fails, so that a failing command fails the notebook."""
    result = subprocess.run([str(ROOT / "bin" / "sparktrain"), *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True)
    lines = [l for l in (result.stdout + result.stderr).splitlines()
             if " WARN " not in l and "incubator modules" not in l]
    if not quiet or result.returncode:
        print("\n".join(lines[-60:]))
    if result.returncode:
        raise RuntimeError(f"sparktrain {' '.join(map(str, args))} exited {result.returncode}")
    return "\n".join(lines)


def newest_run(job, runs=RUNS):
    """The newest run directory of a job (run ids sort by time)."""
    return sorted(p for p in (runs / job).iterdir() if p.is_dir() and not p.name.startswith("."))[-1]


def metrics(run):
    """A run's metrics.jsonl as a list of dicts, one per epoch."""
    return [json.loads(l) for l in (run / "metrics.jsonl").read_text().splitlines() if l.strip()]


def read_json(path):
    return json.loads(pathlib.Path(path).read_text())
