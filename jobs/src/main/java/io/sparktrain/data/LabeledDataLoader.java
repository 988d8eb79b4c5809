package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns a {@link DataSpec} into {@link LabeledData}: reads the source on the executors, splits it
 * by seeded index ({@link Splits}), fits the scaling on the training split, and shards the
 * training split into one partition per worker, in an order that does not depend on what order
 * Spark's shuffle delivers in, so that a run is repeatable.
 */
public final class LabeledDataLoader {

  private LabeledDataLoader() {}

  /**
   * A job's data, on its training's workers, checked against its model: a CSV label beyond the
   * classes of the model's output layer is a data error naming its file and line
   * ({@link StrayLabels}). Every command and pipeline stage that loads a job's data comes here, so
   * none of them learns of a mislabelled line only as a spec mismatch, or not at all.
   *
   * @param vocabulary see {@link #load(JavaSparkContext, DataSpec, int, DataCache, List)}
   * @throws DataException also for a label out of the model's range
   */
  public static LabeledData load(JavaSparkContext sc, JobSpec job, DataCache cache,
      List<String> vocabulary) {
    LabeledData data = load(sc, job.data(), job.training().workers(), cache, vocabulary);
    try {
      StrayLabels.check(job.data(), job.model(), data);
    } catch (DataException e) {
      data.unpersist();
      throw e;
    }
    return data;
  }

  /**
   * @param workers the number of training partitions
   * @throws DataException if the data is missing, unreachable, corrupt, or a label is out of range
   */
  public static LabeledData load(JavaSparkContext sc, DataSpec spec, int workers,
      DataCache cache) {
    return load(sc, spec, workers, cache, null);
  }

  /**
   * @param vocabulary for a text source: the words of {@code spec.vectors()}, in their order, which
   *     number the word ids; null for the other sources
   * @throws DataException also when a text source comes without its vocabulary
   */
  public static LabeledData load(JavaSparkContext sc, DataSpec spec, int workers,
      DataCache cache, List<String> vocabulary) {
    int partitions = Math.max(workers, sc.defaultParallelism());
    WordIds words = null;
    if (spec.isText()) {
      if (vocabulary == null) {
        throw new DataException("data.vectors: a text source needs word vectors, whose "
            + "vocabulary numbers its words (a pretrain-w2v stage as the stage's 'from', or a "
            + "word2vec file)");
      }
      words = new WordIds(vocabulary, spec.maxTokens(),
          spec.padding() == DataSpec.Padding.PRE);
    }
    RawSource raw = spec.isCsv() ? csv(sc, spec, partitions)
        : RegisteredSources.read(sc, spec, cache, partitions, words);
    Splits splits = new Splits(spec.shuffleSeed(), spec.validationFraction(),
        raw.test() == null ? spec.testFraction() : 0);
    JavaRDD<Example> train = raw.validation() == null
        ? raw.examples().filter(e -> splits.of(e.index()) == Split.TRAIN) : raw.examples();
    JavaRDD<Example> validation = raw.validation() != null ? raw.validation()
        : raw.examples().filter(e -> splits.of(e.index()) == Split.VALIDATION);
    JavaRDD<Example> test = raw.test() != null ? raw.test()
        : raw.examples().filter(e -> splits.of(e.index()) == Split.TEST);
    int numClasses;
    if (spec.classes() != null) {
      checkClasses(spec.classes(), raw.numClasses());
      ClassSelection selection = new ClassSelection(spec.classes());
      train = selection.apply(train);
      validation = selection.apply(validation);
      test = selection.apply(test);
      numClasses = spec.classes().size();
    } else {
      numClasses = -1;
    }
    train = train.persist(StorageLevel.MEMORY_AND_DISK());
    if (numClasses < 0) {
      numClasses = raw.numClasses() > 0 ? raw.numClasses() : countClasses(train, validation, test);
    }
    Scaler scaler = Scaler.fit(spec.scaling(), train, raw.numFeatures(), raw.knownRange());

    JavaRDD<Example> shards = shard(train.map(scaler::apply), workers, spec.trainExamples());
    JavaRDD<Example> scaledValidation = cached(validation.map(scaler::apply));
    JavaRDD<Example> scaledTest = cached(first(test, spec.testExamples()).map(scaler::apply));
    long trainCount = shards.count();
    train.unpersist(false);
    if (trainCount == 0) {
      throw new DataException("data: the training split of '" + describe(spec) + "' is empty");
    }
    String settings = String.join("|", spec.source(), String.valueOf(spec.shuffleSeed()),
        String.valueOf(spec.validationFraction()), String.valueOf(spec.testFraction()),
        String.valueOf(spec.scaling()), String.valueOf(spec.limit()),
        String.valueOf(spec.labelColumn()), String.valueOf(spec.header()),
        String.valueOf(spec.classes()), String.valueOf(spec.trainExamples()),
        String.valueOf(spec.maxTokens()), String.valueOf(spec.target()),
        String.valueOf(spec.targetColumns()), String.valueOf(spec.padding()),
        String.valueOf(spec.testExamples()));
    List<String> files = new ArrayList<>(raw.files());
    if (spec.vectors() != null) {
      files.add(spec.vectors());
    }
    return new LabeledData(shards, scaledValidation, scaledTest, trainCount,
        scaledValidation.count(), scaledTest.count(), raw.numFeatures(), numClasses,
        raw.imageShape(), Fingerprint.of(sc.hadoopConfiguration(), files, settings));
  }

  private static RawSource csv(JavaSparkContext sc, DataSpec spec, int partitions) {
    CsvSource.Header header = spec.header() ? CsvSource.Header.SKIP : CsvSource.Header.NONE;
    CsvSource.Targets targets = CsvSource.Targets.of(spec);
    CsvSource.Table table = CsvSource.read(sc, spec.path(), header, spec.labelColumn(), 0,
        partitions, targets);
    long first = spec.header() ? 1 : 0;
    JavaRDD<Example> examples = spec.limit() == null ? table.examples()
        : table.examples().filter(e -> e.index() - first < spec.limit());
    JavaRDD<Example> test = null;
    List<String> files = new ArrayList<>(List.of(spec.path()));
    if (spec.testPath() != null) {
      CsvSource.Table testTable = CsvSource.read(sc, spec.testPath(), header,
          spec.labelColumn(), 0, partitions, targets);
      if (testTable.numFeatures() != table.numFeatures()) {
        throw new DataException(spec.testPath() + ": " + testTable.numFeatures()
            + " features, but " + spec.path() + " has " + table.numFeatures());
      }
      test = testTable.examples();
      files.add(spec.testPath());
    }
    return new RawSource(examples, test, null, table.numFeatures(),
        targets == null ? 0 : table.declaredClasses(), null, null, files);
  }

  /**
   * One partition per worker, dealt round-robin by rank in the split so shard sizes differ by at
   * most one, each sorted by rank. The rank follows the source's order, which does not depend on
   * Spark's scheduling.
   */
  private static JavaRDD<Example> shard(JavaRDD<Example> train, int workers, Integer keep) {
    long limit = keep == null ? Long.MAX_VALUE : keep;
    return cached(train.zipWithIndex().filter(t -> t._2() < limit)
        .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
        .repartitionAndSortWithinPartitions(new HashPartitioner(workers))
        .values());
  }

  /** The first {@code keep} examples in source order, or all when {@code keep} is null. */
  private static JavaRDD<Example> first(JavaRDD<Example> examples, Integer keep) {
    return keep == null ? examples
        : examples.zipWithIndex().filter(t -> t._2() < keep).map(Tuple2::_1);
  }

  private static JavaRDD<Example> cached(JavaRDD<Example> rdd) {
    return rdd.persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static void checkClasses(List<Integer> classes, int known) {
    for (int i = 0; i < classes.size(); i++) {
      if (known > 0 && classes.get(i) >= known) {
        throw new DataException("data.classes[" + i + "]: the data set has labels 0.."
            + (known - 1) + ", found " + classes.get(i));
      }
    }
  }

  private static int countClasses(JavaRDD<Example> train, JavaRDD<Example> validation,
      JavaRDD<Example> test) {
    int max = train.union(validation).union(test).map(Example::label)
        .fold(-1, Math::max);
    if (max < 1) {
      throw new DataException("data: every example has the same label (" + max
          + "); a classifier needs at least two classes");
    }
    return max + 1;
  }

  private static String describe(DataSpec spec) {
    return spec.isCsv() ? spec.path() : spec.source();
  }
}
