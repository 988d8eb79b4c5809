package io.sparktrain.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cuts an image into non-overlapping patches and projects each, flattened (channel, row,
 * column), to {@code nOut} channels with one shared linear map: the input stage of gMLP (Liu et
 * al. 2021) and of ViT. It emits a sequence of patches, {@code [batch, channels, patches]} in
 * row-major patch order (DL4J's recurrent layout), so {@link GmlpBlock}s and a
 * {@code global-pooling} over the patches can follow.
 */
public final class PatchEmbedding extends CorrectedSameDiffLayer {

  static final String WEIGHTS = "W";
  static final String BIAS = "b";

  @JsonProperty
  private long nOut;
  @JsonProperty
  private int patchHeight;
  @JsonProperty
  private int patchWidth;
  @JsonProperty
  private long channels;
  @JsonProperty
  private long height;
  @JsonProperty
  private long width;

  /** For DL4J's JSON deserialization only. */
  private PatchEmbedding() {}

  PatchEmbedding(long nOut, int patchHeight, int patchWidth, WeightInit init) {
    this.nOut = nOut;
    this.patchHeight = patchHeight;
    this.patchWidth = patchWidth;
    this.weightInit = init;
    this.regularization = List.of();
    this.regularizationBias = List.of();
  }

  private long patches() {
    return (height / patchHeight) * (width / patchWidth);
  }

  private long patchSize() {
    return channels * patchHeight * patchWidth;
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params,
      SDVariable mask) {
    SDVariable grid = input.reshape(-1, channels, height / patchHeight, patchHeight,
        width / patchWidth, patchWidth);
    // [batch, rows of patches, columns of patches, channel, row in patch, column in patch]
    SDVariable rows = grid.permute(0, 2, 4, 1, 3, 5).reshape(-1, patchSize());
    SDVariable projected = rows.mmul(params.get(WEIGHTS)).add(params.get(BIAS));
    return projected.reshape(-1, patches(), nOut).permute(0, 2, 1);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.recurrent(nOut, patches());
  }

  /**
   * @throws IllegalArgumentException when the input is no image or the patch does not tile it
   */
  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (inputType instanceof InputType.InputTypeConvolutionalFlat flat) {
      channels = flat.getDepth();
      height = flat.getHeight();
      width = flat.getWidth();
    } else if (inputType instanceof InputType.InputTypeConvolutional c) {
      channels = c.getChannels();
      height = c.getHeight();
      width = c.getWidth();
    } else {
      throw new IllegalArgumentException("a patch-embedding layer reads images, found "
          + inputType);
    }
    if (height % patchHeight != 0 || width % patchWidth != 0) {
      throw new IllegalArgumentException("patch-embedding: the kernel [" + patchHeight + ", "
          + patchWidth + "] must tile the " + height + "x" + width + " image exactly");
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    // DL4J asks before it calls setNIn.
    return inputType instanceof InputType.InputTypeConvolutionalFlat f
        ? new FeedForwardToCnnPreProcessor(f.getHeight(), f.getWidth(), f.getDepth()) : null;
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam(WEIGHTS, patchSize(), nOut);
    params.addBiasParam(BIAS, 1, nOut);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    initWeights((int) patchSize(), (int) nOut, weightInit, params.get(WEIGHTS));
    params.get(BIAS).assign(0);
  }
}
