package io.sparktrain.data;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Keeps the examples of some labels and renumbers those labels 0..n-1 in the order given, so that
 * a network trained on digits 5-9 has a 5-unit output layer whose unit 0 means "5".
 */
final class ClassSelection implements Serializable {

  private static final long serialVersionUID = 1L;

  /** newLabel[oldLabel], -1 for labels left out. */
  private final int[] newLabel;

  ClassSelection(List<Integer> classes) {
    int max = classes.stream().mapToInt(Integer::intValue).max().orElse(0);
    newLabel = new int[max + 1];
    java.util.Arrays.fill(newLabel, -1);
    for (int i = 0; i < classes.size(); i++) {
      newLabel[classes.get(i)] = i;
    }
  }

  JavaRDD<Example> apply(JavaRDD<Example> examples) {
    return examples.filter(this::keeps).map(this::relabel);
  }

  boolean keeps(Example e) {
    return e.label() < newLabel.length && newLabel[e.label()] >= 0;
  }

  Example relabel(Example e) {
    return new Example(e.index(), e.features(), newLabel[e.label()]);
  }
}
