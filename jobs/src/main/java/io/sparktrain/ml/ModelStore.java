package io.sparktrain.ml;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.spec.DataException;
import io.sparktrain.spec.OutputException;
import io.sparktrain.transfer.ModelSources;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted model's directory: {@code metadata/part-00000} in spark.ml's own layout (so that a
 * saved {@code PipelineModel} finds this class's reader), {@code sparktrain.json} (columns,
 * width, classes, provenance), {@code spec.yaml} (the resolved spec) and {@code model.zip}
 * (DL4J's file, with updater state). The directory is written beside its place and renamed into
 * it, so a reader never sees half a model.
 */
final class ModelStore {

  static final String METADATA = "metadata/part-00000";
  static final String DESCRIPTION = "sparktrain.json";
  static final String SPEC = "spec.yaml";
  static final String MODEL = "model.zip";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelStore() {}

  /** Whether {@code dir} holds a model saved by {@link Writer}. */
  static boolean isSavedModel(Path dir, Configuration hadoop) throws IOException {
    FileSystem fs = dir.getFileSystem(hadoop);
    return fs.isFile(new Path(dir, DESCRIPTION)) && fs.isFile(new Path(dir, METADATA));
  }

  static final class Writer extends MLWriter {

    private final SparktrainClassificationModel model;

    Writer(SparktrainClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      Path target = new Path(path);
      try {
        FileSystem fs = target.getFileSystem(sc().hadoopConfiguration());
        Path staging = new Path(target.getParent(), "." + target.getName() + ".writing-"
            + UUID.randomUUID());
        write(fs, staging);
        // MLWriter removed an existing target already when overwrite() was asked.
        if (!fs.rename(staging, target)) {
          fs.delete(staging, true);
          throw new OutputException("cannot move the saved model into " + target);
        }
      } catch (IOException e) {
        throw new OutputException("cannot save the model to " + path + ": " + e.getMessage(), e);
      }
    }

    private void write(FileSystem fs, Path dir) throws IOException {
      Map<String, Object> columns = new LinkedHashMap<>();
      columns.put("featuresCol", model.getOrDefault(model.featuresCol()));
      columns.put("predictionCol", model.getOrDefault(model.predictionCol()));
      columns.put("probabilityCol", model.getOrDefault(model.probabilityCol()));
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("class", SparktrainClassificationModel.class.getName());
      metadata.put("timestamp", System.currentTimeMillis());
      metadata.put("sparkVersion", sc().version());
      metadata.put("uid", model.uid());
      metadata.put("paramMap", columns);
      metadata.put("defaultParamMap", Map.of());
      text(fs, new Path(dir, METADATA), JSON.writeValueAsString(metadata));
      Map<String, Object> description = new LinkedHashMap<>(columns);
      description.put("numFeatures", model.numFeatures());
      description.put("numClasses", model.numClasses());
      description.put("provenance", model.provenance());
      text(fs, new Path(dir, DESCRIPTION),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(description));
      text(fs, new Path(dir, SPEC), model.resolvedSpec());
      java.nio.file.Path local = Files.createTempFile("sparktrain-model-", ".zip");
      try {
        NetworkZips.write(model.network(), local.toFile());
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), new Path(dir, MODEL));
      } finally {
        Files.deleteIfExists(local);
      }
    }

    private static void text(FileSystem fs, Path file, String content) throws IOException {
      try (OutputStream out = fs.create(file, true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  static final class Reader extends MLReader<SparktrainClassificationModel> {

    @Override
    public SparktrainClassificationModel load(String path) {
      Path dir = new Path(path);
      Configuration hadoop = sc().hadoopConfiguration();
      try {
        if (!isSavedModel(dir, hadoop)) {
          throw new DataException(path + ": not a saved SparktrainClassificationModel (no "
              + DESCRIPTION + " and " + METADATA + ")");
        }
        FileSystem fs = dir.getFileSystem(hadoop);
        Map<String, Object> metadata = json(fs, new Path(dir, METADATA));
        Map<String, Object> description = json(fs, new Path(dir, DESCRIPTION));
        String spec = text(fs, new Path(dir, SPEC));
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = (Map<String, Object>) description.get("provenance");
        SparktrainClassificationModel model = new SparktrainClassificationModel(
            (String) metadata.get("uid"),
            new FittedNetwork(ModelSources.load(new Path(dir, MODEL), hadoop),
                ((Number) description.get("numFeatures")).intValue(),
                ((Number) description.get("numClasses")).intValue(), provenance), spec);
        for (String column : List.of("featuresCol", "predictionCol", "probabilityCol")) {
          model.setColumn(column, (String) description.get(column));
        }
        return model;
      } catch (IOException e) {
        throw new DataException("cannot read the model at " + path + ": " + e.getMessage(), e);
      }
    }

    private static Map<String, Object> json(FileSystem fs, Path file) throws IOException {
      return JSON.readValue(text(fs, file), new TypeReference<>() {});
    }

    private static String text(FileSystem fs, Path file) throws IOException {
      try (var in = fs.open(file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
