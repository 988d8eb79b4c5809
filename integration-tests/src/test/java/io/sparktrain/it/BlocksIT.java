package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
    double accuracy = ExampleSpec.testAccuracy(ExampleSpec.of("mnist-gmlp").limit(3000)
        .replace("epochs: 3", "epochs: 1").train(work));
    System.out.printf("gMLP, 1 epoch on 3,000 images: test accuracy %.4f%n", accuracy);
    assertTrue(accuracy >= 0.25, "gMLP test accuracy " + accuracy);
  }
}
