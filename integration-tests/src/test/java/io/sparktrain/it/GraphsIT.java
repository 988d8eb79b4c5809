package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph and deep-stack specs of {@code conf/models/} (ResNet-20 and -56, the DenseNet,
 * highway-20) and their plain twins, shortened to one epoch on a few thousand images and 1,000
 * test images, trained by two workers through the launcher: each network learns far beyond
 * chance (10 %), and where the plain twin stalls (56 convolutions, 20 dense layers) it lags its
 * skip-connected twin by a wide margin.
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
   * The ResNet's plain twin, the same 19 convolutions without the additions, also learns at this
   * depth: measured 55.8 % (ResNet-20 62.2 %). The lag shows at 56 layers.
   */
  @Test
  void plainTwentyLearnsFashionMnist() throws Exception {
    double accuracy = shortened("plain-20", 4000, 32, "epochs: 2");
    assertTrue(accuracy >= 0.45, "plain-20 test accuracy " + accuracy);
  }

  /**
   * At 56 layers the plain network stalls where the residual one learns, the degradation He et
   * al. (2016) removed with shortcuts: measured 63.5 % against 17.5 % after one epoch on 4,000
   * images, 56 Adam steps per worker (the full runs: README).
   */
  @Test
  void residualFiftySixLearnsWherePlainStalls() throws Exception {
    double residual = shortened("resnet-56", 4000, 32, "epochs: 2");
    double plain = shortened("plain-56", 4000, 32, "epochs: 2");
    assertTrue(residual >= 0.45, "resnet-56 test accuracy " + residual);
    assertTrue(plain <= residual - 0.20, "plain-56 " + plain + " against resnet-56 " + residual
        + ": the plain network should lag by at least 20 points");
  }

  /**
   * Twenty gated highway layers train with plain SGD within an epoch where the same twenty plain
   * ReLU layers stay near chance: measured 42.4 % against 12.6 % after 300 steps per worker.
   */
  @Test
  void highwayLearnsMnistWherePlainDenseStalls() throws Exception {
    double highway = highwayShortened("highway-20");
    double plain = highwayShortened("plain-dense-20");
    assertTrue(highway >= 0.25, "highway-20 test accuracy " + highway);
    assertTrue(plain <= highway - 0.15, "plain-dense-20 " + plain + " against highway-20 "
        + highway + ": the plain stack should lag by at least 15 points");
  }

  /** {@code model}, highway-20 or its plain twin, for one epoch on 12,000 MNIST images. */
  private double highwayShortened(String model) throws Exception {
    double accuracy = ExampleSpec.testAccuracy(ExampleSpec.of(model)
        .replace("  scaling: unit", "  scaling: unit\n  limit: 12000\n  testExamples: 1000")
        .replace("epochs: 3", "epochs: 1").replace("batchSize: 64", "batchSize: 16")
        .train(work));
    System.out.printf("%s, 1 epoch on 12,000 images: test accuracy %.4f%n", model, accuracy);
    return accuracy;
  }

  /**
   * conf/pipelines/fashion-resnet-to-mnist.yaml, shortened: ResNet-20 pretrained on 2,000
   * Fashion-MNIST images for one epoch, kept up to its pooling vertex (frozen) under a new head for
   * 1,000 MNIST labels, fine-tuned whole, and the same graph from scratch on those labels. The
   * frozen part is not exchanged; its features carry digits above chance; unfreezing gains; and,
   * as in the full run (README), clothing features do not help digits: scratch leads. Measured
   * 50.2 % pretrained, 25.7 % frozen, 37.4 % fine-tuned, 71.3 % scratch (first 1,000 test images;
   * 135 s on a quiet 2-core VM).
   */
  @Test
  void resnetTransfersAtItsPoolingVertexThroughThePipeline() throws Exception {
    String pipeline = Files.readString(
        Launcher.HOME.resolve("conf/pipelines/fashion-resnet-to-mnist.yaml"));
    pipeline = Launcher.replace(pipeline, "name: fashion-resnet-to-mnist",
        "name: resnet-pipeline-short");
    pipeline = Launcher.replace(pipeline, "      limit: 6000\n",
        "      limit: 2000\n      testExamples: 1000\n");
    pipeline = Launcher.replace(pipeline, "training: {epochs: 2, batchSize: 64,",
        "training: {epochs: 1, batchSize: 32,");
    pipeline = Launcher.replace(pipeline,
        "      trainExamples: 1000\n      validationFraction: 0.05\n",
        "      trainExamples: 1000\n      validationFraction: 0.01\n      testExamples: 1000\n");
    Map<String, JsonNode> table = Launcher.pipeline(work, pipeline, "resnet-pipeline-short");
    System.out.println("resnet pipeline, shortened: " + table);

    double pretrained = table.get("pretrain").get("testAccuracy").asDouble();
    double frozen = table.get("transferred").get("testAccuracy").asDouble();
    double finetuned = table.get("finetuned").get("testAccuracy").asDouble();
    double scratch = table.get("scratch").get("testAccuracy").asDouble();
    assertTrue(pretrained >= 0.35, "pretrained on Fashion-MNIST " + pretrained);
    assertTrue(frozen >= 0.18, "frozen Fashion features under a new head " + frozen);
    assertTrue(finetuned >= frozen + 0.05, "fine-tuned " + finetuned + ", frozen " + frozen);
    assertTrue(scratch > finetuned, "scratch " + scratch + ", fine-tuned " + finetuned);
    assertTrue(table.get("transferred").get("bytesPerRound").asLong()
        < table.get("pretrain").get("bytesPerRound").asLong() / 10,
        "the frozen part is not exchanged: " + table);
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
