package io.sparktrain.model;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The spec's {@code subsampling} with max pooling: DL4J's {@link SubsamplingLayer}
 * configuration (same fields, same JSON apart from the class name), whose layer computes windows
 * that tile the image, kernel equal to stride, in plain loops ({@link TiledMaxPoolingLayer}). It
 * has no parameters, so checkpoints, averaging and transfer are unchanged; model zips name DL4J's
 * class ({@link OwnLayers}). {@code -Dsparktrain.pool=dl4j} keeps DL4J's own layer.
 */
public class TiledMaxPooling extends SubsamplingLayer {

  /** The system property that picks the max-pooling implementation: {@code tiled} or dl4j. */
  public static final String SWITCH = "sparktrain.pool";

  /** For Jackson. */
  public TiledMaxPooling() {}

  /** DL4J's builder, validated by DL4J's own {@code build()} first. */
  public TiledMaxPooling(SubsamplingLayer.Builder builder) {
    super(builder);
    builder.build();
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    return OwnLayers.wired(new TiledMaxPoolingLayer(conf, networkDataType), conf, listeners,
        layerIndex, layerParamsView, initializeParams, initializer());
  }
}
