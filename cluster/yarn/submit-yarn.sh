#!/usr/bin/env bash
# spark-submit to YARN. HADOOP_CONF_DIR (or YARN_CONF_DIR) must point at the cluster's
# core-site.xml and yarn-site.xml; runs are best written to HDFS.
#   DEPLOY_MODE=cluster cluster/yarn/submit-yarn.sh train conf/mnist-mlp.yaml --runs-dir hdfs:///user/me/runs
# In cluster mode the spec file travels with --files and is read from the container's working
# directory, so pass it by its file name after the first argument, as below.
set -euo pipefail
: "${HADOOP_CONF_DIR:?directory holding core-site.xml and yarn-site.xml of the cluster}"
DEPLOY_MODE="${DEPLOY_MODE:-client}"
QUEUE="${QUEUE:-default}"
EXECUTORS="${EXECUTORS:-2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SPARK_HOME="${SPARK_HOME:-$("$root/cluster/build-spark-home.sh")}"
opens="$(tr '\n' ' ' < "$root/conf/java17.args")"
command="$1" spec="$2"
shift 2
if [[ "$DEPLOY_MODE" == cluster ]]; then
  files=(--files "$spec")
  spec="$(basename "$spec")"
else
  files=()
fi
exec java @"$root/conf/java17.args" -Xmx4g -cp "$SPARK_HOME/jars/*:$HADOOP_CONF_DIR" \
  org.apache.spark.deploy.SparkSubmit \
  --master yarn --deploy-mode "$DEPLOY_MODE" --queue "$QUEUE" --name "sparktrain $command" \
  --class io.sparktrain.cli.SparktrainCli "${files[@]+"${files[@]}"}" \
  --num-executors "$EXECUTORS" --executor-cores 1 --executor-memory 3g --driver-memory 4g \
  --conf "spark.driver.extraJavaOptions=$opens" --conf "spark.executor.extraJavaOptions=$opens" \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 --conf spark.yarn.appMasterEnv.OMP_NUM_THREADS=1 \
  --conf spark.yarn.appMasterEnv.SPARKTRAIN_DATA="${SPARKTRAIN_DATA:-/data/sparktrain}" \
  --conf spark.executorEnv.SPARKTRAIN_DATA="${SPARKTRAIN_DATA:-/data/sparktrain}" \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=io.sparktrain.train.KryoSetup \
  --conf spark.yarn.maxAppAttempts=1 \
  "$root/jobs/target/sparktrain.jar" "$command" "$spec" "$@"
