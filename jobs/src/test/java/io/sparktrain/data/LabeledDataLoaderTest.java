package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.DataSpec.Scaling;
import io.sparktrain.train.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader against files written here: splits, shards, scaling and bad input. */
class LabeledDataLoaderTest {

  private static JavaSparkContext sc;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("LabeledDataLoaderTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void splitsCsvIntoDisjointSetsAndShardsTrainingPerWorker() throws IOException {
    Path csv = csv(1000, 3);

    LabeledData data = LabeledDataLoader.load(sc, spec(csv, Scaling.NONE), 2, cache());

    assertEquals(1000, data.trainCount() + data.validationCount() + data.testCount());
    assertEquals(640, data.trainCount(), 40);
    assertEquals(2, data.train().getNumPartitions());
    assertEquals(2, data.numFeatures());
    assertEquals(3, data.numClasses());
    assertNull(data.imageShape());
    Set<Long> seen = new HashSet<>();
    for (var split : List.of(data.train(), data.validation(), data.test())) {
      for (Example e : split.collect()) {
        assertTrue(seen.add(e.index()), "example " + e.index() + " in two splits");
      }
    }
    List<Integer> shardSizes = data.train().glom().map(List::size).collect();
    assertEquals(shardSizes.get(0), shardSizes.get(1), 1.0);
  }

  @Test
  void testExamplesKeepsTheFirstTestExamplesInSourceOrder() throws IOException {
    Path csv = csv(1000, 3);
    Path test = csv(300, 3);
    DataSpec whole = new DataSpec(DataSpec.CSV, csv.toString(), test.toString(), -1, false, 0.2,
        0.2, Scaling.NONE, 42L, null);
    DataSpec first = new DataSpec(DataSpec.CSV, csv.toString(), test.toString(), -1, false, 0.2,
        0.2, Scaling.NONE, 42L, null, null, null, DataSpec.Target.LABEL, null, null, null, null,
        50);

    LabeledData all = LabeledDataLoader.load(sc, whole, 2, cache());
    LabeledData some = LabeledDataLoader.load(sc, first, 2, cache());

    assertEquals(300, all.testCount());
    assertEquals(50, some.testCount());
    assertEquals(all.test().collect().subList(0, 50).stream().map(Example::index).toList(),
        some.test().collect().stream().map(Example::index).toList());
    assertEquals(all.trainCount(), some.trainCount());
    assertTrue(!all.fingerprint().equals(some.fingerprint()), "the fingerprint names the limit");
  }

  @Test
  void sameSeedGivesTheSameShardsInTheSameOrder() throws IOException {
    Path csv = csv(300, 2);

    List<List<Example>> first = LabeledDataLoader.load(sc, spec(csv, Scaling.NONE), 2, cache())
        .train().glom().collect();
    List<List<Example>> second = LabeledDataLoader.load(sc, spec(csv, Scaling.NONE), 2, cache())
        .train().glom().collect();

    assertEquals(indices(first), indices(second));
  }

  @Test
  void unitScalingIsFittedOnTheTrainingSplit() throws IOException {
    Path csv = csv(500, 2);

    LabeledData data = LabeledDataLoader.load(sc, spec(csv, Scaling.UNIT), 2, cache());

    float[] min = {Float.MAX_VALUE, Float.MAX_VALUE};
    float[] max = {-Float.MAX_VALUE, -Float.MAX_VALUE};
    for (Example e : data.train().collect()) {
      for (int i = 0; i < 2; i++) {
        min[i] = Math.min(min[i], e.features()[i]);
        max[i] = Math.max(max[i], e.features()[i]);
      }
    }
    assertArrayEquals(new float[] {0, 0}, min, 1e-6f);
    assertArrayEquals(new float[] {1, 1}, max, 1e-6f);
  }

  @Test
  void labelOutOfRangeNamesFileAndLine() throws IOException {
    DataException e = loadFailure("bad-label.csv", "1.0,2.0,0\n3.0,4.0,1\n5.0,6.0,-2\n");

    assertTrue(e.getMessage().contains("bad-label.csv, line 3, column 3: label -2 out of range"),
        e.getMessage());
  }

  @Test
  void wrongColumnCountNamesTheLine() throws IOException {
    DataException e = loadFailure("ragged.csv", "1,2,0\n3,4,1\n5,1\n7,8,1\n");

    assertTrue(e.getMessage().contains("ragged.csv, line 3: 2 columns, expected 3"),
        e.getMessage());
  }

  @Test
  void missingFileIsADataError() {
    Path csv = dir.resolve("absent.csv");

    DataException e = assertThrows(DataException.class,
        () -> LabeledDataLoader.load(sc, spec(csv, Scaling.NONE), 2, cache()));

    assertTrue(e.getMessage().contains("absent.csv: file not found"), e.getMessage());
  }

  @Test
  void xorIsTheTruthTable() {
    LabeledData data = LabeledDataLoader.load(sc, DataSpec.defaults("xor"), 1, cache());

    assertEquals(4 * Xor.REPEATS, data.trainCount());
    assertEquals(4, data.testCount());
    assertEquals(2, data.numClasses());
    for (Example e : data.test().collect()) {
      int a = (int) e.features()[0];
      int b = (int) e.features()[1];
      assertEquals(a ^ b, e.label());
    }
  }

  private DataCache cache() {
    return new DataCache(dir.resolve("cache"), DataCatalog.standard());
  }

  private static DataSpec spec(Path csv, Scaling scaling) {
    return new DataSpec(DataSpec.CSV, csv.toString(), null, -1, false, 0.2, 0.2, scaling, 42L,
        null);
  }

  /** n rows of two features (x, 10 x + 5) and label index mod classes. */
  private Path csv(int n, int classes) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(i % 97).append(',').append(10 * (i % 89) + 5).append(',').append(i % classes)
          .append('\n');
    }
    return Files.writeString(dir.resolve("rows-" + n + ".csv"), text);
  }

  private static List<List<Long>> indices(List<List<Example>> shards) {
    List<List<Long>> out = new ArrayList<>();
    for (List<Example> shard : shards) {
      out.add(shard.stream().map(Example::index).toList());
    }
    return out;
  }

  /**
   * Loads a CSV of the given content and returns the DataException it fails with: executors throw
   * it, so it arrives inside Spark's job failure.
   */
  private DataException loadFailure(String name, String content) throws IOException {
    Path csv = Files.writeString(dir.resolve(name), content);
    Exception e = assertThrows(Exception.class,
        () -> LabeledDataLoader.load(sc, spec(csv, Scaling.NONE), 2, cache()));
    return dataException(e);
  }

  private static DataException dataException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataException d) {
        return d;
      }
    }
    throw new AssertionError("no DataException in the cause chain of " + e, e);
  }
}
