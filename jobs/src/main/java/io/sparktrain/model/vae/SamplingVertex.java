package io.sparktrain.model.vae;

import io.sparktrain.model.OneInputVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reparameterisation trick of the variational autoencoder (Kingma and Welling 2014): from
 * {@code [mu | logVar]} (2k values) it outputs {@code z = mu + exp(logVar / 2) * eps}, k values,
 * {@code eps} standard normal drawn anew each training pass (ND4J's generator, which the engine
 * reseeds per round); outside training it outputs {@code mu}. No parameters.
 */
public final class SamplingVertex extends OneInputVertex {

  @Override
  public SamplingVertex clone() {
    return new SamplingVertex();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SamplingVertex;
  }

  @Override
  public int hashCode() {
    return SamplingVertex.class.hashCode();
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph,
      String name, int idx, INDArray paramsView, boolean initializeParams, DataType dataType) {
    return new Sampling(graph, name, idx, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs)
      throws InvalidInputTypeException {
    long width = vertexInputs[0].arrayElementsPerExample();
    if (vertexInputs[0].getType() != InputType.Type.FF || width % 2 != 0) {
      throw new InvalidInputTypeException("sampling: needs a flat input [mu | logVar] of even "
          + "width, found " + vertexInputs[0]);
    }
    return InputType.feedForward(width / 2);
  }
}
