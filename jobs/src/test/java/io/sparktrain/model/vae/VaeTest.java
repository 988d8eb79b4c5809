package io.sparktrain.model.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.data.MnistSample;
import io.sparktrain.model.LossGradients;
import io.sparktrain.train.AveragingEngine;
import io.sparktrain.train.EngineOptions;
import io.sparktrain.train.RoundListener;
import io.sparktrain.train.LocalSparkTest;
import io.sparktrain.train.Target;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The VAE graph: its KL loss's value and gradient, and on real MNIST through the averaging
 * engine with 2 workers, a falling negative ELBO, a reconstruction better than the mean image's,
 * and its samples and reconstructions written as PNG grids.
 */
class VaeTest extends LocalSparkTest {

  private static final long SEED = 21;

  @Test
  void klLossIsZeroAtThePriorAndItsGradientMatchesFiniteDifferences() {
    var identity = Activation.IDENTITY.getActivationFunction();
    KlLoss kl = new KlLoss();
    assertEquals(0.0, kl.computeScore(null, Nd4j.zeros(3, 4), identity, null, true), 1e-12);
    // mu = 1, logVar = 0: 1/2 * mu^2.
    INDArray one = Nd4j.create(new double[][] {{1, 0}});
    assertEquals(0.5, kl.computeScore(null, one, identity, null, false), 1e-9);
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, 6).subi(0.5);
    LossGradients.assertMatchFiniteDifferences(kl, null, x);
  }

  @Test
  void trainsOnMnistBeyondTheMeanImageAndWritesImageGrids(@TempDir Path run) throws Exception {
    List<Example> train = MnistSample.images(true, 0, 6000);
    INDArray test = MnistSample.features(MnistSample.images(false, 0, 1000));
    VaeNetworks.Shape shape = new VaeNetworks.Shape(784, 256, 16, 1e-3, SEED);
    double before = negativeElbo(VaeNetworks.vae(shape), test);
    ComputationGraph vae = VaeNetworks.vae(shape);
    EngineOptions options = new EngineOptions(64, 4, new Target(784, true), SEED, true);
    try (AveragingEngine engine = new AveragingEngine(sc, sc.parallelize(train, 2), vae,
        options)) {
      for (int epoch = 0; epoch < 3; epoch++) {
        var result = engine.trainEpoch(epoch, RoundListener.NONE);
        System.out.printf("vae epoch %d loss %.2f%n", epoch + 1, result.meanLoss());
      }
    }
    double after = negativeElbo(vae, test);
    double reconstruction = VaeNetworks.crossEntropy(test,
        VaeNetworks.reconstruct(vae, test)).meanNumber().doubleValue();
    INDArray meanImage = MnistSample.features(train.subList(0, 6000)).mean(true, 0);
    double baseline = VaeNetworks.crossEntropy(test,
        meanImage.repeat(0, test.rows())).meanNumber().doubleValue();
    System.out.printf("vae: -ELBO %.1f (untrained %.1f), reconstruction %.1f nats, mean image "
        + "%.1f%n", after, before, reconstruction, baseline);
    assertTrue(after < before - 100, "-ELBO " + after + " vs untrained " + before);
    assertTrue(reconstruction < baseline - 20, reconstruction + " vs mean image " + baseline);

    Nd4j.getRandom().setSeed(SEED);
    ImageGrid.write(VaeNetworks.decode(vae, Nd4j.randn(64, 16)), 28, 8,
        run.resolve("samples.png"));
    ImageGrid.write(Nd4j.vstack(test.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32),
        org.nd4j.linalg.indexing.NDArrayIndex.all()), VaeNetworks.reconstruct(vae,
        test.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32),
            org.nd4j.linalg.indexing.NDArrayIndex.all()))), 28, 8,
        run.resolve("reconstructions.png"));
    BufferedImage samples = ImageIO.read(run.resolve("samples.png").toFile());
    assertEquals(8 * 28, samples.getWidth());
    assertEquals(8 * 28, samples.getHeight());
    assertEquals(8 * 28, ImageIO.read(run.resolve("reconstructions.png").toFile()).getHeight());
  }

  /** Reconstruction (through the means) plus KL, per image, averaged: nats. */
  private static double negativeElbo(ComputationGraph vae, INDArray images) {
    INDArray posterior = vae.feedForward(new INDArray[] {images}, false, false)
        .get(VaeNetworks.POSTERIOR);
    double kl = new KlLoss().computeScore(null, posterior,
        Activation.IDENTITY.getActivationFunction(), null, true);
    return VaeNetworks.crossEntropy(images, VaeNetworks.reconstruct(vae, images))
        .meanNumber().doubleValue() + kl;
  }

}
