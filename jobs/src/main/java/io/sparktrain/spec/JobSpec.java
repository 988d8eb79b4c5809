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
        .check(!(training != null && data != null
            && training.engine() == TrainingSpec.Engine.DL4J_PARAMETER_AVERAGING
            && data.target() != null
            && (data.target().isVector() || data.target() == DataSpec.Target.NEXT_STEP)),
            "training.engine",
            "dl4j-parameter-averaging trains on class labels only; data.target "
                + (data == null || data.target() == null ? "" : YamlNames.of(data.target()))
                + " needs engine sparktrain")
        .check(training == null || training.backstitch() == null || optimizer == null
            || optimizer.type() == OptimizerSpec.Type.SGD, "training.backstitch",
            "needs optimizer.type: sgd (its second step scales the gradient, which only a rule "
                + "linear in the gradient turns into a scaled step)")
        .check(perStepRule(model, data) == null, perStepPath(model),
            String.valueOf(perStepRule(model, data)))
        .check(outputLoss(model, data) == null, outputLossPath(model),
            String.valueOf(outputLoss(model, data)))
        .check(training == null || training.earlyStopping() == null || data == null
                || TargetKinds.monitorFits(data.target(), training.earlyStopping().monitor()),
            "training.earlyStopping.monitor", monitorRule(data, training, true))
        .check(training == null || training.reduceOnPlateau() == null || data == null
                || TargetKinds.monitorFits(data.target(), training.reduceOnPlateau().monitor()),
            "training.reduceOnPlateau.monitor", monitorRule(data, training, false))
        .throwIfAny("job " + name);
  }

  /** Why the output layer's loss cannot learn the data's target kind; null when it can. */
  private static String outputLoss(ModelSpec model, DataSpec data) {
    if (model == null || data == null || model.layers() == null || model.layers().isEmpty()) {
      return null;
    }
    LayerSpec last = model.layers().get(model.layers().size() - 1);
    LayerSpec.Loss loss = last.loss() == null ? LayerSpec.DEFAULT_LOSS : last.loss();
    return last.type() != LayerSpec.LayerType.OUTPUT || TargetKinds.fits(data.target(), loss) ? null
        : TargetKinds.lossRule(data.target(), loss);
  }

  /**
   * Why the output layer and the target disagree on steps: a next-step target needs one
   * prediction per step, which only an output after an rnn or lstm with returnSequences gives, and
   * a per-step output needs a target per step. Null when they agree.
   */
  private static String perStepRule(ModelSpec model, DataSpec data) {
    if (model == null || data == null || model.layers() == null || model.layers().isEmpty()
        || data.target() == null) {
      return null;
    }
    boolean perStep = SequenceOrder.perStepOutput(model.layers());
    boolean nextStep = data.target() == DataSpec.Target.NEXT_STEP;
    if (nextStep && !perStep) {
      return "data.target next-step predicts every step: the output layer must follow an rnn or "
          + "lstm layer with returnSequences: true";
    }
    if (perStep && !nextStep) {
      return "an output after returnSequences: true predicts every step, which needs data.target "
          + "next-step, found " + YamlNames.of(data.target());
    }
    return null;
  }

  /** The path of the last layer, the output. */
  private static String perStepPath(ModelSpec model) {
    return "model.layers[" + (model == null || model.layers() == null ? 0
        : Math.max(0, model.layers().size() - 1)) + "]";
  }

  private static String monitorRule(DataSpec data, TrainingSpec training, boolean stopping) {
    if (data == null || training == null) {
      return "";
    }
    Monitor monitor = stopping
        ? (training.earlyStopping() == null ? null : training.earlyStopping().monitor())
        : (training.reduceOnPlateau() == null ? null : training.reduceOnPlateau().monitor());
    return monitor == null ? "" : YamlNames.of(monitor) + " is not a score of data.target "
        + YamlNames.of(data.target());
  }

  private static String outputLossPath(ModelSpec model) {
    return perStepPath(model) + ".loss";
  }

  /** This job reading {@code other} data. */
  public JobSpec withData(DataSpec other) {
    return new JobSpec(name, other, model, optimizer, training, output);
  }
}
