package io.sparktrain.model;

import io.sparktrain.spec.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.hdf5.H5File;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Loads a Keras Sequential model saved as HDF5 ({@code model.save("m.h5")}) into a DL4J network,
 * so a model trained in Python can be fine-tuned or evaluated here.
 */
public final class KerasModels {

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
   * Imports the Sequential model and its weights from {@code h5}. The training configuration
   * (loss, optimizer) is read where DL4J supports it and otherwise ignored: only the layers and
   * weights are needed, the optimizer comes from the job spec.
   *
   * @param h5 a Keras 2 HDF5 file holding a Sequential model with weights
   * @return the initialised network, with float32 parameters
   * @throws DataException if the file is missing or not HDF5, or holds a model that is not
   *     Sequential or that DL4J cannot import; the message names the file and the cause
   */
  public static MultiLayerNetwork load(Path h5) {
    requireHdf5(h5);
    MultiLayerNetwork network;
    try {
      network = KerasModelImport.importKerasSequentialModelAndWeights(h5.toString(), false);
    } catch (Exception e) {
      // IOException, the two Keras configuration exceptions, and the RuntimeExceptions that
      // javacpp raises for HDF5 errors: all mean this file cannot be used.
      throw failure(h5, describe(e), e);
    }
    // Keras stores float32, but the import builds in ND4J's default type; the engine and the
    // checkpoints expect float32 throughout.
    return network.getLayerWiseConfigurations().getDataType() == DataType.FLOAT
        ? network : network.convertDataType(DataType.FLOAT);
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

  /** The exception's message on one line (DL4J's carry a second line pointing at its docs). */
  private static String describe(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
