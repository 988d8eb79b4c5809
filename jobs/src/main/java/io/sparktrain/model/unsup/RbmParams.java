package io.sparktrain.model.unsup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An RBM's parameters in the network's flat vector: the weights {@code W} [visible, hidden] in
 * DL4J's 'f' order, as its dense layer keeps them (so a trained RBM's W and b load into a dense
 * layer unchanged), then the hidden bias {@code b} and the visible bias {@code vb}. DL4J's own
 * {@code PretrainParamInitializer} has the same layout but marks vb a pretraining parameter,
 * which the updater then leaves untouched in the ordinary (backprop) step the engine runs.
 */
final class RbmParams implements ParamInitializer {

  static final String WEIGHTS = "W";
  static final String HIDDEN_BIAS = "b";
  static final String VISIBLE_BIAS = "vb";

  static final RbmParams INSTANCE = new RbmParams();

  private RbmParams() {}

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    RbmLayer rbm = (RbmLayer) layer;
    return rbm.getNIn() * rbm.getNOut() + rbm.getNOut() + rbm.getNIn();
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return List.of(WEIGHTS, HIDDEN_BIAS, VISIBLE_BIAS);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of(WEIGHTS);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of(HIDDEN_BIAS, VISIBLE_BIAS);
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return WEIGHTS.equals(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return HIDDEN_BIAS.equals(key) || VISIBLE_BIAS.equals(key);
  }

  /** Weights from the layer's init, both biases 0 (as Hinton's guide starts the hidden ones). */
  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view,
      boolean initialize) {
    RbmLayer rbm = (RbmLayer) conf.getLayer();
    Map<String, INDArray> params = views(rbm, view);
    if (initialize) {
      long in = rbm.getNIn();
      long out = rbm.getNOut();
      rbm.getWeightInitFn().init(in, out, new long[] {in, out}, 'f', params.get(WEIGHTS));
      params.get(HIDDEN_BIAS).assign(0);
      params.get(VISIBLE_BIAS).assign(0);
    }
    return params;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf,
      INDArray view) {
    return views((RbmLayer) conf.getLayer(), view);
  }

  private static Map<String, INDArray> views(RbmLayer rbm, INDArray flat) {
    long in = rbm.getNIn();
    long out = rbm.getNOut();
    INDArray row = flat.reshape(1, flat.length());
    Map<String, INDArray> views = new LinkedHashMap<>();
    views.put(WEIGHTS, row.get(NDArrayIndex.interval(0, 0, true),
        NDArrayIndex.interval(0, in * out)).reshape('f', in, out));
    views.put(HIDDEN_BIAS, row.get(NDArrayIndex.interval(0, 0, true),
        NDArrayIndex.interval(in * out, in * out + out)));
    views.put(VISIBLE_BIAS, row.get(NDArrayIndex.interval(0, 0, true),
        NDArrayIndex.interval(in * out + out, in * out + out + in)));
    return views;
  }
}
