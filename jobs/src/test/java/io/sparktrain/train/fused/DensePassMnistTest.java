package io.sparktrain.train.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The default job's network (with its dropout) trained 300 steps on real MNIST by the fused step
 * with sparktrain's own forward and backward, and by DL4J's {@code fit()}: both learn, and to the
 * same accuracy on held-out digits. Reads the IDX files of the data cache, fetching them first
 * where they are absent.
 */
class DensePassMnistTest {

  private static final int TRAIN = 6_400;
  private static final int TEST = 2_000;
  private static final int BATCH = 64;
  private static final int STEPS = 300;

  @Test
  void ownForwardBackwardLearnsMnistAsFitDoes() throws IOException {
    assumeTrue(FusedStep.AVAILABLE, "the JVM runs without --add-modules jdk.incubator.vector");
    INDArray trainX = images("train-images-idx3-ubyte", TRAIN);
    INDArray trainY = labels("train-labels-idx1-ubyte", TRAIN);
    INDArray testX = images("t10k-images-idx3-ubyte", TEST);
    INDArray testY = labels("t10k-labels-idx1-ubyte", TEST);
    JobSpec job = SpecReader.read(Path.of("..", "conf", "mnist-mlp.yaml"));
    MultiLayerNetwork viaFit = DensePassTest.defaultJobNetwork(job, true);
    MultiLayerNetwork viaOwn = DensePassTest.defaultJobNetwork(job, true);
    FusedStep own = FusedStep.of(viaOwn, true);
    assertTrue(own.ownsForwardBackward());
    Nd4j.getRandom().setSeed(1);
    for (int s = 0; s < STEPS; s++) {
      int from = s * BATCH % TRAIN;
      INDArray x = trainX.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + BATCH));
      INDArray y = trainY.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + BATCH));
      viaFit.fit(x, y);
      own.step(x, y);
    }
    double fit = accuracy(viaFit, testX, testY);
    double mine = accuracy(viaOwn, testX, testY);
    System.out.printf("MNIST, %d steps: fit %.4f, own forward/backward %.4f%n", STEPS, fit, mine);
    assertTrue(fit > 0.88, "fit's accuracy " + fit);
    assertTrue(mine > 0.88, "own forward/backward's accuracy " + mine);
    assertEquals(fit, mine, 0.02, "accuracy after " + STEPS + " steps");

    // The own pass's inference on the held-out digits, in scoring's batches and a short one:
    // DL4J's output to float rounding, and the same predicted digits.
    INDArray expected = viaOwn.output(testX, false);
    int differentDigits = 0;
    for (int from = 0; from < TEST; from += 1024) {
      int to = Math.min(TEST, from + 1024);
      INDArray rows = testX.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup();
      INDArray predicted = own.output(rows);
      INDArray reference = expected.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
      double largest = Transforms.abs(predicted.sub(reference)).maxNumber().doubleValue();
      assertTrue(largest < 1e-5, "rows " + from + "-" + to + ": largest difference " + largest);
      differentDigits += predicted.argMax(1).neq(reference.argMax(1)).castTo(DataType.INT)
          .sumNumber().intValue();
    }
    assertEquals(0, differentDigits, "digits predicted otherwise than by DL4J's output");
  }

  private static double accuracy(MultiLayerNetwork network, INDArray x, INDArray y) {
    INDArray predicted = network.output(x, false).argMax(1);
    INDArray truth = y.argMax(1);
    return predicted.eq(truth).castTo(DataType.FLOAT).meanNumber().doubleValue();
  }

  private static INDArray images(String file, int count) throws IOException {
    try (DataInputStream in = open(file)) {
      in.readInt();
      in.readInt();
      int pixels = in.readInt() * in.readInt();
      byte[] raw = new byte[count * pixels];
      in.readFully(raw);
      float[] scaled = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        scaled[i] = (raw[i] & 0xff) / 255f;
      }
      return Nd4j.create(scaled, new long[] {count, pixels}, 'c');
    }
  }

  private static INDArray labels(String file, int count) throws IOException {
    try (DataInputStream in = open(file)) {
      in.readInt();
      in.readInt();
      INDArray oneHot = Nd4j.zeros(DataType.FLOAT, count, 10);
      for (int r = 0; r < count; r++) {
        oneHot.putScalar(r, in.readUnsignedByte(), 1f);
      }
      return oneHot;
    }
  }

  private static DataInputStream open(String file) throws IOException {
    // Fetched here rather than in a static initialiser, so that a failed fetch fails the test
    // with its own message instead of an ExceptionInInitializerError.
    Path mnist = DataCache.fromEnvironment().ensure("mnist");
    InputStream raw = Files.newInputStream(mnist.resolve(file));
    return new DataInputStream(new java.io.BufferedInputStream(raw));
  }
}
