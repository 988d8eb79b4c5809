package io.sparktrain.model;

import io.sparktrain.spec.LayerSpec;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A gated recurrent unit (Cho et al. 2014) over sequences [batch, nIn, steps], emitting
 * [batch, units, steps], or only the last step [batch, units]. DL4J 1.0.0-M2.1 has no GRU layer, so this SameDiff layer unrolls the
 * recurrence over the sequence's known length. The reset gate multiplies the recurrent product
 * after the matrix product, as cuDNN and PyTorch do:
 * <pre>
 *   z = sigmoid(x W_z + h R_z + b_z)        update gate
 *   r = sigmoid(x W_r + h R_r + b_r)        reset gate
 *   n = f(x W_n + r * (h R_n) + b_n)        candidate, f the layer's activation (tanh)
 *   h' = (1 - z) * n + z * h
 * </pre>
 * Gates are stored side by side: W [nIn, 3 units], R [units, 3 units], b [1, 3 units].
 */
public final class Gru extends CorrectedSameDiffLayer {

  static final String INPUT_WEIGHTS = "W";
  static final String RECURRENT_WEIGHTS = "RW";
  static final String BIAS = "b";

  @JsonProperty
  private long nIn;
  @JsonProperty
  private long units;
  @JsonProperty
  private long steps;
  @JsonProperty
  private LayerSpec.Activation candidate;
  @JsonProperty
  private LayerSpec.WeightInit init;
  /** Whether every step is emitted; otherwise the last (DL4J's LastTimeStep takes only its own). */
  @JsonProperty
  private boolean returnSequences;

  /** For DL4J's JSON deserialization only. */
  private Gru() {}

  /** @param l a resolved {@code gru} layer spec */
  Gru(LayerSpec l) {
    this.units = l.units();
    this.candidate = l.activation();
    this.init = l.weightInit();
    this.returnSequences = l.returnSequences();
    this.regularization = Penalties.of(l.l1(), l.l2());
    this.regularizationBias = List.of();
    if (l.dropout() != null && l.dropout() > 0) {
      this.iDropout = new org.deeplearning4j.nn.conf.dropout.Dropout(1.0 - l.dropout());
    }
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params,
      SDVariable mask) {
    SDVariable w = params.get(INPUT_WEIGHTS);
    SDVariable rw = params.get(RECURRENT_WEIGHTS);
    SDVariable b = params.get(BIAS);
    SDVariable[] outputs = new SDVariable[(int) steps];
    SDVariable h = null;
    for (int t = 0; t < steps; t++) {
      SDVariable x = input.get(SDIndex.all(), SDIndex.all(), SDIndex.point(t));
      SDVariable xw = x.mmul(w).add(b);
      if (h == null) {
        // h_{-1} = 0: the recurrent products vanish and the reset gate has nothing to reset.
        SDVariable z = sd.nn().sigmoid(gate(xw, 0));
        h = z.rsub(1.0).mul(activate(sd, gate(xw, 2)));
      } else {
        SDVariable hr = h.mmul(rw);
        SDVariable z = sd.nn().sigmoid(gate(xw, 0).add(gate(hr, 0)));
        SDVariable r = sd.nn().sigmoid(gate(xw, 1).add(gate(hr, 1)));
        SDVariable n = activate(sd, gate(xw, 2).add(r.mul(gate(hr, 2))));
        h = z.rsub(1.0).mul(n).add(z.mul(h));
      }
      outputs[t] = h;
    }
    return returnSequences ? sd.stack(2, outputs) : h;
  }

  private SDVariable gate(SDVariable all, int index) {
    return all.get(SDIndex.all(), SDIndex.interval(index * units, (index + 1) * units));
  }

  private SDVariable activate(SameDiff sd, SDVariable v) {
    return switch (candidate) {
      case TANH -> sd.math().tanh(v);
      case SIGMOID -> sd.nn().sigmoid(v);
      case RELU -> sd.nn().relu(v, 0);
      case IDENTITY -> v;
      default -> throw new IllegalArgumentException("a gru layer's activation must be tanh, "
          + "sigmoid, relu or identity, found " + candidate);
    };
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam(INPUT_WEIGHTS, nIn, 3 * units);
    params.addWeightParam(RECURRENT_WEIGHTS, units, 3 * units);
    params.addBiasParam(BIAS, 1, 3 * units);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    org.deeplearning4j.nn.weights.WeightInit scheme = LayerFactory.weightInit(init);
    for (String key : List.of(INPUT_WEIGHTS, RECURRENT_WEIGHTS)) {
      INDArray p = params.get(key);
      long fanIn = key.equals(INPUT_WEIGHTS) ? nIn : units;
      p.assign(WeightInitUtil.initWeights(fanIn, units, p.shape(), scheme, null, 'c',
          p.dup()));
    }
    params.get(BIAS).assign(0);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return returnSequences ? InputType.recurrent(units, steps) : InputType.feedForward(units);
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
      throw new IllegalArgumentException("a gru layer reads sequences, found " + inputType);
    }
    if (r.getTimeSeriesLength() <= 0) {
      throw new IllegalArgumentException("a gru layer needs sequences of a known length");
    }
    if (nIn <= 0 || override) {
      nIn = r.getSize();
    }
    steps = r.getTimeSeriesLength();
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }
}
