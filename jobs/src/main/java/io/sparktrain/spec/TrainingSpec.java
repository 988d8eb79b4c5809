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
 */
public record TrainingSpec(
    int epochs, int batchSize, int workers, int averagingFrequency, Engine engine, long seed) {

  /** @throws SpecException listing every field out of range */
  public TrainingSpec {
    Range positive = Range.atLeast(1);
    new Checks().in(positive, "epochs", epochs).in(positive, "batchSize", batchSize)
        .in(positive, "workers", workers).in(positive, "averagingFrequency", averagingFrequency)
        .required("engine", engine)
        .throwIfAny("training");
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
