package io.sparktrain.model;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/**
 * The configuration of a sparktrain graph vertex that reads one input and has no parameters
 * (the VAE's sampling, a graph input's column selection); subclasses give the output shape and
 * what runs ({@link RunningOneInputVertex}).
 */
public abstract class OneInputVertex extends GraphVertex {

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 1;
  }

  @Override
  public int maxVertexInputs() {
    return 1;
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0],
        getOutputType(-1, inputTypes))
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }
}
