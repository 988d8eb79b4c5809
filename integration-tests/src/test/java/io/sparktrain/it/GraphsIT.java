package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph and deep-stack specs of {@code conf/models/} (ResNet-20, the DenseNet, highway-20),
 * shortened to one epoch on a few thousand images and 1,000 test images, trained by two workers
 * through the launcher, each asserting that it learns far beyond chance (10 %). The comparisons
 * with their plain twins need the full runs (README).
 */
class GraphsIT {

  @TempDir Path work;

  /**
   * Residual blocks with batch norm and strided 1x1 projections learn Fashion-MNIST: measured
   * 62.2 % after 56 Adam steps per worker.
   */
  @Test
  void resnetLearnsFashionMnist() throws Exception {
    double accuracy = shortened("resnet-20", 4000, 32, "epochs: 2");
    assertTrue(accuracy >= 0.45, "ResNet-20 test accuracy " + accuracy);
  }

  /**
   * Dense blocks (concatenations) and a transition learn Fashion-MNIST: measured 52.1 % after 56
   * Adam steps per worker.
   */
  @Test
  void densenetLearnsFashionMnist() throws Exception {
    double accuracy = shortened("densenet", 4000, 32, "epochs: 3");
    assertTrue(accuracy >= 0.35, "DenseNet test accuracy " + accuracy);
  }

  /**
   * Twenty gated highway layers train with plain SGD within an epoch: measured 42.4 % after 300
   * steps per worker (its plain twin is at 19.6 % after a full epoch of 375, README).
   */
  @Test
  void highwayLearnsMnist() throws Exception {
    double accuracy = ExampleSpec.testAccuracy(ExampleSpec.of("highway-20")
        .replace("  scaling: unit", "  scaling: unit\n  limit: 12000\n  testExamples: 1000")
        .replace("epochs: 3", "epochs: 1").replace("batchSize: 64", "batchSize: 16")
        .train(work));
    System.out.printf("highway-20, 1 epoch on 12,000 images: test accuracy %.4f%n", accuracy);
    assertTrue(accuracy >= 0.25, "highway-20 test accuracy " + accuracy);
  }

  /** One epoch of {@code model} on its first {@code images} images; its test accuracy. */
  private double shortened(String model, int images, int batch, String epochs) throws Exception {
    double accuracy = ExampleSpec.testAccuracy(ExampleSpec.of(model)
        .replace("limit: 8000", "limit: " + images + "\n  testExamples: 1000")
        .replace(epochs, "epochs: 1").replace("batchSize: 64", "batchSize: " + batch)
        .train(work));
    System.out.printf("%s, 1 epoch on %,d images: test accuracy %.4f%n", model, images,
        accuracy);
    return accuracy;
  }
}
