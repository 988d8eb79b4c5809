package io.sparktrain.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/** The L1/L2 penalties a SameDiff layer of sparktrain's puts on its weights. */
final class Penalties {

  private Penalties() {}

  /** L1 and L2 regularizations, each only when its coefficient is positive. */
  static List<Regularization> of(double l1, double l2) {
    List<Regularization> penalties = new ArrayList<>();
    if (l1 > 0) {
      penalties.add(new L1Regularization(l1));
    }
    if (l2 > 0) {
      penalties.add(new L2Regularization(l2));
    }
    return penalties;
  }
}
