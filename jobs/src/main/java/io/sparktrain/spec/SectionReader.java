package io.sparktrain.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the {@code data}, {@code training} and {@code output} sections ({@code optimizer}: see
 * {@link OptimizerReader}). Each
 * method records its problems on the node and returns a record with defaults wherever a value is
 * absent or invalid.
 */
public final class SectionReader {

  static final List<String> DATA_KEYS = List.of("source", "path", "testPath", "labelColumn",
      "header", "validationFraction", "testFraction", "scaling", "shuffleSeed", "limit", "classes",
      "trainExamples", "target", "vectors", "maxTokens", "targetColumns", "padding",
      "testExamples");
  static final List<String> CSV_ONLY_KEYS = List.of("path", "testPath", "labelColumn", "header");
  static final List<String> TEXT_ONLY_KEYS = List.of("vectors", "maxTokens", "padding");
  static final List<String> TRAINING_KEYS =
      List.of("epochs", "batchSize", "workers", "averagingFrequency", "engine", "seed",
          "reduceOnPlateau", "earlyStopping", "onDivergence", "maxRollbacks", "batchSchedule",
          "linearScaling", "gradientDescent", "gradient", "lastBatch", "backstitch");
  static final List<String> BATCH_SCHEDULE_KEYS = List.of("factor", "epochs", "maxBatchSize");
  static final List<String> PLATEAU_KEYS = List.of("monitor", "mode", "factor", "patience",
      "threshold", "cooldown", "minRate");
  static final List<String> EARLY_STOPPING_KEYS =
      List.of("monitor", "minDelta", "patience", "restoreBest");
  static final List<String> OUTPUT_KEYS = List.of("runsDir");

  private SectionReader() {}

  public static DataSpec data(SpecNode node) {
    int before = node.problemCount();
    node.checkKeys(DATA_KEYS);
    String source = source(node.get("source"));
    boolean csv = DataSpec.CSV.equals(source);
    DataSpec d = DataSpec.defaults(source);
    if (csv) {
      if (!node.has("path")) {
        node.get("path").problem("required with source 'csv'");
      }
    } else if (source != null) {
      CSV_ONLY_KEYS.forEach(k -> node.reject(k, "only allowed with source 'csv'"));
    }
    if (source != null && !d.isText()) {
      TEXT_ONLY_KEYS.forEach(k -> node.reject(k, "only allowed with a text source ("
          + String.join(", ", DataSpec.TEXT_SOURCES) + ")"));
    }
    DataSpec.Scaling scaling = node.get("scaling").enumValue(DataSpec.Scaling.class, d.scaling());
    if (d.isText() && scaling != DataSpec.Scaling.NONE) {
      node.get("scaling").problem(DataSpec.TEXT_SCALING_RULE);
    }
    if (d.isSeries() && scaling != DataSpec.Scaling.NONE) {
      node.get("scaling").problem(DataSpec.SERIES_SCALING_RULE);
    }
    double validation = node.get("validationFraction").number(d.validationFraction(),
        DataSpec.FRACTION);
    double test = node.get("testFraction").number(d.testFraction(), DataSpec.FRACTION);
    String fractions = DataSpec.fractionsProblem(validation, test);
    if (fractions != null) {
      node.get(node.has("testFraction") ? "testFraction" : "validationFraction").problem(fractions);
    }
    String path = node.get("path").text(d.path());
    String testPath = node.get("testPath").text(d.testPath());
    int labelColumn = node.get("labelColumn").integer(d.labelColumn(), Range.ANY);
    boolean header = node.get("header").bool(d.header());
    long shuffleSeed = node.get("shuffleSeed").longInteger(d.shuffleSeed());
    Integer limit = count(node.get("limit"), d.limit());
    List<Integer> classes = classes(node.get("classes"));
    Integer trainExamples = count(node.get("trainExamples"), d.trainExamples());
    Integer testExamples = count(node.get("testExamples"), d.testExamples());
    DataSpec.Target target = node.get("target").enumValue(DataSpec.Target.class, d.target());
    String vectors = node.get("vectors").text(null);
    Integer maxTokens = d.isText() ? count(node.get("maxTokens"), d.maxTokens()) : null;
    List<Integer> targetColumns = columns(node.get("targetColumns"));
    DataSpec.Padding padding = d.isText()
        ? node.get("padding").enumValue(DataSpec.Padding.class, d.padding()) : null;
    return unlessReported(node, before, null, () -> new DataSpec(source, path, testPath,
        labelColumn, header, validation, test, scaling, shuffleSeed, limit, classes,
        trainExamples, target, vectors, maxTokens, targetColumns, padding, testExamples));
  }

  /** A count &gt;= 1 ({@link DataSpec#COUNT}), or {@code fallback} when absent. */
  private static Integer count(SpecNode node, Integer fallback) {
    return node.isPresent() ? Integer.valueOf(node.integer(1, DataSpec.COUNT)) : fallback;
  }

  /** A list of column numbers (negative from the end); null when absent. */
  private static List<Integer> columns(SpecNode node) {
    if (!node.isPresent()) {
      return null;
    }
    if (!node.isList()) {
      node.problem("must be a list of column numbers, e.g. [-3, -2, -1], found " + node.found());
      return null;
    }
    List<Integer> columns = new ArrayList<>();
    node.elements().forEach(item -> columns.add(item.integer(0, Range.ANY)));
    return List.copyOf(columns);
  }

  /** A list of at least two distinct labels, each &gt;= 0; null when absent. */
  private static List<Integer> classes(SpecNode node) {
    if (!node.isPresent()) {
      return null;
    }
    if (!node.isList()) {
      node.problem("must be a list of labels, e.g. [0, 1, 2], found " + node.found());
      return null;
    }
    List<Integer> labels = new ArrayList<>();
    for (SpecNode item : node.elements()) {
      int label = item.integer(-1, DataSpec.LABEL);
      if (label >= 0 && labels.contains(label)) {
        item.problem("label " + label + " is listed twice");
      }
      labels.add(label);
    }
    if (labels.size() < DataSpec.MIN_CLASSES) {
      node.problem("must list at least " + DataSpec.MIN_CLASSES + " labels, found "
          + node.found());
    }
    return List.copyOf(labels);
  }

  private static String source(SpecNode node) {
    if (!node.require()) {
      return null;
    }
    String source = node.text(null);
    if (source != null && !source.equals(DataSpec.CSV)
        && !DataSpec.REGISTERED_SOURCES.contains(source)) {
      List<String> expected = new ArrayList<>(List.of(DataSpec.CSV));
      expected.addAll(DataSpec.REGISTERED_SOURCES);
      node.problem(node.unknownValue(expected));
    }
    return source;
  }

  public static OptimizerSpec optimizer(SpecNode node) {
    return OptimizerReader.optimizer(node);
  }

  public static TrainingSpec training(SpecNode node) {
    TrainingSpec d = TrainingSpec.defaults();
    if (!node.isMapping(null)) {
      return d;
    }
    node.checkKeys(TRAINING_KEYS);
    int epochs = node.get("epochs").integer(d.epochs(), Range.ANY);
    int batchSize = node.get("batchSize").integer(d.batchSize(), Range.ANY);
    int workers = node.get("workers").integer(d.workers(), Range.ANY);
    int frequency = node.get("averagingFrequency").integer(d.averagingFrequency(), Range.ANY);
    TrainingSpec.Engine engine = node.get("engine").enumValue(TrainingSpec.Engine.class,
        d.engine());
    long seed = node.get("seed").longInteger(d.seed());
    PlateauSpec plateau = plateau(node.get("reduceOnPlateau"));
    EarlyStoppingSpec early = earlyStopping(node.get("earlyStopping"));
    DivergenceSpec divergence = checked(node, d.divergence(), () -> new DivergenceSpec(
        node.get("onDivergence").enumValue(DivergenceSpec.Action.class,
            d.divergence().action()),
        node.get("maxRollbacks").integer(d.divergence().maxRollbacks(), Range.ANY)));
    BatchScheduleSpec batches = batchSchedule(node.get("batchSchedule"));
    SpecNode scaling = node.get("linearScaling");
    LinearScalingSpec linear = !scaling.isMapping(null) ? null : checked(scaling, null, () -> {
      scaling.checkKeys(List.of("referenceBatch"));
      return new LinearScalingSpec(scaling.get("referenceBatch").integer(0, Range.ANY));
    });
    DescentSpec descent = new DescentSpec(
        node.get("gradientDescent").enumValue(DescentSpec.Variant.class, d.descent().variant()),
        node.get("gradient").enumValue(DescentSpec.Reduction.class, d.descent().gradient()),
        node.get("lastBatch").enumValue(DescentSpec.LastBatch.class, d.descent().lastBatch()));
    SpecNode stitch = node.get("backstitch");
    BackstitchSpec backstitch = !stitch.isMapping(null) ? null : checked(stitch, null, () -> {
      stitch.checkKeys(List.of("alpha", "every"));
      return new BackstitchSpec(stitch.get("alpha").number(BackstitchSpec.DEFAULT_ALPHA, Range.ANY),
          stitch.get("every").integer(1, Range.ANY));
    });
    return checked(node, d, () -> new TrainingSpec(epochs, batchSize, workers, frequency, engine,
        seed, plateau, early, divergence, batches, linear, descent, backstitch));
  }

  /** Null when absent: the batch stays {@code batchSize}. */
  private static BatchScheduleSpec batchSchedule(SpecNode node) {
    if (!node.isMapping(null)) {
      return null;
    }
    node.checkKeys(BATCH_SCHEDULE_KEYS);
    List<Integer> epochs = new ArrayList<>();
    node.get("epochs").elements().forEach(e -> epochs.add(e.integer(0, Range.ANY)));
    return checked(node, null, () -> new BatchScheduleSpec(
        node.get("factor").integer(0, Range.ANY), epochs,
        node.get("maxBatchSize").integer(0, Range.ANY)));
  }

  /** Null when absent: the rate then only follows the optimizer's schedule. */
  private static PlateauSpec plateau(SpecNode node) {
    if (!node.isMapping(null)) {
      return null;
    }
    node.checkKeys(PLATEAU_KEYS);
    PlateauSpec d = PlateauSpec.defaults();
    return checked(node, null, () -> new PlateauSpec(
        node.get("monitor").enumValue(Monitor.class, d.monitor()),
        node.get("mode").enumValue(PlateauSpec.Mode.class, d.mode()),
        node.get("factor").number(d.factor(), Range.ANY),
        node.get("patience").integer(d.patience(), Range.ANY),
        node.get("threshold").number(d.threshold(), Range.ANY),
        node.get("cooldown").integer(d.cooldown(), Range.ANY),
        node.get("minRate").number(d.minRate(), Range.ANY)));
  }

  /** Null when absent: every epoch is trained. */
  private static EarlyStoppingSpec earlyStopping(SpecNode node) {
    if (!node.isMapping(null)) {
      return null;
    }
    node.checkKeys(EARLY_STOPPING_KEYS);
    EarlyStoppingSpec d = EarlyStoppingSpec.defaults();
    return checked(node, null, () -> new EarlyStoppingSpec(
        node.get("monitor").enumValue(Monitor.class, d.monitor()),
        node.get("minDelta").number(d.minDelta(), Range.ANY),
        node.get("patience").integer(d.patience(), Range.ANY),
        node.get("restoreBest").bool(d.restoreBest())));
  }

  /** The record {@code build} makes, or {@code fallback} when it finds problems (recorded). */
  static <T> T checked(SpecNode node, T fallback, Supplier<T> build) {
    try {
      return build.get();
    } catch (SpecException e) {
      node.problems(e);
      return fallback;
    }
  }

  /**
   * The record {@code build} makes, or {@code fallback} when it finds problems. Its problems are
   * recorded only when the reader recorded none since {@code before} ({@link
   * SpecNode#problemCount}): the reader's own lines are the precise ones (quoting the value as
   * typed), and the record, which saw the reader's substitutes, would only repeat them vaguely.
   */
  static <T> T unlessReported(SpecNode node, int before, T fallback,
      java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (SpecException e) {
      if (node.problemCount() == before) {
        node.problems(e);
      }
      return fallback;
    }
  }

  public static OutputSpec output(SpecNode node) {
    OutputSpec d = OutputSpec.defaults();
    if (!node.isMapping(null)) {
      return d;
    }
    node.checkKeys(OUTPUT_KEYS);
    String runsDir = node.get("runsDir").text(d.runsDir());
    return checked(node, d, () -> new OutputSpec(runsDir));
  }
}
