package io.sparktrain.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/** The weight penalties of sparktrain's own layers, as DL4J's layers hold them. */
final class Penalties {

  private Penalties() {}

  /** L1 and L2 on the weights, each only when &gt; 0. */
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
