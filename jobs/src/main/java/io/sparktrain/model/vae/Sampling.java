package io.sparktrain.model.vae;

import io.sparktrain.model.RunningOneInputVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The running {@link SamplingVertex}: forward draws the noise and keeps it for backward. */
final class Sampling extends RunningOneInputVertex {

  /** {@code exp(logVar / 2) * eps} of the last training pass, which backward needs. */
  private INDArray noise;

  Sampling(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, dataType);
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray in = inputs[0];
    INDArray mu = KlLoss.half(in, 0);
    if (!training) {
      return workspaceMgr.dup(ArrayType.ACTIVATIONS, mu);
    }
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      INDArray sigma = Transforms.exp(KlLoss.half(in, 1).detach().muli(0.5), false);
      noise = sigma.muli(Nd4j.randn(in.dataType(), mu.size(0), mu.size(1)));
      return workspaceMgr.dup(ArrayType.ACTIVATIONS, mu.detach().addi(noise));
    }
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    // dz/dmu = 1; dz/dlogVar = exp(logVar / 2) * eps / 2.
    INDArray both = Nd4j.hstack(epsilon, epsilon.mul(noise).muli(0.5));
    return new Pair<>(null, new INDArray[] {workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, both)});
  }

  @Override
  public String toString() {
    return "Sampling(" + vertexName + ")";
  }
}
