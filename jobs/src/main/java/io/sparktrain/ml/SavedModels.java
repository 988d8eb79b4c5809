package io.sparktrain.ml;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.spec.DataException;
import io.sparktrain.transfer.ModelSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;

/**
 * Opens what batch prediction is given as a model: a saved spark.ml model, a run directory, or a
 * {@code model.zip} (with the {@code spec.yaml} and {@code run.json} beside it, when there) of
 * a stack or a graph that {@link ClassifierWidths} can score.
 */
public final class SavedModels {

  /** A model and the spec it was trained by, if known. */
  public record Opened(SparktrainClassificationModel model, Optional<String> spec) {}

  private SavedModels() {}

  /**
   * Opens {@code location}.
   *
   * @throws DataException if nothing there is a model, or one that is not a classifier of one
   *     input
   */
  public static Opened open(String location, Configuration hadoop) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw new DataException("model: " + location + " does not exist");
      }
      if (fs.isDirectory(path) && ModelStore.isSavedModel(path, hadoop)) {
        SparktrainClassificationModel model = SparktrainClassificationModel.load(location);
        return new Opened(model, Optional.of(model.resolvedSpec()));
      }
      ModelSources.Located file = ModelSources.locate(location, hadoop);
      Model network = ModelSources.load(file.file(), hadoop);
      ClassifierWidths widths = ClassifierWidths.of(network);
      Path dir = file.file().getParent();
      Optional<String> spec = text(fs, new Path(dir, ModelStore.SPEC));
      Map<String, Object> provenance = text(fs, new Path(dir, "run.json"))
          .map(SavedModels::json).orElse(Map.of("model", file.file().toString()));
      return new Opened(SparktrainClassificationModel.of(network, widths.features(),
          widths.classes(), spec.orElse(""), provenance), spec);
    } catch (IOException e) {
      throw new DataException("model: cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> text(FileSystem fs, Path file) throws IOException {
    if (!fs.isFile(file)) {
      return Optional.empty();
    }
    try (var in = fs.open(file)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static Map<String, Object> json(String text) {
    try {
      return new ObjectMapper().readValue(text, new TypeReference<>() {});
    } catch (IOException e) {
      throw new DataException("model: run.json is not JSON: " + e.getMessage(), e);
    }
  }
}
