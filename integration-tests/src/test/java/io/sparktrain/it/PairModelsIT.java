package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The representation-learning specs of {@code conf/models/}, shortened, through the launcher with
 * two workers on real MNIST, each judged by its own criterion (written to run.json's
 * {@code testScores}) against the same network untrained: the Siamese network's pair accuracy,
 * the Barlow Twins encoder's linear probe, the VAE's negative ELBO (and its PNG grids).
 */
class PairModelsIT {

  @TempDir Path work;

  /**
   * 2 epochs on the pairs of 4,000 images (3,186 train): measured pair accuracy 0.700 against
   * 0.601 untrained (1 epoch on 3,000 images was not enough: 0.575 against 0.610, the embedding
   * first shrinks before it separates the digits).
   */
  @Test
  void siamesePairAccuracyBeatsTheUntrainedNetwork() throws Exception {
    JsonNode scores = scores(ExampleSpec.of("mnist-siamese").replace("limit: 12000", "limit: 4000")
        .replace("epochs: 3", "epochs: 2").train(work));
    double trained = scores.get("pairAccuracy").asDouble();
    double untrained = scores.get("untrainedPairAccuracy").asDouble();
    assertTrue(trained > untrained + MARGIN_PAIRS, trained + " vs untrained " + untrained);
  }

  /**
   * 2 epochs on the views of 8,000 images (6,400 train): measured a probe of 0.718 against 0.694
   * (58 s). 1 epoch on 4,000 measured 0.7045 against 0.694, too close to assert; the shipped
   * length 0.750.
   */
  @Test
  void barlowTwinsProbeBeatsTheProbeOnARandomNetwork() throws Exception {
    JsonNode scores = scores(ExampleSpec.of("mnist-barlow-twins")
        .replace("limit: 15000", "limit: 8000").replace("epochs: 3", "epochs: 2")
        .train(work));
    double trained = scores.get("probeAccuracy").asDouble();
    double random = scores.get("randomProbeAccuracy").asDouble();
    assertTrue(trained > random + MARGIN_PROBE, trained + " vs random network " + random);
  }

  /**
   * 1 epoch on 4,000 images (3,200 train, 800 validation): measured -ELBO 247.8 nats against
   * 546.6 untrained.
   */
  @Test
  void vaeNegativeElboFallsFarBelowTheUntrainedOnesAndDrawsItsGrids() throws Exception {
    Path run = ExampleSpec.of("mnist-vae").replace("limit: 15000", "limit: 4000")
        .replace("epochs: 3", "epochs: 1").train(work);
    JsonNode scores = scores(run);
    double trained = scores.get("negativeElbo").asDouble();
    double untrained = scores.get("untrainedNegativeElbo").asDouble();
    assertTrue(trained < untrained - MARGIN_ELBO, trained + " vs untrained " + untrained);
    assertTrue(Files.size(run.resolve("samples.png")) > 0);
    assertTrue(Files.size(run.resolve("reconstructions.png")) > 0);
  }

  private static JsonNode scores(Path run) throws Exception {
    JsonNode scores = new ObjectMapper().readTree(run.resolve("run.json").toFile())
        .get("testScores");
    System.out.println(run.getParent().getFileName() + ": " + scores);
    return scores;
  }

  /** Half the measured lead of 0.099 (2,000 test pairs: a standard error of about 0.01). */
  private static final double MARGIN_PAIRS = 0.05;
  /** Under half the measured lead of 0.024 (2,000 test digits). */
  private static final double MARGIN_PROBE = 0.01;
  /** Half the measured drop of 299 nats. */
  private static final double MARGIN_ELBO = 150;
}
