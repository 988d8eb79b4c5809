package io.sparktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparktrain data}: exit codes and messages, without touching the network. */
class DataCommandTest {

  @TempDir
  Path cache;

  private final StringWriter err = new StringWriter();
  private String before;

  @BeforeEach
  void pointTheCacheAtATempDir() {
    before = System.getProperty(DataCache.PROPERTY);
    System.setProperty(DataCache.PROPERTY, cache.toString());
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(DataCache.PROPERTY);
    } else {
      System.setProperty(DataCache.PROPERTY, before);
    }
  }

  @Test
  void listSucceedsOnAnEmptyCache() {
    assertEquals(0, run("data", "list"));
  }

  @Test
  void fetchOfAnUnknownSetExitsWith3AndListsTheKnownOnes() {
    assertEquals(3, run("data", "fetch", "imagenet"));
    assertTrue(err.toString().contains("unknown data set 'imagenet'; known: mnist"), err::toString);
  }

  @Test
  void fetchNeedsNamesOrAllButNotBoth() {
    assertEquals(2, run("data", "fetch"));
    assertEquals(2, run("data", "fetch", "iris", "--all"));
    assertTrue(err.toString().contains("give either data set names or --all"), err::toString);
  }

  private int run(String... args) {
    return SparktrainCli.run(new PrintWriter(err, true), args);
  }
}
