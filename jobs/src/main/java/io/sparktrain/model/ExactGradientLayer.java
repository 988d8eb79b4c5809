package io.sparktrain.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's SameDiff layer with its backward pass corrected. Measured here (1.0.0-M2.1, float and
 * double): its gradients (the parameters' and the one passed down) come out exactly twice the
 * finite-difference ones for highway and layer-norm layers alike, so a stack of 20 highway
 * layers multiplies the gradient reaching the bottom by 2^20 and diverges on its first steps.
 * The backward pass is linear in the error arriving from above, so halving that error gives the
 * true gradient; {@code BlockLayersTest} checks it against finite differences.
 */
final class ExactGradientLayer extends SameDiffLayer {

  private ExactGradientLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** {@code made}, as the configuration's own {@code instantiate} built it, corrected. */
  static Layer replacing(Layer made, NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, INDArray paramsView, DataType dataType) {
    ExactGradientLayer layer = new ExactGradientLayer(conf, dataType);
    layer.setIndex(made.getIndex());
    layer.setListeners(listeners);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(made.paramTable());
    layer.setConf(conf);
    return layer;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    return super.backpropGradient(epsilon.mul(0.5), workspaceMgr);
  }
}
