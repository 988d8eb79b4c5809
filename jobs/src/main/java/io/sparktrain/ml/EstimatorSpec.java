package io.sparktrain.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecReader;
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
   * @throws SpecException (exit 2) naming every problem, as for a spec file, or for a graph
   */
  static JobSpec parse(String yaml) {
    JobSpec job = read(yaml);
    if (job.model().isGraph()) {
      // Its training (FrameTraining) builds stacks; a graph trains with sparktrain train, and
      // its model.zip scores with sparktrain predict.
      throw new SpecException("model", List.of("model.graph: the spark.ml estimator trains "
          + "stacks of layers (model.layers) only; train a graph with sparktrain train and "
          + "score its model.zip with sparktrain predict"));
    }
    return job;
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
