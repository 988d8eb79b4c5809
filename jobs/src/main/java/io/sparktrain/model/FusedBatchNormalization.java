package io.sparktrain.model;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The spec's {@code batchnorm}: DL4J's {@link BatchNormalization} configuration (same fields,
 * parameters and JSON apart from the class name), whose layer computes the statistics, the
 * normalisation and their gradients per channel in plain loops ({@link
 * FusedBatchNormalizationLayer}). Checkpoints, averaging and transfer see DL4J's batch
 * normalisation; model zips name DL4J's class ({@link OwnLayers}). {@code
 * -Dsparktrain.batchnorm=dl4j} keeps DL4J's own layer.
 */
public class FusedBatchNormalization extends BatchNormalization {

  /** The system property that picks the implementation: {@code fused} (default) or dl4j. */
  public static final String SWITCH = "sparktrain.batchnorm";

  /** For Jackson. */
  public FusedBatchNormalization() {}

  /**
   * The configuration {@code built} by DL4J's builder, whose constructor from a builder is
   * private: a clone's fields (DL4J's {@code clone} copies its dropout, regularisation and
   * constraints).
   */
  public FusedBatchNormalization(BatchNormalization built) {
    OwnLayers.copied(built.clone(), this);
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    LayerValidation.assertNOutSet("BatchNormalization", getLayerName(), layerIndex, getNOut());
    return OwnLayers.wired(new FusedBatchNormalizationLayer(conf, networkDataType), conf, listeners,
        layerIndex, layerParamsView, initializeParams, initializer());
  }
}
