package io.sparktrain.spec;

/**
 * How training runs on Spark.
 *
 * @param epochs passes over the training split, &gt;= 1; default 10
 * @param batchSize mini-batch size per worker, &gt;= 1; default 64
 * @param workers data partitions = replicas trained in parallel, &gt;= 1; default 2
 * @param averagingFrequency mini-batch steps each worker takes between averagings, &gt;= 1;
 *     default 5
 * @param engine which distributed engine trains; default {@link Engine#SPARKTRAIN}
 * @param seed seed of weight init, dropout and shuffles; default 42
 * @param reduceOnPlateau lowers the learning rate when the validation score stalls; null: off
 * @param earlyStopping ends the run when the validation score stalls; null: off
 * @param divergence what a NaN or infinite loss does; default stop (exit 4)
 * @param batchSchedule grows the per-worker batch at given epochs; null: {@code batchSize}
 *     throughout
 * @param linearScaling sets the rate from workers &times; batch; null: the spec's rate as given
 * @param descent the gradient-descent variant: batch kind, gradient mean or sum, last batch
 * @param backstitch Backstitch steps on top of SGD; null: off
 */
public record TrainingSpec(int epochs, int batchSize, int workers, int averagingFrequency,
    Engine engine, long seed, PlateauSpec reduceOnPlateau, EarlyStoppingSpec earlyStopping,
    DivergenceSpec divergence, BatchScheduleSpec batchSchedule, LinearScalingSpec linearScaling,
    DescentSpec descent, BackstitchSpec backstitch) {

  /** @throws SpecException listing every field out of range and every rule broken */
  public TrainingSpec {
    boolean dl4j = engine == Engine.DL4J_PARAMETER_AVERAGING;
    String onlyOurs = "not supported by engine 'dl4j-parameter-averaging' (its rates live in "
        + "DL4J's training master)";
    Range positive = Range.atLeast(1);
    new Checks().in(positive, "epochs", epochs).in(positive, "batchSize", batchSize)
        .in(positive, "workers", workers).in(positive, "averagingFrequency", averagingFrequency)
        .required("engine", engine)
        .required("onDivergence", divergence)
        .check(!dl4j || reduceOnPlateau == null, "reduceOnPlateau", onlyOurs)
        .check(!dl4j || divergence == null || divergence.action() == DivergenceSpec.Action.STOP,
            "onDivergence", "'rollback' " + onlyOurs)
        .check(!dl4j || batchSchedule == null, "batchSchedule", onlyOurs)
        .check(!dl4j || linearScaling == null, "linearScaling", onlyOurs)
        .check(!dl4j || backstitch == null, "backstitch", onlyOurs)
        .check(batchSchedule == null || batchSchedule.maxBatchSize() >= batchSize,
            "batchSchedule.maxBatchSize", "must be >= training.batchSize (" + batchSize
                + "), found " + (batchSchedule == null ? 0 : batchSchedule.maxBatchSize()))
        .required("gradientDescent", descent)
        .check(descent == null || descent.variant() == DescentSpec.Variant.MINI_BATCH
            || batchSchedule == null, "batchSchedule", "only with gradientDescent: mini-batch")
        .check(!dl4j || descent == null || descent.equals(DescentSpec.defaults()),
            "gradientDescent", "only the defaults (mini-batch, averaged, keep) with " + onlyOurs)
        .throwIfAny("training");
  }

  /** Without stopping or rate rules: every epoch trained, divergence stops the run. */
  public TrainingSpec(
      int epochs, int batchSize, int workers, int averagingFrequency, Engine engine, long seed) {
    this(epochs, batchSize, workers, averagingFrequency, engine, seed, null, null,
        DivergenceSpec.stop(), null, null, DescentSpec.defaults(), null);
  }

  /** The per-worker batch in one-based {@code epoch}, {@code batchSchedule} applied. */
  public int batchSizeAt(int epoch) {
    return batchSchedule == null ? batchSize : batchSchedule.batchAt(batchSize, epoch);
  }

  public static final int DEFAULT_EPOCHS = 10;
  public static final int DEFAULT_BATCH_SIZE = 64;
  public static final int DEFAULT_WORKERS = 2;
  public static final int DEFAULT_AVERAGING_FREQUENCY = 5;
  public static final long DEFAULT_SEED = 42L;

  /** Every field at its documented default. */
  public static TrainingSpec defaults() {
    return new TrainingSpec(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_WORKERS,
        DEFAULT_AVERAGING_FREQUENCY, Engine.SPARKTRAIN, DEFAULT_SEED);
  }

  /** Training engines behind one interface. */
  public enum Engine {
    /**
     * sparktrain's synchronous averaging of parameters and updater state: one barrier stage per
     * epoch whose tasks average among themselves.
     */
    SPARKTRAIN,
    /**
     * The same averaging with one light Spark job per round (engine v1): for clusters that cannot
     * give every worker a slot at once, which a barrier stage needs.
     */
    SPARKTRAIN_ROUNDS,
    /** DL4J's ParameterAveragingTrainingMaster, the baseline. */
    DL4J_PARAMETER_AVERAGING
  }
}
