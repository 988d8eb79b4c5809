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

  /**
   * Checks what spans sections: an engine that cannot train what the data asks for is a spec
   * error (exit 2, before Spark starts), not a training failure.
   *
   * @throws SpecException naming {@code training.engine}
   */
  public JobSpec {
    new Checks().check(!(training != null && data != null
            && training.engine() == TrainingSpec.Engine.DL4J_PARAMETER_AVERAGING
            && data.target() == DataSpec.Target.INPUT), "training.engine",
            "dl4j-parameter-averaging trains classifiers only; an autoencoder (data.target: input)"
                + " needs engine sparktrain")
        .check(training == null || training.backstitch() == null || optimizer == null
            || optimizer.type() == OptimizerSpec.Type.SGD, "training.backstitch",
            "needs optimizer.type: sgd (its second step scales the gradient, which only a rule "
                + "linear in the gradient turns into a scaled step)")
        .throwIfAny("job " + name);
  }

  /** This job reading {@code other} data. */
  public JobSpec withData(DataSpec other) {
    return new JobSpec(name, other, model, optimizer, training, output);
  }
}
