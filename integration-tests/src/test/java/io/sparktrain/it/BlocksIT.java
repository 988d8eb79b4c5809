package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gMLP block of {@code conf/models/mnist-gmlp.yaml}, trained by two workers through the
 * launcher on MNIST, shortened (fewer images, one epoch), asserting that it learns far beyond
 * chance. The highway/plain comparison needs more steps than a CI run has (README).
 */
class BlocksIT {

  @TempDir Path work;

  /**
   * Patch embedding, two gMLP blocks and pooling learn MNIST far beyond chance: measured 40.4 %
   * test accuracy after this run's 4 averaging rounds (about 24 Adam steps per worker); chance
   * is 10 %, and a broken gate or patch order stays there.
   */
  @Test
  void gmlpLearnsMnistFromPatches() throws Exception {
    double accuracy = testAccuracy(train(shortened("mnist-gmlp", 3000, "epochs: 3",
        "epochs: 1"), "mnist-gmlp-short"));
    System.out.printf("gMLP, 1 epoch on 3,000 images: test accuracy %.4f%n", accuracy);
    assertTrue(accuracy >= 0.25, "gMLP test accuracy " + accuracy);
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
