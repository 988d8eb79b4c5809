package io.sparktrain.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Recurrent dropout as DropConnect on the hidden-to-hidden matrix (Wan et al. 2013; the
 * weight-dropped LSTM of Merity, Keskar and Socher 2018): during training each recurrent weight
 * is zeroed with probability {@code p} for the whole mini-batch and the rest scaled by
 * {@code 1 / (1 - p)}, so the same connections are dropped at every step of a sequence (as Gal and
 * Ghahramani 2016 require for the recurrence) while the inputs and biases stay whole. DL4J's
 * own {@code DropConnect} would drop the input weights too. DL4J's recurrent layers read their
 * recurrent weights through the layer's weight noise once per forward pass and reuse the noisy
 * copy in backpropagation, so the gradient flows through the kept connections only.
 */
public final class RecurrentDropConnect implements IWeightNoise {

  /** DL4J's name of the recurrent weights of its LSTM and SimpleRnn. */
  static final String RECURRENT_WEIGHTS = "RW";

  @JsonProperty
  private double p;

  /** For DL4J's JSON deserialization only. */
  private RecurrentDropConnect() {}

  /** @param p probability of dropping each recurrent weight, in (0, 1) */
  public RecurrentDropConnect(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("recurrent dropout must be in (0, 1), found " + p);
    }
    this.p = p;
  }

  public double p() {
    return p;
  }

  @Override
  public INDArray getParameter(Layer layer, String paramKey, int iteration, int epoch,
      boolean train, LayerWorkspaceMgr workspaceMgr) {
    INDArray param = layer.getParam(paramKey);
    if (!train || !RECURRENT_WEIGHTS.equals(paramKey)) {
      return param;
    }
    INDArray keep = Nd4j.rand(param.dataType(), param.shape()).gt(p).castTo(param.dataType());
    return keep.muli(param).divi(1 - p);
  }

  @Override
  public IWeightNoise clone() {
    return new RecurrentDropConnect(p);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecurrentDropConnect other && other.p == p;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(p);
  }
}
