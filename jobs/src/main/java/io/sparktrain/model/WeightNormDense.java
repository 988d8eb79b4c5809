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
 * A dense layer whose unit j has weights {@code w_j = g_j * v_j / |v_j|} (Salimans and Kingma
 * 2016, "Weight Normalization"): the gradient moves the direction v and the length g separately,
 * which conditions the descent better than moving w. DL4J 1.0.0-M2.1 has no such layer (its
 * dense layer offers layer normalization only), so this one is a SameDiff layer: DL4J derives the
 * gradient, and v, g and b live in the network's flat parameter vector like any layer's, so the
 * engine averages them and their optimizer state unchanged.
 *
 * <p>v starts from {@code weightInit} and g at |v|, so the first forward pass equals a plain
 * dense layer's with the same init (the paper's data-dependent init is not done). L1/L2 apply to
 * v only; g and b are unpenalized, as a bias is.
 */
public final class WeightNormDense extends FeatureVectorLayer {

  static final String DIRECTION = "v";
  static final String LENGTH = "g";
  static final String BIAS = "b";

  @JsonProperty
  private long nOut;
  @JsonProperty
  private Activation activation;

  /** For DL4J's JSON deserialization only. */
  private WeightNormDense() {}

  WeightNormDense(long nOut, Activation activation, WeightInit init, double l1, double l2) {
    this.nOut = nOut;
    this.activation = activation;
    this.weightInit = init;
    this.regularization = Penalties.of(l1, l2);
    this.regularizationBias = List.of();
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params,
      SDVariable mask) {
    SDVariable v = params.get(DIRECTION);
    SDVariable norms = sd.math().sqrt(v.mul(v).sum(true, 0));
    SDVariable w = v.mul(params.get(LENGTH).div(norms));
    return activation.asSameDiff(sd, input.mmul(w).add(params.get(BIAS)));
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam(DIRECTION, nIn, nOut);
    // g is a length, not a weight: registered as a bias so that no penalty shrinks it.
    params.addBiasParam(LENGTH, 1, nOut);
    params.addBiasParam(BIAS, 1, nOut);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    INDArray v = params.get(DIRECTION);
    initWeights((int) nIn, (int) nOut, weightInit, v);
    params.get(LENGTH).assign(v.norm2(0).reshape(1, nOut));
    params.get(BIAS).assign(0);
  }

  @Override
  long outputSize() {
    return nOut;
  }

  @Override
  String specName() {
    return "dense (weightNorm)";
  }


}
