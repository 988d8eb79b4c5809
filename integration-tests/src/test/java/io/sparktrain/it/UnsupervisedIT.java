package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unsupervised examples, shortened, through the launcher with two workers on real MNIST: the
 * deep belief net of {@code conf/pipelines/mnist-dbn.yaml} (RBMs trained by contrastive
 * divergence, stacked greedily, fine-tuned on 480 labels) against the same network from
 * scratch, the stacked denoising autoencoders of
 * {@code conf/pipelines/mnist-stacked-denoising-autoencoder.yaml}, trained layer by layer, and the
 * convolutional autoencoder of {@code conf/models/mnist-conv-autoencoder.yaml}.
 */
class UnsupervisedIT {

  /**
   * Binary cross-entropy, summed over the 784 pixels, of predicting every MNIST test image by
   * the mean training image (computed once from the IDX files with numpy): what an autoencoder
   * that learnt nothing about the individual image scores. The targets' own entropy, the floor
   * no model goes below, is 45.5.
   */
  private static final double MEAN_IMAGE_LOSS = 205.8;

  /** The conv autoencoder's training loss in its first round, measured: 745 (seed 42). */
  private static final double UNTRAINED_LOSS = 745;

  @TempDir Path work;

  /**
   * One pretraining epoch per RBM on 12,000 training images: the DBN fine-tuned on 480 labels
   * learns and is not clearly worse than the same sigmoid network from scratch, and the first RBM
   * reconstructs the test images far better than their mean image does.
   */
  @Test
  void deepBeliefNetPretrainsGreedilyAndFineTunesOnOnePercentOfTheLabels() throws Exception {
    String pipeline = Files.readString(Launcher.HOME.resolve("conf/pipelines/mnist-dbn.yaml"))
        .replace("&unlabelled {epochs: 2,", "&unlabelled {epochs: 1,");
    Path spec = Files.writeString(work.resolve("dbn.yaml"), pipeline);
    Launcher.Result result = Launcher.run("pipeline", spec.toString(), "--runs-dir",
        work.resolve("runs").toString());
    assertEquals(0, result.code(), result.output());
    Map<String, JsonNode> table = Launcher.comparison(work.resolve("runs/mnist-dbn"));
    System.out.println("DBN, shortened: " + table);

    double dbn = table.get("dbn").get("testAccuracy").asDouble();
    double scratch = table.get("scratch").get("testAccuracy").asDouble();
    // The full-length pipeline measured the DBN 0.73 points above scratch; at this length they
    // measured level (0.837 against 0.838), so the test asks for a classifier that learned and is
    // not clearly worse than scratch, not for the win (README, "Unsupervised models").
    assertTrue(dbn >= 0.80, "dbn " + dbn);
    assertTrue(dbn >= scratch - 0.01, "dbn " + dbn + " vs scratch " + scratch);
    for (String rbm : List.of("rbm1", "rbm2")) {
      double error = table.get(rbm).get("testLoss").asDouble();
      assertTrue(error > 0 && Double.isFinite(error), rbm + ": " + table.get(rbm));
    }
    // Squared error summed over the 784 pixels: MNIST's total pixel variance, 52.7, is what
    // reconstructing every image as the mean image scores; one CD-1 epoch measured 26.5.
    assertTrue(table.get("rbm1").get("testLoss").asDouble() < 35, table.get("rbm1").toString());
  }

  /**
   * conf/pipelines/mnist-stacked-denoising-autoencoder.yaml with one pretraining epoch per
   * autoencoder: the second one, trained on the first one's frozen code, rebuilds the test images
   * better than their mean image does, exchanging only its own layers; the stacked encoders then
   * classify from 480 labels.
   */
  @Test
  void stackedDenoisingAutoencodersTrainLayerByLayer() throws Exception {
    String pipeline = Files.readString(
        Launcher.HOME.resolve("conf/pipelines/mnist-stacked-denoising-autoencoder.yaml"));
    pipeline = Launcher.replace(pipeline, "&unlabelled {epochs: 4,", "&unlabelled {epochs: 1,");
    Map<String, JsonNode> table =
        Launcher.pipeline(work, pipeline, "mnist-stacked-denoising-autoencoder");
    System.out.println("stacked denoising autoencoders, shortened: " + table);

    for (String autoencoder : List.of("autoencoder1", "autoencoder2")) {
      double loss = table.get(autoencoder).get("testLoss").asDouble();
      assertTrue(loss < MEAN_IMAGE_LOSS, autoencoder + ": " + table.get(autoencoder));
    }
    // The first encoder (784x256) is frozen in the second stage, so only the second encoder and
    // its decoder (256x128 + 128x784) are averaged: about a third of the first stage's weights.
    assertTrue(table.get("autoencoder2").get("bytesPerRound").asLong()
        < table.get("autoencoder1").get("bytesPerRound").asLong() / 2, table.toString());
    assertTrue(table.get("frozen-encoders").get("testAccuracy").asDouble() >= 0.75,
        table.get("frozen-encoders").toString());
    assertTrue(table.get("pretrained-classifier").get("testAccuracy").asDouble() >= 0.80,
        table.get("pretrained-classifier").toString());
  }

  /**
   * 3,000 training images, 2 epochs: the decoder's test loss falls to less than half of an
   * untrained one's, and the validation loss falls from one epoch to the next.
   */
  @Test
  void convolutionalAutoencoderRebuildsTheImages() throws Exception {
    String model = Files.readString(
        Launcher.HOME.resolve("conf/models/mnist-conv-autoencoder.yaml"))
        .replace("trainExamples: 12000", "trainExamples: 3000");
    Path spec = Files.writeString(work.resolve("conv-ae.yaml"), model);
    Launcher.Result result = Launcher.run("train", spec.toString(), "--runs-dir",
        work.resolve("runs").toString());
    assertEquals(0, result.code(), result.output());
    Path run = Launcher.onlyRun(work.resolve("runs/mnist-conv-autoencoder"));
    double loss = new ObjectMapper().readTree(run.resolve("evaluation.json").toFile())
        .get("loss").asDouble();
    List<Double> validation = validationLosses(run);
    System.out.printf("conv autoencoder, 3,000 images: test loss %.2f (mean image %.1f), "
        + "validation %s%n", loss, MEAN_IMAGE_LOSS, validation);
    // The untrained decoder, near 0.5 everywhere, starts at about 745; 23 steps a worker per
    // epoch do not yet reach the mean image's loss (the full example goes further).
    assertTrue(loss < UNTRAINED_LOSS / 2, "test loss " + loss);
    assertTrue(validation.get(1) < validation.get(0), "validation losses " + validation);
  }

  private static List<Double> validationLosses(Path run) throws Exception {
    List<Double> losses = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      losses.add(json.readTree(line).get("validationLoss").asDouble());
    }
    return losses;
  }

}
