package io.sparktrain.model;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generates sequences from a next-symbol model (one-to-many): feeds the start symbol, draws the
 * next symbol from the softmax sharpened or flattened by a temperature, feeds it back, and stops
 * at the end symbol or after {@code maxLength} symbols. Steps through DL4J's
 * {@code rnnTimeStep}, which keeps the recurrent state between calls, so each symbol costs one
 * step, not a rerun of the prefix.
 *
 * @param start the symbol every sequence begins from (not part of the result)
 * @param end the symbol that ends a sequence (not part of the result)
 * @param maxLength the most symbols drawn, &gt;= 1, when the end symbol does not come
 * @param temperature divides the log-probabilities before the draw: 1 samples the model as it is,
 *     below 1 favours its likelier symbols; &gt; 0
 */
public record SymbolSampler(int start, int end, int maxLength, double temperature) {

  public SymbolSampler {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be >= 1, found " + maxLength);
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, found " + temperature);
    }
  }

  /**
   * One sequence, drawn with {@code random}; the network's recurrent state is cleared before and
   * after.
   *
   * @param network a next-symbol model whose input and output are one-hot over the same symbols
   */
  public int[] sample(MultiLayerNetwork network, Random random) {
    int symbols = Math.toIntExact(network.layerSize(network.getnLayers() - 1));
    network.rnnClearPreviousState();
    int[] drawn = new int[maxLength];
    int length = 0;
    int previous = start;
    while (length < maxLength) {
      INDArray input = Nd4j.zeros(network.getLayerWiseConfigurations().getDataType(), 1,
          symbols, 1);
      input.putScalar(new long[] {0, previous, 0}, 1.0);
      INDArray out = network.rnnTimeStep(input);
      double[] p = out.reshape(symbols).toDoubleVector();
      previous = draw(p, random);
      if (previous == end) {
        break;
      }
      drawn[length++] = previous;
    }
    network.rnnClearPreviousState();
    return Arrays.copyOf(drawn, length);
  }

  /** A symbol drawn from {@code probabilities} raised to {@code 1 / temperature}, renormalised. */
  int draw(double[] probabilities, Random random) {
    double[] weights = new double[probabilities.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.pow(Math.max(probabilities[i], 0), 1 / temperature);
      total += weights[i];
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
