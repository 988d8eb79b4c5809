package io.sparktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparktrain search}: a broken search file exits 2 before Spark starts, naming the path. */
class SearchCommandTest {

  @TempDir
  Path dir;

  @Test
  void searchFileWithAFieldThatIsNotInTheSpecExitsTwoNamingIt() throws Exception {
    String example = Files.readString(Path.of("..", "conf", "search", "mnist-mlp-search.yaml"));
    Path broken = Files.writeString(dir.resolve("broken.yaml"), example
        .replace("training.batchSize: [32, 128]", "training.batchSise: [32, 128]")
        .replace("keep: 0.5", "keep: 0"));
    StringWriter err = new StringWriter();

    int code = SparktrainCli.run(new PrintWriter(err, true), "search", broken.toString());

    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("search.grid.\"training.batchSise\": not a field of the "
        + "job spec"), err.toString());
    assertTrue(err.toString().contains("search.halving.keep: must be in (0, 1], found 0"),
        err.toString());
  }
}
