package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The recurrent layers, the sequence reading and recurrent dropout on tiny cases. */
class RecurrentLayersTest {

  private static JobSpec spec(String layers) {
    return SpecReader.parse("name: t\ndata: {source: mnist}\nmodel:\n  layers:\n" + layers
        + "optimizer: {type: adam, learningRate: 0.02}\n", "t");
  }

  private static MultiLayerNetwork network(String layers, InputShape input) {
    JobSpec spec = spec(layers);
    MultiLayerConfiguration conf =
        NetworkFactory.configuration(spec.model(), spec.optimizer(), 7, input);
    // Every worker rebuilds the network from its JSON: the custom parts must survive it.
    assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  @Test
  void readsAnImageRowByRow() {
    INDArray image = Nd4j.arange(2 * 3 * 4).castTo(DataType.FLOAT).reshape(2, 12);
    INDArray sequence = SequenceInput.of(InputShape.image(1, 3, 4))
        .preProcess(image, 2, LayerWorkspaceMgr.noWorkspaces());
    assertArrayEquals(new long[] {2, 4, 3}, sequence.shape());
    // Example 1, row 2 (the third step), column 1: flat position 12 + 2 * 4 + 1.
    assertEquals(21f, sequence.getFloat(1, 1, 2));
    INDArray back = SequenceInput.of(InputShape.image(1, 3, 4))
        .backprop(sequence, 2, LayerWorkspaceMgr.noWorkspaces());
    assertEquals(image, back);
  }

  @Test
  void manyToOneStacksGiveOneRowPerExample() {
    String[] stacks = {
        "    - {type: lstm, units: 6, bidirectional: true, returnSequences: true}\n"
            + "    - {type: rnn, units: 5, recurrentDropout: 0.3, dropout: 0.1}\n",
        "    - {type: gru, units: 5, returnSequences: true}\n"
            + "    - {type: global-pooling, pooling: avg}\n",
        "    - {type: gru, units: 5}\n"};
    for (String stack : stacks) {
      MultiLayerNetwork net = network(stack + "    - {type: output, units: 10}\n",
          InputShape.image(1, 7, 4));
      assertArrayEquals(new long[] {3, 10}, net.output(Nd4j.rand(DataType.FLOAT, 3, 28)).shape(),
          stack);
    }
  }

  /**
   * The GRU's parameter gradients against central differences of the loss. Float precision, so
   * a loose 3 % tolerance: enough to catch DL4J's SameDiff layer returning twice the gradient
   * ({@link CorrectedSameDiffLayer}).
   */
  @Test
  void gruGradientsMatchFiniteDifferences() {
    MultiLayerNetwork net = network("    - {type: gru, units: 3}\n"
        + "    - {type: output, units: 2}\n", InputShape.flat(4));
    Nd4j.getRandom().setSeed(5);
    DataSet data = new DataSet(
        Nd4j.rand(DataType.FLOAT, 3, 4).subi(0.5),
        Nd4j.eye(2).getRows(0, 1, 0).castTo(DataType.FLOAT));
    // Float network: a large step and a loose tolerance, every fifth element.
    new GradientCheck(1e-2, 5, 1e-3, 0.03).assertMatches(net, data,
        List.of("0_" + Gru.INPUT_WEIGHTS, "0_" + Gru.RECURRENT_WEIGHTS), "gru");
  }

  @Test
  void gruFollowsItsEquationsStepByStep() {
    int units = 3;
    int steps = 4;
    MultiLayerNetwork net = network("    - {type: gru, units: 3}\n"
        + "    - {type: output, units: 2}\n", InputShape.flat(steps));
    net.getLayer(0).getParam(Gru.BIAS).assign(Nd4j.rand(DataType.FLOAT, 1, 3 * units));
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, steps).subi(0.5);
    INDArray h = net.feedForwardToLayer(0, x).get(1);
    float[][] w = net.getLayer(0).getParam(Gru.INPUT_WEIGHTS).toFloatMatrix();
    float[][] r = net.getLayer(0).getParam(Gru.RECURRENT_WEIGHTS).toFloatMatrix();
    float[] b = net.getLayer(0).getParam(Gru.BIAS).toFloatVector();
    for (int example = 0; example < 2; example++) {
      double[] state = new double[units];
      for (int t = 0; t < steps; t++) {
        double input = x.getDouble(example, t);
        double[] next = new double[units];
        for (int j = 0; j < units; j++) {
          double z = sigmoid(input * w[0][j] + b[j] + dot(state, r, j));
          double reset = sigmoid(input * w[0][units + j] + b[units + j]
              + dot(state, r, units + j));
          double n = Math.tanh(input * w[0][2 * units + j] + b[2 * units + j]
              + reset * dot(state, r, 2 * units + j));
          next[j] = (1 - z) * n + z * state[j];
        }
        state = next;
      }
      for (int j = 0; j < units; j++) {
        assertEquals(state[j], h.getDouble(example, j), 1e-5);
      }
    }
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static double dot(double[] state, float[][] r, int column) {
    double sum = 0;
    for (int i = 0; i < state.length; i++) {
      sum += state[i] * r[i][column];
    }
    return sum;
  }

  @Test
  void recurrentDropoutDropsOnlyHiddenToHiddenWeightsAndOnlyInTraining() {
    MultiLayerNetwork net = network("    - {type: lstm, units: 40, recurrentDropout: 0.25, "
        + "returnSequences: true}\n    - {type: global-pooling}\n"
        + "    - {type: output, units: 10}\n", InputShape.image(1, 7, 4));
    LSTM lstm = (LSTM) net.getLayer(0);
    RecurrentDropConnect noise = new RecurrentDropConnect(0.25);
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    INDArray recurrent = lstm.getParam("RW");
    INDArray dropped = noise.getParameter(lstm, "RW", 0, 0, true, none);
    long zeros = dropped.eq(0).castTo(DataType.INT).sumNumber().longValue();
    double share = zeros / (double) recurrent.length();
    assertTrue(share > 0.2 && share < 0.3, "share dropped " + share);
    INDArray kept = dropped.neq(0);
    assertEquals(recurrent.mul(kept.castTo(DataType.FLOAT)).div(0.75), dropped);
    assertSame(lstm.getParam("W"), noise.getParameter(lstm, "W", 0, 0, true, none));
    assertSame(recurrent, noise.getParameter(lstm, "RW", 0, 0, false, none));
    assertNotEquals(dropped, noise.getParameter(lstm, "RW", 1, 0, true, none));
  }
}
