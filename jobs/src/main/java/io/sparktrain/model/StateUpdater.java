package io.sparktrain.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Applies a {@link StatefulUpdater} to one block of parameters. Its state arrays are views into
 * DL4J's state view, one after the other, so that what the rule writes is what the engine
 * averages. DL4J subtracts what {@link #applyUpdater} leaves in the gradient from the parameters.
 */
final class StateUpdater implements GradientUpdater<StatefulUpdater> {

  private final StatefulUpdater config;
  private INDArray[] state;

  StateUpdater(StatefulUpdater config) {
    this.config = config;
  }

  @Override
  public StatefulUpdater getConfig() {
    return config;
  }

  @Override
  public void setState(Map<String, INDArray> stateMap, boolean initialize) {
    List<String> names = config.stateNames();
    if (!stateMap.keySet().equals(Set.copyOf(names))) {
      throw new IllegalStateException(config.getClass().getSimpleName() + " state must hold "
          + names + ", found " + stateMap.keySet());
    }
    state = new INDArray[names.size()];
    for (int i = 0; i < state.length; i++) {
      INDArray array = stateMap.get(names.get(i));
      state[i] = initialize ? array.assign(0) : array;
    }
  }

  @Override
  public Map<String, INDArray> getState() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    List<String> names = config.stateNames();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), state[i]);
    }
    return out;
  }

  @Override
  public void setStateViewArray(INDArray view, long[] gradientShape, char order,
      boolean initialize) {
    if (initialize) {
      view.assign(0);
    }
    // Slices of the contiguous view are views themselves: updates land in the shared array.
    INDArray flat = view.reshape(view.length());
    int k = config.stateNames().size();
    long n = view.length() / k;
    state = new INDArray[k];
    for (int i = 0; i < k; i++) {
      state[i] = flat.get(NDArrayIndex.interval(i * n, (i + 1) * n));
    }
  }

  @Override
  public void applyUpdater(INDArray gradient, int iteration, int epoch) {
    if (state == null) {
      throw new IllegalStateException("updater state view was never set");
    }
    config.update(gradient.reshape(gradient.length()), state,
        config.getLearningRate(iteration, epoch), iteration + 1);
  }
}
