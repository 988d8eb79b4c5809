package io.sparktrain.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * One gMLP block (Liu, Dai, So and Le 2021, "Pay Attention to MLPs") over a sequence of patches
 * {@code [batch, d, patches]}: per patch, layer norm over the d channels, a channel projection to
 * {@code units} with GELU, then the spatial gating unit: the units split in halves Z1, Z2; Z2 is
 * layer-normalized and mixed ACROSS PATCHES by a learned [patches x patches] projection; the gate
 * is Z1 times that; a channel projection back to d, plus the block's input (residual).
 *
 * <p>The spatial weights start near 0 (normal, sd {@link #SPATIAL_SD}) and their bias at 1, as the
 * paper prescribes: the gate starts as the identity on Z1, so each block begins as a plain
 * per-patch MLP and learns to mix patches. The number of patches is fixed by the input type.
 * DL4J has no such layer; a SameDiff layer keeps every parameter in the flat vector the engine
 * averages.
 */
public final class GmlpBlock extends CorrectedSameDiffLayer {

  /** Standard deviation of the initial spatial weights: "near-zero" in the paper. */
  static final double SPATIAL_SD = 1e-3;

  static final String NORM_GAIN = "g1";
  static final String NORM_BIAS = "b1";
  static final String UP = "U";
  static final String UP_BIAS = "bU";
  static final String GATE_GAIN = "g2";
  static final String GATE_BIAS = "b2";
  static final String SPATIAL = "Ws";
  static final String SPATIAL_BIAS = "bs";
  static final String DOWN = "V";
  static final String DOWN_BIAS = "bV";

  @JsonProperty
  private long units;
  @JsonProperty
  private double epsilon;
  @JsonProperty
  private long channels;
  @JsonProperty
  private long patches;

  /** For DL4J's JSON deserialization only. */
  private GmlpBlock() {}

  /** @param units the channel projection's width, even: split into the gate's two halves */
  GmlpBlock(long units, double epsilon, WeightInit init) {
    this.units = units;
    this.epsilon = epsilon;
    this.weightInit = init;
    this.regularization = List.of();
    this.regularizationBias = List.of();
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p,
      SDVariable mask) {
    long half = units / 2;
    // One row per (example, patch): the channel maps are plain matrix products.
    SDVariable x = input.permute(0, 2, 1).reshape(-1, channels);
    SDVariable normed = normalize(sd, x, p.get(NORM_GAIN), p.get(NORM_BIAS));
    SDVariable z = sd.nn().gelu(normed.mmul(p.get(UP)).add(p.get(UP_BIAS)));
    SDVariable z1 = z.get(SDIndex.all(), SDIndex.interval(0L, half));
    SDVariable z2 = normalize(sd, z.get(SDIndex.all(), SDIndex.interval(half, units)),
        p.get(GATE_GAIN), p.get(GATE_BIAS));
    // One row per (example, channel) for the projection across patches.
    SDVariable acrossPatches = z2.reshape(-1, patches, half).permute(0, 2, 1).reshape(-1, patches);
    SDVariable mixed = acrossPatches.mmul(p.get(SPATIAL)).add(p.get(SPATIAL_BIAS))
        .reshape(-1, half, patches).permute(0, 2, 1).reshape(-1, half);
    SDVariable out = z1.mul(mixed).mmul(p.get(DOWN)).add(p.get(DOWN_BIAS)).add(x);
    return out.reshape(-1, patches, channels).permute(0, 2, 1);
  }

  /** Layer norm over each row's features (Ba et al. 2016), as {@link LayerNormalization}. */
  private SDVariable normalize(SameDiff sd, SDVariable rows, SDVariable gain, SDVariable bias) {
    SDVariable centred = rows.sub(rows.mean(true, 1));
    SDVariable variance = centred.mul(centred).mean(true, 1);
    return centred.div(sd.math().sqrt(variance.add(epsilon))).mul(gain).add(bias);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.recurrent(channels, patches);
  }

  /** @throws IllegalArgumentException unless the input is a sequence of known length */
  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (!(inputType instanceof InputType.InputTypeRecurrent r) || r.getTimeSeriesLength() <= 0) {
      throw new IllegalArgumentException("a gmlp layer reads a sequence of patches of known "
          + "length (after a patch-embedding layer), found " + inputType);
    }
    channels = r.getSize();
    patches = r.getTimeSeriesLength();
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    long half = units / 2;
    params.addBiasParam(NORM_GAIN, 1, channels);
    params.addBiasParam(NORM_BIAS, 1, channels);
    params.addWeightParam(UP, channels, units);
    params.addBiasParam(UP_BIAS, 1, units);
    params.addBiasParam(GATE_GAIN, 1, half);
    params.addBiasParam(GATE_BIAS, 1, half);
    params.addWeightParam(SPATIAL, patches, patches);
    params.addBiasParam(SPATIAL_BIAS, 1, patches);
    params.addWeightParam(DOWN, half, channels);
    params.addBiasParam(DOWN_BIAS, 1, channels);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    params.get(NORM_GAIN).assign(1);
    params.get(NORM_BIAS).assign(0);
    initWeights((int) channels, (int) units, weightInit, params.get(UP));
    params.get(UP_BIAS).assign(0);
    params.get(GATE_GAIN).assign(1);
    params.get(GATE_BIAS).assign(0);
    INDArray spatial = params.get(SPATIAL);
    spatial.assign(Nd4j.randn(spatial.dataType(), spatial.shape()).muli(SPATIAL_SD));
    params.get(SPATIAL_BIAS).assign(1);
    initWeights((int) (units / 2), (int) channels, weightInit, params.get(DOWN));
    params.get(DOWN_BIAS).assign(0);
  }
}
