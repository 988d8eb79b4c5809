package io.sparktrain.model;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A SameDiff layer of sparktrain's that reads a feature vector per example ([batch, nIn]) and
 * emits one ([batch, nOut]); nIn is taken from DL4J's input-type inference, images flattened.
 * Its backward pass and parameter layout are {@link CorrectedSameDiffLayer}'s.
 */
abstract class FeatureVectorLayer extends CorrectedSameDiffLayer {

  @JsonProperty
  protected long nIn;

  /** What this layer emits per example, for the next layer's input type. */
  abstract long outputSize();

  /** The layer's type as a spec names it, for the error on other input. */
  abstract String specName();

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(outputSize());
  }

  /**
   * Feature vectors, or images: flat ones as the readers deliver them, or a convolution's output,
   * which {@link #getPreProcessorForInputType} flattens, as DL4J's dense layer takes them.
   */
  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (nIn <= 0 || override) {
      if (inputType instanceof InputType.InputTypeFeedForward ff) {
        nIn = ff.getSize();
      } else if (inputType instanceof InputType.InputTypeConvolutionalFlat flat) {
        nIn = flat.getFlattenedSize();
      } else if (inputType instanceof InputType.InputTypeConvolutional) {
        nIn = inputType.arrayElementsPerExample();
      } else {
        throw new IllegalArgumentException("a " + specName() + " layer reads feature vectors or "
            + "images, found " + inputType);
      }
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return inputType instanceof InputType.InputTypeConvolutional c
        ? new CnnToFeedForwardPreProcessor(c.getHeight(), c.getWidth(), c.getChannels()) : null;
  }
}
