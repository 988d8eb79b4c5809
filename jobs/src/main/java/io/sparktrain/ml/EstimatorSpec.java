package io.sparktrain.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.spec.GraphSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.spec.YamlNames;
import java.io.IOException;
import java.util.List;

/**
 * The job spec an estimator trains by: its model, optimizer and training sections. The data come
 * from the DataFrame, so {@code name} and {@code data} may be left out; they are filled with a
 * placeholder that the resolved spec then shows.
 */
final class EstimatorSpec {

  /** The name a spec without one gets. */
  static final String DEFAULT_NAME = "spark-ml";
  /** What the resolved spec's data section says: the examples came from a DataFrame. */
  static final String DATAFRAME = "(DataFrame)";

  private EstimatorSpec() {}

  /**
   * Parses the estimator's spec.
   *
   * @throws SpecException (exit 2) naming every problem, as for a spec file, or a graph the
   *     fitted model could not score ({@link #requireScorable})
   */
  static JobSpec parse(String yaml) {
    JobSpec job = read(yaml);
    if (job.model().isGraph()) {
      requireScorable(job.model().graph());
    }
    return job;
  }

  /**
   * Refuses a graph the fitted model's transform could not score, before any training: it feeds
   * the one features column to every input of the graph, as training does, and writes the first
   * output as the class probabilities, the rule {@link ClassifierWidths} checks on a network.
   */
  private static void requireScorable(GraphSpec graph) {
    String first = graph.outputs().get(0);
    LayerSpec layer = graph.node(first).layer();
    boolean classifier = layer.type() == LayerSpec.LayerType.OUTPUT
        && (layer.activation() == LayerSpec.Activation.SOFTMAX
            || layer.activation() == LayerSpec.Activation.SIGMOID);
    if (!classifier) {
      throw new SpecException("model", List.of("model.graph.outputs[0]: the spark.ml estimator "
          + "writes the first output as class probabilities, so it must be an 'output' layer "
          + "with activation softmax or sigmoid; found '" + first + "', "
          + (layer.type() == LayerSpec.LayerType.OUTPUT
              ? "with activation " + YamlNames.of(layer.activation())
              : "a '" + YamlNames.of(layer.type()) + "' layer")));
    }
  }

  private static JobSpec read(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw new SpecException("spec", List.of("spec: required, give a spec file (setSpecFile) "
          + "or inline YAML (setSpec)"));
    }
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    JsonNode tree;
    try {
      tree = mapper.readTree(yaml);
    } catch (IOException e) {
      // The reader reports the syntax error with its line and column.
      return SpecReader.parse(yaml, "spec");
    }
    if (tree instanceof ObjectNode root) {
      if (!root.has("name")) {
        root.put("name", DEFAULT_NAME);
      }
      if (!root.has("data")) {
        root.putObject("data").put("source", "csv").put("path", DATAFRAME);
      }
      try {
        return SpecReader.parse(mapper.writeValueAsString(root), "spec");
      } catch (IOException e) {
        throw new IllegalStateException("a parsed tree always writes", e);
      }
    }
    return SpecReader.parse(yaml, "spec");
  }
}
