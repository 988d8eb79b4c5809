#!/usr/bin/env bash
# Assembles a Spark home (jars/, conf/, RELEASE) in cluster/target/spark-home from the Spark jars
# Maven resolves, for the local standalone cluster and spark-submit. Idempotent: does nothing when
# the home is already there for this Spark version.
set -euo pipefail
cluster="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$cluster/target/spark-home"
version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$cluster/spark-home/pom.xml")"

if [[ -f "$home/RELEASE" ]] && grep -q "Spark $version" "$home/RELEASE"; then
  echo "$home"
  exit 0
fi
rm -rf "$home.partial"
mkdir -p "$home.partial/conf"
mvn -q -B -f "$cluster/spark-home/pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$home.partial/jars" -DincludeScope=runtime 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
# Spark's launcher takes a directory with a RELEASE file as a binary distribution and puts
# jars/* on the classpath of the executors and drivers that workers start.
echo "Spark $version (built for Scala 2.12), assembled from Maven by sparktrain" > "$home.partial/RELEASE"
cp "$cluster/../conf/log4j2-cluster.properties" "$home.partial/conf/log4j2.properties"
rm -rf "$home"
mv "$home.partial" "$home"
echo "$home"
