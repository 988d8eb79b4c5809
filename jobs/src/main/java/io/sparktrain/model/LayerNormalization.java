package io.sparktrain.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016): each example's features are shifted to mean 0
 * and scaled to variance 1 over the features themselves, then multiplied by a learned gain and
 * shifted by a learned bias. Unlike batch norm it keeps no running statistics, so training and
 * inference compute the same thing and the batch size does not matter. DL4J 1.0.0-M2.1 offers it
 * only inside its dense layer ({@code hasLayerNorm}, before the activation); this standalone
 * SameDiff layer can follow any layer that emits feature vectors.
 */
public final class LayerNormalization extends FeatureVectorLayer {

  static final String GAIN = "gain";
  static final String BIAS = "bias";

  @JsonProperty
  private double epsilon;

  /** For DL4J's JSON deserialization only. */
  private LayerNormalization() {}

  /** @param epsilon added to the variance before its square root, &gt; 0 */
  LayerNormalization(double epsilon) {
    this.epsilon = epsilon;
    this.regularization = List.of();
    this.regularizationBias = List.of();
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params,
      SDVariable mask) {
    SDVariable centred = input.sub(input.mean(true, 1));
    SDVariable variance = centred.mul(centred).mean(true, 1);
    SDVariable standardized = centred.div(sd.math().sqrt(variance.add(epsilon)));
    return standardized.mul(params.get(GAIN)).add(params.get(BIAS));
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addBiasParam(GAIN, 1, nIn);
    params.addBiasParam(BIAS, 1, nIn);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    params.get(GAIN).assign(1);
    params.get(BIAS).assign(0);
  }

  @Override
  long outputSize() {
    return nIn;
  }

  @Override
  String specName() {
    return "layernorm";
  }

}
