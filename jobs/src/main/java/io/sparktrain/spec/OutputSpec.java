package io.sparktrain.spec;

/**
 * Where runs are written.
 *
 * @param runsDir directory under which {@code <job name>/<run id>/} is created (local, HDFS or S3);
 *     default {@code runs}
 */
public record OutputSpec(String runsDir) implements java.io.Serializable {

  public static final String DEFAULT_RUNS_DIR = "runs";

  /** @throws SpecException when {@code runsDir} is missing or blank */
  public OutputSpec {
    new Checks().check(runsDir != null && !runsDir.isBlank(), "runsDir", "must not be empty")
        .throwIfAny("output");
  }

  /** Runs under {@code runs/}, relative to the working directory. */
  public static OutputSpec defaults() {
    return new OutputSpec(DEFAULT_RUNS_DIR);
  }
}
