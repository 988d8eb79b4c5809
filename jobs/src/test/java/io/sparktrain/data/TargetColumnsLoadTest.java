package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.DataSpec.Scaling;
import io.sparktrain.spec.DataSpec.Target;
import io.sparktrain.train.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@code data.target} kind read from files: soft labels, multi-label columns and regression
 * targets from CSV files, wine's alcohol as a regression target, MNIST's digit attributes; and
 * the rows each kind refuses, named by file, line and column.
 */
class TargetColumnsLoadTest {

  private static JavaSparkContext sc;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("TargetColumnsLoadTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void softLabelsAreTheLastColumnsAndEveryOtherColumnIsAFeature() throws IOException {
    Path csv = write("soft.csv", rows(60, i -> i + "," + (2 * i) + ",0.2,0.5,0.3"));

    LabeledData data = load(csv, Target.SOFT, List.of(-3, -2, -1));

    assertEquals(3, data.numClasses());
    assertEquals(2, data.numFeatures());
    for (Example e : data.validation().collect()) {
      assertArrayEquals(new float[] {0.2f, 0.5f, 0.3f}, e.targets());
      assertEquals(2 * e.features()[0], e.features()[1]);
    }
  }

  @Test
  void softRowNotSummingToOneNamesFileAndLine() throws IOException {
    Path csv = write("soft-bad.csv", "1,0.5,0.5\n2,0.3,0.6\n3,1,0\n");

    DataException e = failure(csv, Target.SOFT, List.of(1, 2));

    assertTrue(e.getMessage().contains("soft-bad.csv, line 2: soft label sums to 0.9000"),
        e.getMessage());
  }

  @Test
  void multiLabelColumnsAreZeroOrOne() throws IOException {
    Path ok = write("labels.csv", rows(40, i -> i + "," + (i % 2) + "," + (i % 3 == 0 ? 1 : 0)));
    LabeledData data = load(ok, Target.MULTI_LABEL, List.of(1, 2));
    assertEquals(2, data.numClasses());
    for (Example e : data.test().collect()) {
      long i = (long) e.features()[0];
      assertArrayEquals(new float[] {i % 2, i % 3 == 0 ? 1 : 0}, e.targets());
    }

    Path bad = write("labels-bad.csv", "1,0,1\n2,2,0\n");
    DataException e = failure(bad, Target.MULTI_LABEL, List.of(1, 2));
    assertTrue(e.getMessage().contains("labels-bad.csv, line 2, column 2: label 2 out of range"),
        e.getMessage());
  }

  @Test
  void nonNumericRegressionTargetNamesFileLineAndColumn() throws IOException {
    Path csv = write("prices.csv", "1.5,2,100.25\n2.5,3,abc\n");

    DataException e = failure(csv, Target.REGRESSION, null);

    assertTrue(e.getMessage().contains("prices.csv, line 2, column 3: target 'abc' is not a "
        + "number"), e.getMessage());
  }

  @Test
  void wineAlcoholIsARealValuedTarget() {
    DataCache cache = DataCache.fromEnvironment();
    cache.ensure("wine");
    DataSpec spec = new DataSpec("wine", null, null, -1, false, 0.2, 0.2, Scaling.STANDARDIZE,
        42L, null, null, null, Target.REGRESSION, null, null, List.of(0));

    LabeledData data = LabeledDataLoader.load(sc, spec, 2, cache);

    assertEquals(178, data.trainCount() + data.validationCount() + data.testCount());
    assertEquals(1, data.numClasses());
    assertEquals(13, data.numFeatures(), "12 measurements and the cultivar");
    for (Example e : data.train().collect()) {
      // sklearn's wine: alcohol between 11.03 and 14.83 %, not scaled (targets never are).
      assertTrue(e.targets()[0] >= 11.03f && e.targets()[0] <= 14.83f, "" + e.targets()[0]);
    }
  }

  @Test
  void mnistAttributesAreEvenGreaterThanFourAndPrime() {
    DataCache cache = DataCache.fromEnvironment();
    cache.ensure("mnist");
    DataSpec spec = new DataSpec("mnist-attributes", null, null, -1, false, 0.2, 0.2,
        Scaling.UNIT, 42L, 300, null, null, Target.MULTI_LABEL, null, null, null);

    LabeledData data = LabeledDataLoader.load(sc, spec, 2, cache);

    assertEquals(3, data.numClasses());
    assertEquals(784, data.numFeatures());
    for (Example e : data.train().collect()) {
      int d = e.label();
      assertArrayEquals(new float[] {d % 2 == 0 ? 1 : 0, d > 4 ? 1 : 0,
          d == 2 || d == 3 || d == 5 || d == 7 ? 1 : 0}, e.targets(), "digit " + d);
    }
  }

  private LabeledData load(Path csv, Target target, List<Integer> columns) {
    return LabeledDataLoader.load(sc, spec(csv, target, columns), 2, cache());
  }

  private DataException failure(Path csv, Target target, List<Integer> columns) {
    // The executors throw it; Spark wraps it in its own exception.
    Throwable e = assertThrows(Exception.class, () -> load(csv, target, columns));
    while (!(e instanceof DataException) && e.getCause() != null) {
      e = e.getCause();
    }
    assertTrue(e instanceof DataException, e.toString());
    return (DataException) e;
  }

  private static DataSpec spec(Path csv, Target target, List<Integer> columns) {
    return new DataSpec(DataSpec.CSV, csv.toString(), null, -1, false, 0.2, 0.2, Scaling.NONE,
        42L, null, null, null, target, null, null, columns);
  }

  private DataCache cache() {
    return new DataCache(dir.resolve("cache"), DataCatalog.standard());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String rows(int n, java.util.function.IntFunction<String> row) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(row.apply(i)).append('\n');
    }
    return text.toString();
  }
}
