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
properties="$(mktemp)"
trap 'rm -f "$properties"' EXIT
chmod 600 "$properties"
cat "$root/conf/spark-defaults.conf" > "$properties"
if [[ -f "$secret_file" ]]; then
  echo "spark.authenticate.secret $(cat "$secret_file")" >> "$properties"
else
  echo "sparktrain: no secret file $secret_file; the cluster will refuse this submission" >&2
fi

has_option() { local o; for o in "${submit_options[@]+"${submit_options[@]}"}"; do [[ "$o" == "$1" ]] && return 0; done; return 1; }
defaults=()
has_option --master || defaults+=(--master "${SPARKTRAIN_MASTER:-spark://127.0.0.1:7077}")
has_option --deploy-mode || defaults+=(--deploy-mode client)
# Standalone cluster mode returns right after submitting unless told to wait; a scheduler needs the
# job's own exit status.
defaults+=(--conf spark.standalone.submit.waitAppCompletion=true)

# In client mode this JVM is the driver, so it needs the Java 17 flags and the driver's memory itself,
# and it takes spark.driver.extraJavaOptions (the JIT's thresholds among them) from the properties or
# a --conf, as Spark's own launcher would; options are split on blanks.
driver_options="$(sed -n 's/^spark\.driver\.extraJavaOptions[[:space:]]*//p' "$properties" | tail -1)"
for option in "${submit_options[@]+"${submit_options[@]}"}"; do
  [[ "$option" == spark.driver.extraJavaOptions=* ]] && driver_options="${option#*=}"
done
read -r -a driver_flags <<< "$driver_options"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec java @"$root/conf/java17.args" "${driver_flags[@]+"${driver_flags[@]}"}" \
  -Xmx"${SPARKTRAIN_DRIVER_MEMORY:-4g}" \
  -Dlog4j2.configurationFile="$root/jobs/src/main/resources/log4j2.properties" \
  -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
  --properties-file "$properties" "${defaults[@]}" "${submit_options[@]+"${submit_options[@]}"}" \
  --class io.sparktrain.cli.SparktrainCli "$jar" "${app_args[@]}"
