package io.sparktrain.model;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The spec's {@code conv2d}: DL4J's {@link ConvolutionLayer} configuration (same fields, same
 * parameter initializer and layout, same JSON apart from the class name), whose layer computes the
 * convolution as one GEMM per batch ({@link GemmConvolutionLayer}). Checkpoints, averaging and
 * transfer see DL4J's convolution; model zips name DL4J's class ({@link OwnLayers}). {@code
 * -Dsparktrain.conv=dl4j} keeps DL4J's own layer.
 */
public class GemmConvolution extends ConvolutionLayer {

  /** The system property that picks the conv2d implementation: {@code gemm} (default) or dl4j. */
  public static final String SWITCH = "sparktrain.conv";

  /** For Jackson. */
  public GemmConvolution() {}

  /** DL4J's builder, validated by DL4J's own {@code build()} first. */
  public GemmConvolution(ConvolutionLayer.Builder builder) {
    super(builder);
    builder.build();
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    LayerValidation.assertNInNOutSet("ConvolutionLayer", getLayerName(), layerIndex, getNIn(),
        getNOut());
    return OwnLayers.wired(new GemmConvolutionLayer(conf, networkDataType), conf, listeners,
        layerIndex, layerParamsView, initializeParams, initializer());
  }
}
