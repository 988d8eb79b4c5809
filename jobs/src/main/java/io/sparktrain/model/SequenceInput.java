package io.sparktrain.model;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Reads flat examples as sequences for a recurrent first layer: [batch, steps * features], stored
 * step after step, becomes DL4J's [batch, features, steps]. An image arrives row-major, so each
 * of its rows is one step (MNIST row by row: 28 steps of 28 pixels); a flat vector is a series of
 * one value per step (a forecasting window).
 */
public final class SequenceInput implements InputPreProcessor {

  @JsonProperty
  private long features;
  @JsonProperty
  private long steps;

  /** For DL4J's JSON deserialization only. */
  private SequenceInput() {}

  public SequenceInput(long features, long steps) {
    this.features = features;
    this.steps = steps;
  }

  /**
   * How {@code input} reads as a sequence: one step per image row (single-channel images only,
   * whose rows are contiguous), one step per value otherwise.
   *
   * @throws IllegalArgumentException for images of several channels
   */
  public static SequenceInput of(InputShape input) {
    if (input.image() && input.channels() != 1) {
      throw new IllegalArgumentException("a recurrent first layer reads an image row by row; "
          + "found " + input.channels() + " channels, only 1 is supported");
    }
    return input.image() ? new SequenceInput(input.width(), input.height())
        : new SequenceInput(1, input.width());
  }

  @Override
  public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
    INDArray sequence = input.reshape('c', input.size(0), steps, features).permute(0, 2, 1);
    return workspaceMgr.dup(ArrayType.ACTIVATIONS, sequence, 'f');
  }

  @Override
  public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
    INDArray stepsFirst = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.permute(0, 2, 1),
        'c');
    return stepsFirst.reshape('c', output.size(0), steps * features);
  }

  @Override
  public InputPreProcessor clone() {
    return new SequenceInput(features, steps);
  }

  @Override
  public InputType getOutputType(InputType inputType) {
    return InputType.recurrent(features, steps);
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray,
      MaskState currentMaskState, int minibatchSize) {
    return new Pair<>(maskArray, currentMaskState);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SequenceInput s && s.features == features && s.steps == steps;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(features * 31 + steps);
  }
}
