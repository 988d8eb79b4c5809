package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.GraphNode;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;

/**
 * Finds the line behind a CSV's surplus class. A CSV declares no class count, so the loader counts
 * classes from the largest label; one mislabelled line (a 3 among iris's 0..2) then shows up only
 * as a class count the model's output layer does not match. Looked for only where that check
 * would fail, so a run that fits costs nothing.
 */
public final class StrayLabels {

  private StrayLabels() {}

  /**
   * Throws when an output layer of {@code model} (of the stack, or any of a graph's outputs: each
   * is trained on the same labels) has fewer units than the CSV's counted classes and a line
   * holds a label beyond them: a data error naming the file, the line and the spec key it
   * disagrees with. Does nothing for other sources, declared classes, or an autoencoder.
   *
   * @throws DataException naming the first such line (the training file first, then testPath)
   */
  public static void check(DataSpec spec, ModelSpec model, LabeledData data) {
    // A stage that trains no layers of its own (evaluate) has an empty model here.
    if (!spec.isCsv() || spec.classes() != null || spec.target() == DataSpec.Target.INPUT
        || model == null) {
      return;
    }
    for (Map.Entry<String, Integer> output : outputUnits(model).entrySet()) {
      int units = output.getValue();
      if (units < data.numClasses()) {
        String key = output.getKey();
        JavaRDD<Example> inPath = data.train().union(data.validation());
        if (spec.testPath() == null) {
          inPath = inPath.union(data.test());
        }
        Optional<Example> stray = first(inPath, units);
        if (stray.isPresent()) {
          throw stray(spec.path(), stray.get(), units, key);
        }
        if (spec.testPath() != null) {
          first(data.test(), units).ifPresent(e -> {
            throw stray(spec.testPath(), e, units, key);
          });
        }
      }
    }
  }

  /** Each output layer's units by the spec key that sets them, in the spec's order. */
  private static Map<String, Integer> outputUnits(ModelSpec model) {
    Map<String, Integer> units = new LinkedHashMap<>();
    if (model.isGraph()) {
      List<GraphNode> nodes = model.graph().nodes();
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).isOutput() && nodes.get(i).layer().units() != null) {
          units.put("model.graph.layers[" + i + "].units", nodes.get(i).layer().units());
        }
      }
      return units;
    }
    List<LayerSpec> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).type() == LayerSpec.LayerType.OUTPUT && layers.get(i).units() != null) {
        units.put("model.layers[" + i + "].units", layers.get(i).units());
      }
    }
    return units;
  }

  private static Optional<Example> first(JavaRDD<Example> examples, int classes) {
    JavaRDD<Example> stray = examples.filter(e -> e.label() >= classes);
    return stray.isEmpty() ? Optional.empty()
        : Optional.of(stray.min(new ByIndex()));
  }

  private static DataException stray(String file, Example e, int classes, String outputKey) {
    // Example.index counts every line from the file's first (a header included), from 0.
    return new DataException(file + ", line " + (e.index() + 1) + ": label " + e.label()
        + " out of range: " + outputKey + " declares " + classes + " classes (labels 0.."
        + (classes - 1) + "); correct the label, or raise " + outputKey + " if the data really has "
        + "more classes");
  }

  /** Orders examples by their line; serializable, for Spark's min. */
  private static final class ByIndex
      implements java.util.Comparator<Example>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Example a, Example b) {
      return Long.compare(a.index(), b.index());
    }
  }
}
