#!/usr/bin/env bash
# One command for the Word2Vec benchmark: builds what is needed, then trains sparktrain (local[2]),
# gensim 4.2 (2 workers), Spark MLlib (local[2]) and DL4J's single-machine Word2Vec on the same
# tokens with the same settings, and prints words/s, ratios and evaluation scores from this run.
#   benchmarks/w2v/run.sh [--limit-seconds N (per trainer, default 900)] [--json FILE]
#                         [--corpora moby-dick (a quick check; default sotu,moby-dick,wordnet,gcide)]
#                         [--trainers sparktrain,gensim,mllib,dl4j]
#                         [--sparktrain combine:rounds:workers:threads[:factor=value...],...]
#   (one row per variant, e.g. sum:16:2:1 (the default), sum:16:2:1:saturation=skip; factors:
#    window=fixed|shrinking, saturation=update|skip, sample=S, alpha=A, seed=N)
# JAVA_HEAP sets the JVM's heap (default 12g; 3g is plenty for this corpus).
# Needs Debian's python3-gensim for /usr/bin/python3; fetches the corpora if absent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -B -pl benchmarks -am -DskipTests process-classes 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
# One OpenMP thread per trainer thread: DL4J's two workers then use the two cores, as the others do.
export OMP_NUM_THREADS=1
exec java @conf/java17.args -Xmx"${JAVA_HEAP:-12g}" -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$root/jobs/src/main/resources/log4j2.properties" \
  -cp "benchmarks/target/classes:jobs/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.sparktrain.bench.Word2VecBenchmark "$@"
