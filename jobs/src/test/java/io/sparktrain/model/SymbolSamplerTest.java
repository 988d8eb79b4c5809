package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class SymbolSamplerTest {

  private static final int SYMBOLS = 6;
  private static final int START = 0;
  private static final int END = 1;

  /** An untrained LSTM next-symbol model over six symbols. */
  private static MultiLayerNetwork network(long seed) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
        .list()
        .layer(new LSTM.Builder().nOut(8).activation(Activation.TANH).build())
        .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX).nOut(SYMBOLS).build())
        .setInputType(InputType.recurrent(SYMBOLS)).build());
    net.init();
    return net;
  }

  /** The network with its output weights zeroed and one symbol's bias far above the others. */
  private static MultiLayerNetwork always(int symbol) {
    MultiLayerNetwork net = network(1);
    net.getLayer(1).getParam("W").assign(0);
    net.getLayer(1).getParam("b").assign(0).putScalar(symbol, 50);
    return net;
  }

  @Test
  void sameSeedSameSequencesOtherSeedOthers() {
    SymbolSampler sampler = new SymbolSampler(START, END, 12, 1.0);
    MultiLayerNetwork net = network(7);
    int[][] first = new int[10][];
    int[][] again = new int[10][];
    int[][] other = new int[10][];
    Random a = new Random(3);
    Random b = new Random(3);
    Random c = new Random(4);
    for (int i = 0; i < 10; i++) {
      first[i] = sampler.sample(net, a);
      again[i] = sampler.sample(net, b);
      other[i] = sampler.sample(net, c);
    }
    assertTrue(Arrays.deepEquals(first, again));
    assertFalse(Arrays.deepEquals(first, other));
  }

  @Test
  void stopsAtTheEndSymbolWithoutEmittingIt() {
    assertArrayEquals(new int[0],
        new SymbolSampler(START, END, 12, 1.0).sample(always(END), new Random(1)));
  }

  @Test
  void stopsAtMaxLengthWhenTheEndNeverComes() {
    int[] drawn = new SymbolSampler(START, END, 7, 1.0).sample(always(4), new Random(1));
    assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 4}, drawn);
  }

  @Test
  void lowTemperatureDrawsTheLikeliestSymbol() {
    double[] p = {0.1, 0.2, 0.4, 0.3};
    SymbolSampler cold = new SymbolSampler(START, END, 5, 0.01);
    Random random = new Random(5);
    for (int i = 0; i < 50; i++) {
      assertEquals(2, cold.draw(p, random));
    }
  }

  @Test
  void rejectsAZeroTemperatureAndMaxLength() {
    assertThrows(IllegalArgumentException.class, () -> new SymbolSampler(START, END, 5, 0));
    assertThrows(IllegalArgumentException.class, () -> new SymbolSampler(START, END, 0, 1));
  }
}
