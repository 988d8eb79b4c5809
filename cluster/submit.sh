#!/usr/bin/env bash
# spark-submit for sparktrain: the jobs jar, conf/spark-defaults.conf (Java 17 flags, Kryo,
# authentication) and the cluster's secret, read from a private file rather than a command line.
#
#   cluster/submit.sh [spark-submit options] -- <sparktrain command> [its arguments]
#   cluster/submit.sh --deploy-mode cluster -- train conf/mnist-mlp.yaml --runs-dir /data/runs
#
# Defaults: --master $SPARKTRAIN_MASTER or spark://127.0.0.1:7077, --deploy-mode client, the secret
# in $SPARKTRAIN_SECRET_FILE or cluster/target/secret (written by start-local-cluster.sh). Paths
# among the sparktrain arguments that exist here, and the --runs-dir value, are made absolute so a
# cluster-mode driver, which runs in a worker's directory, finds them.
set -euo pipefail
cluster="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$cluster")"
jar="$root/jobs/target/sparktrain.jar"

submit_options=()
while [[ $# -gt 0 && "$1" != "--" ]]; do submit_options+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
if [[ $# -eq 0 ]]; then
  echo "usage: $0 [spark-submit options] -- <sparktrain command> [arguments]" >&2
  exit 2
fi
app_args=()
previous=""
for arg in "$@"; do
  if [[ "$previous" == "--runs-dir" && "$arg" != *://* && "$arg" != /* ]]; then
    arg="$PWD/$arg"
  elif [[ "$arg" != -* && -e "$arg" ]]; then
    arg="$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")"
  fi
  app_args+=("$arg")
  previous="$arg"
done

if [[ ! -f "$jar" || -n "$(find "$root/jobs/src/main" "$root/jobs/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "sparktrain: building $jar ..." >&2
  (cd "$root" && mvn -q -B -pl jobs -am -DskipTests package) 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
fi
export SPARK_HOME="$("$cluster/build-spark-home.sh")"
# Spark's launcher otherwise looks for a source build's launcher/target/scala-* directories.
export SPARK_SCALA_VERSION=2.12

secret_file="${SPARKTRAIN_SECRET_FILE:-$cluster/target/secret}"
# shellcheck source=../bin/lib/foreground.sh
source "$root/bin/lib/foreground.sh"
properties="$(mktemp)"
trap 'rm -f "$properties"' EXIT
chmod 600 "$properties"
cat "$root/conf/spark-defaults.conf" > "$properties"
if [[ -f "$secret_file" ]]; then
  echo "spark.authenticate.secret $(cat "$secret_file")" >> "$properties"
else
  echo "sparktrain: no secret file $secret_file; the cluster will refuse this submission" >&2
fi

has_option() { local o; for o in "${submit_options[@]+"${submit_options[@]}"}"; do [[ "$o" == "$1" || "$o" == "$1="* ]] && return 0; done; return 1; }
defaults=()
has_option --master || defaults+=(--master "${SPARKTRAIN_MASTER:-spark://127.0.0.1:7077}")
has_option --deploy-mode || defaults+=(--deploy-mode client)
# conf/spark-defaults.conf sets spark.driver.memory; the variable, or --driver-memory, overrides it.
if [[ -n "${SPARKTRAIN_DRIVER_MEMORY:-}" ]] && ! has_option --driver-memory; then
  defaults+=(--driver-memory "$SPARKTRAIN_DRIVER_MEMORY")
fi
# Standalone cluster mode returns right after submitting unless told to wait; a scheduler needs the
# job's own exit status.
defaults+=(--conf spark.standalone.submit.waitAppCompletion=true)

# Spark's launcher library builds the JVM's command line, as spark-submit's own scripts have it do:
# in client mode that JVM is the driver, with the driver's memory, spark.driver.extraJavaOptions
# (the Java 17 flags, the JIT's thresholds) and --driver-java-options from the properties or the
# options, quoting honoured. It prints what it has to say, a NUL, a newline, then the command's
# words, each ended by a NUL; its exit status follows as one more word.
export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:+$SPARK_SUBMIT_OPTS }-Dlog4j2.configurationFile=$root/jobs/src/main/resources/log4j2.properties"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
words=()
while IFS= read -r -d '' word; do words+=("$word"); done < <(
  java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \
    org.apache.spark.deploy.SparkSubmit --properties-file "$properties" "${defaults[@]}" \
    "${submit_options[@]+"${submit_options[@]}"}" \
    --class io.sparktrain.cli.SparktrainCli "$jar" "${app_args[@]}"
  printf '%d\0' $?)
launcher_status="${words[${#words[@]}-1]:-1}"
if [[ "$launcher_status" != 0 || ${#words[@]} -lt 3 ]]; then
  printf '%s\n' "${words[@]:0:${#words[@]}-1}" >&2
  echo "sparktrain: Spark's launcher failed (exit status $launcher_status)" >&2
  exit 1
fi
if [[ -n "${words[0]}" ]]; then
  echo "${words[0]}" >&2
fi
command=("${words[@]:1:${#words[@]}-2}")
command[0]="${command[0]#$'\n'}"

# Not exec: the properties file holds the cluster's secret and is removed when the driver ends.
run_in_foreground "${command[@]}"
exit "$code"
