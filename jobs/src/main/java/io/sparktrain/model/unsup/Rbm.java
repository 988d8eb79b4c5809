package io.sparktrain.model.unsup;

import io.sparktrain.model.unsup.ContrastiveDivergence.Gradients;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The working layer of {@link RbmLayer}: {@code p(h|v)} forward; backward either the CD-k update
 * (as the network's last layer, which DL4J asks for its gradient with no error signal from
 * above) or ordinary backpropagation through a dense sigmoid layer (below other layers).
 */
final class Rbm extends BaseOutputLayer<RbmLayer> {

  Rbm(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /**
   * @param epsilon the error signal from the layer above; null when this is the last layer
   */
  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    assertInputSet(true);
    return epsilon == null ? contrastiveDivergence(mgr) : backpropagate(epsilon, mgr);
  }

  private Pair<Gradient, INDArray> contrastiveDivergence(LayerWorkspaceMgr mgr) {
    Gradients cd = ContrastiveDivergence.gradients(input, getParam(RbmParams.WEIGHTS),
        getParam(RbmParams.HIDDEN_BIAS), getParam(RbmParams.VISIBLE_BIAS),
        layerConf().gibbsSteps(), ContrastiveDivergence.RANDOM);
    Gradient gradient = gradient(cd.weights(), cd.hiddenBias(), cd.visibleBias());
    // The layers below are frozen while an RBM trains; they get no error signal.
    INDArray nothing = mgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'f');
    return new Pair<>(gradient, nothing);
  }

  private Pair<Gradient, INDArray> backpropagate(INDArray epsilon, LayerWorkspaceMgr mgr) {
    INDArray z = preOutput(true, mgr);
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
    INDArray w = getParam(RbmParams.WEIGHTS);
    Gradient gradient = gradient(input.transpose().mmul(delta), delta.sum(true, 0), null);
    INDArray below = delta.mmul(w.transpose());
    return new Pair<>(gradient, mgr.leverageTo(ArrayType.ACTIVATION_GRAD, below));
  }

  /** Copies the three gradients into the network's gradient views; null leaves a zero. */
  private Gradient gradient(INDArray weights, INDArray hiddenBias, INDArray visibleBias) {
    gradientViews.get(RbmParams.WEIGHTS).assign(weights);
    gradientViews.get(RbmParams.HIDDEN_BIAS).assign(hiddenBias);
    INDArray vb = gradientViews.get(RbmParams.VISIBLE_BIAS);
    if (visibleBias == null) {
      vb.assign(0);
    } else {
      vb.assign(visibleBias);
    }
    Gradient gradient = new DefaultGradient(gradientsFlattened);
    for (String key : RbmParams.INSTANCE.paramKeys(layerConf())) {
      gradient.gradientForVariable().put(key, gradientViews.get(key));
    }
    return gradient;
  }

  /** The mean reconstruction error of the input (see {@link ContrastiveDivergence}). */
  @Override
  public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
    score = reconstructionErrors().meanNumber().doubleValue() + fullNetRegTerm;
    return score;
  }

  @Override
  public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr mgr) {
    return mgr.leverageTo(ArrayType.ACTIVATIONS, reconstructionErrors().addi(fullNetRegTerm));
  }

  private INDArray reconstructionErrors() {
    return ContrastiveDivergence.reconstructionErrors(input, getParam(RbmParams.WEIGHTS),
        getParam(RbmParams.HIDDEN_BIAS), getParam(RbmParams.VISIBLE_BIAS));
  }

  @Override
  public boolean needsLabels() {
    return false;
  }

  @Override
  protected INDArray getLabels2d(LayerWorkspaceMgr mgr, ArrayType type) {
    return labels;
  }
}
