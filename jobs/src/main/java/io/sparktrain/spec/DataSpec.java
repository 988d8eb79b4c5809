package io.sparktrain.spec;

/**
 * Where the examples come from and how they are split and scaled.
 *
 * @param source a registered data set name ({@code mnist}, {@code fashion-mnist}, {@code digits},
 *     {@code xor} (the truth table, for the perceptron example),
 *     {@code iris}, {@code wine}, {@code breast-cancer}) or {@code csv} for a file of one's own
 * @param path for {@code csv}: the training file (local, HDFS or S3 path); otherwise null
 * @param testPath for {@code csv}: an optional held-out test file; null splits the test set off
 *     {@code path} with {@code testFraction}
 * @param labelColumn for {@code csv}: zero-based label column, negative counts from the end;
 *     default -1 (last)
 * @param header for {@code csv}: whether the first line is a header; default false
 * @param validationFraction share of the training examples held out for validation; default 0.2
 * @param testFraction share held out as a test set when the source has none; default 0.2
 * @param scaling how features are scaled; default {@link Scaling#UNIT}
 * @param shuffleSeed seed of the train/validation/test split; default 42. The order in which an
 *     epoch visits the examples derives from {@code training.seed} instead (train.worker.Seeds),
 *     so that a spec can vary the training's randomness while keeping the same split
 * @param limit read at most this many records of the training source (the first ones), before
 *     the validation split; the test set is not limited; null for all
 * @param classes keep only examples of these labels, in every split, relabelled 0..n-1 in this
 *     order (MNIST digits 5-9 become classes 0-4); null for all
 * @param trainExamples train on at most this many examples of the training split (the first ones
 *     in source order, after {@code classes}): the label-scarce setting; validation and test are
 *     not limited; null for all
 * @param target what the network learns to output: the label, or the input itself (autoencoders);
 *     default {@link Target#LABEL}
 * @param vectors text sources: a word2vec file (text or binary, as {@code pretrain-w2v} writes)
 *     whose vocabulary turns each text into word ids and whose vectors {@code embedding} layers
 *     may start from. In a pipeline, a {@code train} stage's {@code from} naming a
 *     {@code pretrain-w2v} stage sets it, and later stages inherit it. Null otherwise
 * @param maxTokens text sources: the words of a text kept, the first ones; shorter texts are
 *     padded; default 200
 * @param targetColumns for a {@code soft}, {@code multi-label} or {@code regression} target
 *     read from CSV: the zero-based columns holding the targets (negative counts from the end),
 *     every other column a feature; null reads {@code labelColumn} alone (regression only).
 *     {@link TargetKinds} says what each kind needs
 * @param padding text sources: on which side a text shorter than {@code maxTokens} is padded;
 *     default {@link Padding#POST}. {@link Padding#PRE} puts the text's last word on the last
 *     step, where a many-to-one recurrent layer reads its result (Keras's {@code pad_sequences}
 *     default)
 * @param testExamples evaluate on at most this many test examples (the first ones in source
 *     order, after {@code classes}): a quick check of a large network, whose evaluation of a whole
 *     test set can take longer than its training; null for all
 */
public record DataSpec(
    String source,
    String path,
    String testPath,
    int labelColumn,
    boolean header,
    double validationFraction,
    double testFraction,
    Scaling scaling,
    long shuffleSeed,
    Integer limit,
    java.util.List<Integer> classes,
    Integer trainExamples,
    Target target,
    String vectors,
    Integer maxTokens,
    java.util.List<Integer> targetColumns,
    Padding padding,
    Integer testExamples) {

  /** validationFraction and testFraction, each. */
  public static final Range FRACTION = Range.UNIT_HALF_OPEN;
  /** limit, trainExamples, testExamples and maxTokens: counts of records, examples, words. */
  public static final Range COUNT = Range.atLeast(1);
  /** Each label {@code classes} keeps. */
  public static final Range LABEL = Range.atLeast(0);
  /** Fewer than two classes leave nothing to tell apart. */
  public static final int MIN_CLASSES = 2;
  public static final String TEXT_SCALING_RULE =
      "must be 'none' for a text source: its features are word ids";
  public static final String SERIES_SCALING_RULE =
      "must be 'none' for a series source: it scales its windows itself";

  /**
   * Checks each field and the fractions together; the reader reports the same rules with the
   * value as typed.
   *
   * @throws SpecException naming every field out of range, relative to {@code data}
   */
  public DataSpec {
    // A missing source and a csv source without a path are left to the reader: defaults()
    // stands for "csv, no path yet" and readers build defaults before knowing the source.
    Checks checks = new Checks()
        .in(FRACTION, "validationFraction", validationFraction)
        .in(FRACTION, "testFraction", testFraction)
        .required("scaling", scaling).required("target", target)
        .check(!isTextSource(source) || scaling == null || scaling == Scaling.NONE, "scaling",
            TEXT_SCALING_RULE)
        .check(!isCharacterSource(source) || scaling == null || scaling == Scaling.NONE,
            "scaling", "source " + source + " reads characters, which are not scaled; use none, "
                + "found " + (scaling == null ? null : YamlNames.of(scaling)))
        .check(!isSeriesSource(source) || scaling == null || scaling == Scaling.NONE, "scaling",
            SERIES_SCALING_RULE)
        .inIf(limit != null, COUNT, "limit", limit == null ? 0 : limit)
        .inIf(trainExamples != null, COUNT, "trainExamples",
            trainExamples == null ? 0 : trainExamples)
        .inIf(testExamples != null, COUNT, "testExamples",
            testExamples == null ? 0 : testExamples)
        .inIf(maxTokens != null, COUNT, "maxTokens", maxTokens == null ? 0 : maxTokens)
        // List.of(...).contains(null) throws, so the null test streams too.
        .check(classes == null || (classes.size() >= MIN_CLASSES
                && classes.stream().distinct().count() == classes.size()
                && classes.stream().allMatch(label -> label != null && LABEL.contains(label))),
            "classes", "must list at least " + MIN_CLASSES + " distinct labels, each "
                + LABEL.rule().substring("must be ".length()) + ", found " + classes);
    TargetKinds.check(checks, source, target, classes, targetColumns);
    String fractions = fractionsProblem(validationFraction, testFraction);
    checks.check(fractions == null, "testFraction", String.valueOf(fractions)).throwIfAny("data");
  }

  /**
   * Why the two held-out shares leave no training examples, or null when they leave some (or
   * either is out of {@link #FRACTION}, a problem of its own).
   */
  public static String fractionsProblem(double validation, double test) {
    boolean inRange = FRACTION.contains(validation) && FRACTION.contains(test);
    return !inRange || validation + test < 1 ? null
        : "validationFraction + testFraction must be < 1, found " + validation + " + " + test;
  }

  /** The whole test set. */
  public DataSpec(String source, String path, String testPath, int labelColumn, boolean header,
      double validationFraction, double testFraction, Scaling scaling, long shuffleSeed,
      Integer limit, java.util.List<Integer> classes, Integer trainExamples, Target target,
      String vectors, Integer maxTokens, java.util.List<Integer> targetColumns, Padding padding) {
    this(source, path, testPath, labelColumn, header, validationFraction, testFraction, scaling,
        shuffleSeed, limit, classes, trainExamples, target, vectors, maxTokens, targetColumns,
        padding, null);
  }

  /** Text padded after its words, as {@link #defaults} pads it. */
  public DataSpec(String source, String path, String testPath, int labelColumn, boolean header,
      double validationFraction, double testFraction, Scaling scaling, long shuffleSeed,
      Integer limit, java.util.List<Integer> classes, Integer trainExamples, Target target,
      String vectors, Integer maxTokens, java.util.List<Integer> targetColumns) {
    this(source, path, testPath, labelColumn, header, validationFraction, testFraction, scaling,
        shuffleSeed, limit, classes, trainExamples, target, vectors, maxTokens, targetColumns,
        isTextSource(source) ? Padding.POST : null);
  }

  /** Targets read as the spec's {@code target} kind prescribes from the label column. */
  public DataSpec(String source, String path, String testPath, int labelColumn, boolean header,
      double validationFraction, double testFraction, Scaling scaling, long shuffleSeed,
      Integer limit, java.util.List<Integer> classes, Integer trainExamples, Target target,
      String vectors, Integer maxTokens) {
    this(source, path, testPath, labelColumn, header, validationFraction, testFraction, scaling,
        shuffleSeed, limit, classes, trainExamples, target, vectors, maxTokens, null);
  }

  /** A data set that is not text. */
  public DataSpec(String source, String path, String testPath, int labelColumn, boolean header,
      double validationFraction, double testFraction, Scaling scaling, long shuffleSeed,
      Integer limit, java.util.List<Integer> classes, Integer trainExamples, Target target) {
    this(source, path, testPath, labelColumn, header, validationFraction, testFraction, scaling,
        shuffleSeed, limit, classes, trainExamples, target, null, null);
  }

  /** Every example of every class, classified. */
  public DataSpec(String source, String path, String testPath, int labelColumn, boolean header,
      double validationFraction, double testFraction, Scaling scaling, long shuffleSeed,
      Integer limit) {
    this(source, path, testPath, labelColumn, header, validationFraction, testFraction, scaling,
        shuffleSeed, limit, null, null, Target.LABEL);
  }

  /** What a network trained on the data learns to output. */
  public enum Target {
    /** the example's class. */
    LABEL,
    /** the example's own features: an autoencoder. */
    INPUT,
    /** a probability vector over the classes, one CSV column per class, each row summing to 1. */
    SOFT,
    /** several independent 0/1 labels, one column each (sigmoid outputs, xent). */
    MULTI_LABEL,
    /** one or several real numbers. */
    REGRESSION,
    /**
     * every step's next symbol of a sequence (a character language model): one class per step,
     * over the source's alphabet, masked past each sequence's end.
     */
    NEXT_STEP;

    /** Whether the target is one value per output unit read from the data, not a class index. */
    public boolean isVector() {
      return this == SOFT || this == MULTI_LABEL || this == REGRESSION;
    }
  }

  /** Where the padding of a short text goes, relative to its words. */
  public enum Padding {
    /** before the words: the last step is the text's last word. */
    PRE,
    /** after the words: the first step is the text's first word. */
    POST
  }

  public static final int DEFAULT_LABEL_COLUMN = -1;
  public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
  public static final double DEFAULT_TEST_FRACTION = 0.2;
  public static final long DEFAULT_SHUFFLE_SEED = 42L;
  public static final Scaling DEFAULT_SCALING = Scaling.UNIT;

  /** The name of the source read from a CSV file of one's own. */
  public static final String CSV = "csv";

  public static final int DEFAULT_MAX_TOKENS = 200;

  /** The registered data sets, by the name a spec gives as {@code source} ({@link DataSource}). */
  public static final java.util.List<String> REGISTERED_SOURCES = DataSource.names();

  /** The registered sources whose examples are texts, read as word ids: ham (0) and spam (1). */
  public static final java.util.List<String> TEXT_SOURCES = java.util.Arrays
      .stream(DataSource.values()).filter(DataSource::isText).map(DataSource::yamlName).toList();

  /**
   * A registered source (or {@code csv} without a path yet) with every other field at its default.
   * Word ids and characters are not scaled; a series scales its windows itself and forecasts a
   * real number; characters are a language model's, each step's target the next.
   */
  public static DataSpec defaults(String source) {
    boolean text = isTextSource(source);
    boolean series = isSeriesSource(source);
    boolean characters = isCharacterSource(source);
    return new DataSpec(source, null, null, DEFAULT_LABEL_COLUMN, false,
        DEFAULT_VALIDATION_FRACTION, DEFAULT_TEST_FRACTION,
        text || series || characters ? Scaling.NONE : DEFAULT_SCALING, DEFAULT_SHUFFLE_SEED, null,
        null, null, series ? Target.REGRESSION : characters ? Target.NEXT_STEP : Target.LABEL,
        null, text ? DEFAULT_MAX_TOKENS : null);
  }

  /** Whether the examples are texts, encoded as word ids of {@link #vectors()}' vocabulary. */
  public boolean isText() {
    return isTextSource(source);
  }

  // List.of(...).contains(null) throws; a spec without a source is reported by the checks instead.
  private static boolean isTextSource(String source) {
    return source != null && TEXT_SOURCES.contains(source);
  }

  /** Whether the examples are forecasting windows of a series ({@link DataSource#isSeries}). */
  public boolean isSeries() {
    return isSeriesSource(source);
  }

  static boolean isSeriesSource(String source) {
    return source != null && DataSource.named(source).map(DataSource::isSeries).orElse(false);
  }

  /** Whether the examples are character sequences ({@link DataSource#isCharacters}). */
  public boolean isCharacters() {
    return isCharacterSource(source);
  }

  static boolean isCharacterSource(String source) {
    return source != null && DataSource.named(source).map(DataSource::isCharacters)
        .orElse(false);
  }

  /** This spec reading its texts with the vocabulary of {@code vectorsFile}. */
  public DataSpec withVectors(String vectorsFile) {
    return new DataSpec(source, path, testPath, labelColumn, header, validationFraction,
        testFraction, scaling, shuffleSeed, limit, classes, trainExamples, target, vectorsFile,
        maxTokens, targetColumns, padding, testExamples);
  }

  /** Whether the examples come from a CSV file rather than a registered data set. */
  public boolean isCsv() {
    return CSV.equals(source);
  }

  /** Feature scaling, fitted on the training split only. */
  public enum Scaling {
    /** features as read. */
    NONE,
    /** min-max to [0, 1] (pixels: divide by 255). */
    UNIT,
    /** zero mean, unit variance per feature. */
    STANDARDIZE
  }
}
