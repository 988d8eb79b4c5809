package io.sparktrain.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A highway layer (Srivastava, Greff and Schmidhuber 2015, "Training Very Deep Networks"):
 * {@code y = H(x) * T(x) + x * (1 - T(x))} with {@code H(x) = act(x W_H + b_H)} and the transform
 * gate {@code T(x) = sigmoid(x W_T + b_T)}. Its width is its input's, so the carried x needs no
 * projection. The gate's bias starts at {@link #GATE_BIAS}: every layer then begins by mostly
 * carrying its input through, which is what lets a deep stack of them train where the same depth
 * of plain layers stalls (the paper suggests -1 to -3 and used -2 for its deep nets).
 *
 * <p>DL4J 1.0.0-M2.1 has no highway layer; this SameDiff layer's four parameters live in the
 * network's flat vector like a dense layer's, so the engine averages them and their optimizer
 * state unchanged. L1/L2 apply to the two weight matrices, not to the biases.
 */
public final class Highway extends FeatureVectorLayer {

  /** The transform gate's initial bias: sigmoid(-2) = 0.12, so 88 % of x is carried at first. */
  public static final double GATE_BIAS = -2.0;

  static final String WEIGHTS = "W";
  static final String BIAS = "b";
  static final String GATE_WEIGHTS = "WT";
  static final String GATE = "bT";

  @JsonProperty
  private Activation activation;

  /** For DL4J's JSON deserialization only. */
  private Highway() {}

  Highway(Activation activation, WeightInit init, double l1, double l2) {
    this.activation = activation;
    this.weightInit = init;
    this.regularization = Penalties.of(l1, l2);
    this.regularizationBias = List.of();
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params,
      SDVariable mask) {
    SDVariable h = activation.asSameDiff(sd,
        input.mmul(params.get(WEIGHTS)).add(params.get(BIAS)));
    SDVariable t = sd.nn().sigmoid(input.mmul(params.get(GATE_WEIGHTS)).add(params.get(GATE)));
    // y = x + T * (H - x): the same sum with one product fewer.
    return sd.identity(input.add(t.mul(h.sub(input))));
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam(WEIGHTS, nIn, nIn);
    params.addBiasParam(BIAS, 1, nIn);
    params.addWeightParam(GATE_WEIGHTS, nIn, nIn);
    params.addBiasParam(GATE, 1, nIn);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    initWeights((int) nIn, (int) nIn, weightInit, params.get(WEIGHTS));
    initWeights((int) nIn, (int) nIn, weightInit, params.get(GATE_WEIGHTS));
    params.get(BIAS).assign(0);
    params.get(GATE).assign(GATE_BIAS);
  }

  @Override
  long outputSize() {
    return nIn;
  }

  @Override
  String specName() {
    return "highway";
  }
}
