#!/usr/bin/env bash
# spark-submit straight to Kubernetes (no operator): the driver and the executors run as pods of
# the image cluster/k8s/Dockerfile builds. Set the variables, then:
#   cluster/k8s/submit-k8s.sh train /opt/sparktrain/conf/mnist-mlp.yaml --runs-dir s3a://bucket/runs
# Needs a local Spark 3.5 (SPARK_HOME; cluster/build-spark-home.sh makes one) and kubectl access.
set -euo pipefail
: "${K8S_API:?https://host:6443 of the Kubernetes API server}"
: "${IMAGE:?the sparktrain image, e.g. registry.example.com/sparktrain:0.1.0}"
NAMESPACE="${NAMESPACE:-sparktrain}"
SERVICE_ACCOUNT="${SERVICE_ACCOUNT:-sparktrain}"
DATA_CLAIM="${DATA_CLAIM:-sparktrain-data}"    # a ReadWriteMany PVC holding SPARKTRAIN_DATA
EXECUTORS="${EXECUTORS:-2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SPARK_HOME="${SPARK_HOME:-$("$root/cluster/build-spark-home.sh")}"
opens="$(tr '\n' ' ' < "$root/conf/java17.args")"
volume=spark.kubernetes
exec java @"$root/conf/java17.args" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "k8s://$K8S_API" --deploy-mode cluster --name sparktrain \
  --class io.sparktrain.cli.SparktrainCli \
  --conf spark.kubernetes.namespace="$NAMESPACE" \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="$SERVICE_ACCOUNT" \
  --conf spark.executor.instances="$EXECUTORS" \
  --conf spark.executor.cores=1 --conf spark.executor.memory=3g --conf spark.driver.memory=4g \
  --conf "spark.driver.extraJavaOptions=$opens" --conf "spark.executor.extraJavaOptions=$opens" \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=io.sparktrain.train.KryoSetup \
  --conf $volume.driver.volumes.persistentVolumeClaim.data.options.claimName="$DATA_CLAIM" \
  --conf $volume.driver.volumes.persistentVolumeClaim.data.mount.path=/data/sparktrain \
  --conf $volume.executor.volumes.persistentVolumeClaim.data.options.claimName="$DATA_CLAIM" \
  --conf $volume.executor.volumes.persistentVolumeClaim.data.mount.path=/data/sparktrain \
  local:///opt/sparktrain/sparktrain.jar "$@"
