package io.sparktrain.spec;

/**
 * One training job: what to read, what to build, how to optimise and train, where to write.
 *
 * @param name job name; names the directory of its runs under {@link OutputSpec#runsDir()}
 */
public record JobSpec(
    String name,
    DataSpec data,
    ModelSpec model,
    OptimizerSpec optimizer,
    TrainingSpec training,
    OutputSpec output) {

  /** This job reading {@code other} data. */
  public JobSpec withData(DataSpec other) {
    return new JobSpec(name, other, model, optimizer, training, output);
  }
}
