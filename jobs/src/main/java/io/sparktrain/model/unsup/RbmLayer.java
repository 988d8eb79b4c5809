package io.sparktrain.model.unsup;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A restricted Boltzmann machine with binary visible and hidden units (Smolensky 1986; Hinton
 * 2002), configured as a DL4J layer. DL4J 1.0.0-M2 removed its own RBM.
 *
 * <p>As the last layer of a network it trains itself on its input by contrastive divergence
 * ({@link ContrastiveDivergence}, k Gibbs steps) and needs no labels: its "gradient" is the
 * CD-k update, so the engine's averaging, optimizer state and checkpoints treat it like any
 * layer's; its loss is the reconstruction error. Below other layers (a DBN being fine-tuned) it
 * is a dense sigmoid layer with its hidden bias, {@code p(h|v)}, trained by backpropagation.
 * Stacking them greedily (a frozen RBM under a new one) trains each on the activations of the
 * one below, which is how a deep belief net is pretrained (Hinton, Osindero and Teh 2006).
 */
public final class RbmLayer extends BaseOutputLayer {

  @JsonProperty
  private int gibbsSteps;

  /** For DL4J's JSON deserialization only. */
  private RbmLayer() {}

  /**
   * @param hidden hidden units
   * @param gibbsSteps k of CD-k, &gt;= 1
   * @param init initialisation of the weights; biases start at 0
   * @param weightPenalties L1/L2 on the weights (the biases are not penalized)
   */
  public RbmLayer(long hidden, int gibbsSteps, IWeightInit init,
      List<Regularization> weightPenalties) {
    if (gibbsSteps < 1) {
      throw new IllegalArgumentException("gibbsSteps must be >= 1, found " + gibbsSteps);
    }
    this.gibbsSteps = gibbsSteps;
    this.nOut = hidden;
    this.weightInitFn = init;
    this.activationFn = Activation.SIGMOID.getActivationFunction();
    // Unused by the layer's own score; set so DL4J's output-layer code paths see a loss.
    this.lossFn = new LossMSE();
    this.hasBias = true;
    this.regularization = List.copyOf(weightPenalties);
    this.regularizationBias = List.of();
  }

  /** k, the Gibbs steps of each contrastive-divergence estimate. */
  public int gibbsSteps() {
    return gibbsSteps;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int index, INDArray view, boolean initialize,
      DataType dataType) {
    Rbm layer = new Rbm(conf, dataType);
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(view);
    Map<String, INDArray> params = initializer().init(conf, view, initialize);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return RbmParams.INSTANCE;
  }
}
