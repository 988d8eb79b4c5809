package io.sparktrain.spec;

/**
 * Where runs are written.
 *
 * @param runsDir directory under which {@code <job name>/<run id>/} is created (local, HDFS or S3);
 *     default {@code runs}
 */
public record OutputSpec(String runsDir) {}
