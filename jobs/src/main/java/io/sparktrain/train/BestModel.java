package io.sparktrain.train;

import org.deeplearning4j.nn.api.Model;

/**
 * Where early stopping keeps the best epoch's weights, outside the driver's memory so that a
 * resumed run still has them (the train job writes them into the run directory).
 */
public interface BestModel {

  /** Keeps a copy of {@code model} as it stands after one-based epoch {@code epoch}. */
  void keep(Model model, int epoch);

  /** The kept model. */
  Model restore();
}
