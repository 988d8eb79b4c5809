package io.sparktrain.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.hdf5.H5File;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Loads a Keras model saved as HDF5 ({@code model.save("m.h5")}) into a DL4J network, so a model
 * trained in Python can be fine-tuned or evaluated here: a Sequential model becomes a stack of
 * layers ({@link MultiLayerNetwork}), a functional one ({@code Model} in Keras 2.2, or
 * {@code Functional} as TensorFlow 2.4+ names it) a {@link ComputationGraph} whose vertices keep
 * the Keras layer names.
 */
public final class KerasModels {

  private static final String SEQUENTIAL = "Sequential";
  /** The functional class name of Keras 2.2, the only one DL4J 1.0.0-M2's importer accepts. */
  private static final String MODEL = "Model";
  /** The functional class name of tf.keras 2.4 and later; the same configuration otherwise. */
  private static final String FUNCTIONAL = "Functional";
  /** DL4J's message for a layer class it has no import for. */
  private static final Pattern UNSUPPORTED_LAYER =
      Pattern.compile("Unsupported keras layer type (\\w+)");

  private KerasModels() {}

  /**
   * Whether {@code path} names a Keras HDF5 file, judged by its extension ({@code .h5} or
   * {@code .hdf5}, any case). {@code false} for {@code null}.
   */
  public static boolean isKeras(String path) {
    if (path == null) {
      return false;
    }
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith(".h5") || lower.endsWith(".hdf5");
  }

  /**
   * Imports the model and its weights from {@code h5}, chosen by the file's {@code class_name}.
   * The training configuration (loss, optimizer) is read where DL4J supports it and otherwise
   * ignored: only the layers and weights are needed, the optimizer comes from the job spec.
   *
   * @param h5 a Keras 2 HDF5 file holding a Sequential or functional model with weights
   * @return the initialised network, a {@link MultiLayerNetwork} or a {@link ComputationGraph},
   *     with float32 parameters
   * @throws DataException if the file is missing or not HDF5, or holds a model of another class or
   *     that DL4J cannot import; the message names the file and the cause (for a layer DL4J has
   *     no import for, its class and name)
   */
  public static Model load(Path h5) {
    requireHdf5(h5);
    String config = modelConfig(h5);
    String className = classNameOf(h5, config);
    try {
      // Keras stores float32, but the import builds in ND4J's default type; the engine and the
      // checkpoints expect float32 throughout.
      if (SEQUENTIAL.equals(className)) {
        MultiLayerNetwork stack =
            KerasModelImport.importKerasSequentialModelAndWeights(h5.toString(), false);
        return stack.getLayerWiseConfigurations().getDataType() == DataType.FLOAT
            ? stack : stack.convertDataType(DataType.FLOAT);
      }
      if (MODEL.equals(className) || FUNCTIONAL.equals(className)) {
        ComputationGraph graph = importFunctional(h5, className);
        return graph.getConfiguration().getDataType() == DataType.FLOAT
            ? graph : graph.convertDataType(DataType.FLOAT);
      }
    } catch (Exception e) {
      // IOException, the two Keras configuration exceptions, and the RuntimeExceptions that
      // javacpp raises for HDF5 errors: all mean this file cannot be used.
      throw failure(h5, describe(e, config), e);
    }
    throw failure(h5, "holds a Keras '" + className + "', expected a " + SEQUENTIAL
        + " or a functional model (" + MODEL + ", " + FUNCTIONAL + ")", null);
  }

  /** What {@code KerasModelImport.importKerasModelAndWeights} does, with the class name mapped. */
  private static ComputationGraph importFunctional(Path h5, String className)
      throws Exception {
    try (KerasModelBuilder builder = new KerasModel().modelBuilder()) {
      builder.modelHdf5Filename(h5.toString()).enforceTrainingConfig(false);
      if (FUNCTIONAL.equals(className)) {
        // The builder's JSON, not the file's: it has added the file's keras_version to it.
        ObjectNode renamed = (ObjectNode) new ObjectMapper().readTree(builder.getModelJson());
        builder.modelJson(renamed.put("class_name", MODEL).toString());
      }
      return builder.buildModel().getComputationGraph();
    }
  }

  /** The root attribute {@code model_config}: the architecture as JSON. */
  private static String modelConfig(Path h5) {
    try (Hdf5Archive archive = new Hdf5Archive(h5.toString())) {
      if (!archive.hasAttribute("model_config")) {
        throw failure(h5, "no model_config attribute (saved with save_weights, not save?)", null);
      }
      return archive.readAttributeAsJson("model_config");
    } catch (DataException e) {
      throw e;
    } catch (Exception e) {
      throw failure(h5, describe(e, null), e);
    }
  }

  private static String classNameOf(Path h5, String config) {
    try {
      return new ObjectMapper().readTree(config).path("class_name").asText("");
    } catch (IOException e) {
      throw failure(h5, "model_config is not JSON: " + e.getMessage(), e);
    }
  }

  /** Fails early on the two mistakes DL4J would report as an HDF5 error stack on stderr. */
  private static void requireHdf5(Path h5) {
    if (!Files.isRegularFile(h5)) {
      throw failure(h5, "no such file", null);
    }
    if (!H5File.isHdf5(h5.toString())) {
      throw failure(h5, "not an HDF5 file", null);
    }
  }

  private static DataException failure(Path h5, String cause, Throwable e) {
    return new DataException("cannot load Keras model " + h5 + ": " + cause, e);
  }

  /**
   * The exception's message on one line (DL4J's carry a second line pointing at its docs); for an
   * unsupported layer class, which DL4J names without the layer, the layers of that class too.
   */
  private static String describe(Exception e, String config) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
    Matcher unsupported = UNSUPPORTED_LAYER.matcher(line);
    if (unsupported.find() && config != null) {
      String names = layersOfClass(config, unsupported.group(1));
      return "layer " + names + " is a " + unsupported.group(1)
          + ", which DL4J's Keras import does not support (" + line + ")";
    }
    return line;
  }

  /** The names of the layers of {@code className}, quoted and comma-separated. */
  private static String layersOfClass(String config, String className) {
    try {
      StringBuilder names = new StringBuilder();
      for (JsonNode layer : new ObjectMapper().readTree(config).path("config").path("layers")) {
        if (className.equals(layer.path("class_name").asText())) {
          String name = layer.path("config").path("name").asText(layer.path("name").asText());
          names.append(names.length() == 0 ? "" : ", ").append('\'').append(name).append('\'');
        }
      }
      return names.length() == 0 ? "'?'" : names.toString();
    } catch (IOException e) {
      return "'?'";
    }
  }
}
