package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The highway and gMLP blocks of {@code conf/models/}, trained by two workers through the
 * launcher on MNIST, each a shortened version of its example (fewer images and epochs) asserting
 * the example's learning criterion.
 */
class BlocksIT {

  @TempDir Path work;

  /**
   * 20 highway layers against 20 plain dense layers of the same width, init and optimizer: the
   * highway net trains, the plain one stalls near chance (the README's layer section has the
   * measured short and full runs).
   */
  @Test
  void highwayNetTrainsWhereTheSameDepthOfPlainLayersStalls() throws Exception {
    double highway = testAccuracy(train(shortened("highway-20", 4000, "epochs: 3", "epochs: 1"),
        "highway-20-short"));
    double plain = testAccuracy(train(shortened("plain-20", 4000, "epochs: 3", "epochs: 1"),
        "plain-20-short"));
    System.out.printf("20 layers, 1 epoch on 4,000 images: highway %.4f, plain %.4f%n", highway,
        plain);
    assertTrue(highway >= 0.80, "highway test accuracy " + highway);
    assertTrue(highway >= plain + 0.30, "highway " + highway + " vs plain " + plain);
  }

  /** Patch embedding, two gMLP blocks and pooling learn MNIST far beyond chance. */
  @Test
  void gmlpLearnsMnistFromPatches() throws Exception {
    double accuracy = testAccuracy(train(shortened("mnist-gmlp", 3000, "epochs: 3",
        "epochs: 1"), "mnist-gmlp-short"));
    System.out.printf("gMLP, 1 epoch on 3,000 images: test accuracy %.4f%n", accuracy);
    assertTrue(accuracy >= 0.80, "gMLP test accuracy " + accuracy);
  }

  /** The example spec limited to {@code limit} images, one setting replaced, under its own name. */
  private Path shortened(String model, int limit, String from, String to) throws Exception {
    String spec = Files.readString(Launcher.HOME.resolve("conf/models/" + model + ".yaml"))
        .replace("name: " + model, "name: " + model + "-short")
        .replaceFirst("  scaling: unit.*", "  scaling: unit\n  limit: " + limit)
        .replace(from, to);
    return Files.writeString(work.resolve(model + ".yaml"), spec);
  }

  private Path train(Path spec, String name) throws Exception {
    Launcher.Result result = Launcher.run("train", spec.toString(), "--runs-dir",
        work.resolve("runs").toString());
    assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("2 workers"), result.output());
    return Launcher.onlyRun(work.resolve("runs/" + name));
  }

  private static double testAccuracy(Path run) throws Exception {
    return new ObjectMapper().readTree(run.resolve("evaluation.json").toFile())
        .get("accuracy").asDouble();
  }
}
