package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.DataSource;
import io.sparktrain.spec.DataSpec;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How each data set a spec may name as {@code data.source} is read from its installed files (see
 * {@link DataCatalog} for where those come from).
 */
final class RegisteredSources {

  private static final float[] BYTE_PIXELS = {0f, 255f};
  /** scikit-learn's 8x8 digits count ink in 16 levels. */
  private static final float[] DIGIT_LEVELS = {0f, 16f};

  private RegisteredSources() {}

  /**
   * @param words how a text source's texts become word ids; null for the other sources
   */
  static RawSource read(JavaSparkContext sc, DataSpec spec, DataCache cache, int partitions,
      WordIds words) {
    int limit = spec.limit() == null ? Integer.MAX_VALUE : spec.limit();
    DataSource source = DataSource.named(spec.source()).orElseThrow(() ->
        new DataException("data.source: unknown data set '" + spec.source() + "'"));
    String name = source.yamlName();
    // Exhaustive: a new DataSource does not compile until it is read here.
    return switch (source) {
      case SPAM_ASSASSIN -> MailSource.read(sc, cache.ensure(name), words, limit, partitions);
      case XOR -> xor(sc);
      case MNIST, FASHION_MNIST -> idx(sc, cache.ensure(name), limit, partitions);
      case DIGITS -> sklearn(sc, cache.ensure(name).resolve("digits.csv"),
          CsvSource.Header.NONE, DIGIT_LEVELS, limit, partitions, CsvSource.Targets.of(spec));
      case IRIS, WINE, BREAST_CANCER -> sklearn(sc, cache.ensure(name).resolve(name + ".csv"),
          CsvSource.Header.SKLEARN, null, limit, partitions, CsvSource.Targets.of(spec));
      case MNIST_ATTRIBUTES -> DigitAttributes.of(
          idx(sc, cache.ensure(DataSource.MNIST.yamlName()), limit, partitions));
      case MNIST_PAIRS -> PairSources.pairs(sc,
          idx(sc, cache.ensure(DataSource.MNIST.yamlName()), limit, partitions),
          spec.shuffleSeed(), partitions);
      case MNIST_VIEWS -> PairSources.views(
          idx(sc, cache.ensure(DataSource.MNIST.yamlName()), limit, partitions),
          spec.shuffleSeed());
      case SUNSPOTS, CO2 -> SeriesSource.read(sc, cache.ensure(name).resolve(name + ".csv"),
          source, spec);
      case NAMES -> NameSource.read(sc, source.cachedSets().stream()
          .map(set -> cache.ensure(set).resolve("names.txt")).toList(), limit, partitions);
    };
  }

  private static RawSource xor(JavaSparkContext sc) {
    JavaRDD<Example> table = sc.parallelize(Xor.truthTable(), 1);
    return new RawSource(sc.parallelize(Xor.training(), 2), table, table, 2, 2, null, null,
        List.of());
  }

  private static RawSource idx(JavaSparkContext sc, Path dir, int limit, int partitions) {
    IdxImageSource.Pair train = IdxImageSource.open(dir.resolve("train-images-idx3-ubyte"),
        dir.resolve("train-labels-idx1-ubyte"));
    IdxImageSource.Pair test = IdxImageSource.open(dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"));
    int classes = 10;
    return new RawSource(
        IdxImageSource.read(sc, train, classes, limit, partitions),
        IdxImageSource.read(sc, test, classes, Integer.MAX_VALUE, partitions),
        null, train.images().recordSize(), classes, train.imageShape(), BYTE_PIXELS,
        List.of(train.images().path(), train.labels().path(), test.images().path(),
            test.labels().path()));
  }

  private static RawSource sklearn(JavaSparkContext sc, Path file, CsvSource.Header header,
      float[] knownRange, int limit, int partitions, CsvSource.Targets targets) {
    String path = file.toUri().toString();
    CsvSource.Table table = CsvSource.read(sc, path, header, -1, 0, partitions, targets);
    long firstRecord = header == CsvSource.Header.NONE ? 0 : 1;
    JavaRDD<Example> examples = table.examples().filter(e -> e.index() - firstRecord < limit);
    return new RawSource(examples, null, null, table.numFeatures(), table.declaredClasses(),
        null, knownRange, List.of(path));
  }
}
