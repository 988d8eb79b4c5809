package io.sparktrain.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The base of every SameDiff layer of sparktrain's: DL4J's layer with {@link ExactGradientLayer}'s
 * backward pass (DL4J M2.1's own returns twice the gradient), and parameters that are row-major
 * views of the network's flat vector, as DL4J's own layers' are.
 */
abstract class CorrectedSameDiffLayer extends SameDiffLayer {

  @Override
  public char paramReshapeOrder(String param) {
    return 'c';
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int index, INDArray paramsView, boolean initialize, DataType dataType) {
    return ExactGradientLayer.replacing(
        super.instantiate(conf, listeners, index, paramsView, initialize, dataType), conf,
        listeners, paramsView, dataType);
  }
}
