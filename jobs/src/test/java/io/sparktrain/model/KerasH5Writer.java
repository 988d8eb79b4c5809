package io.sparktrain.model;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;
import static org.bytedeco.hdf5.global.hdf5.H5T_STR_NULLPAD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.H5Object;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Writes an HDF5 file laid out as Keras 2.x {@code model.save("m.h5")} (TensorFlow backend) lays
 * it out, for models of Dense layers only. There is no Python here, so tests build real Keras
 * files with javacpp's HDF5 bindings instead.
 *
 * <p>The layout, as h5py writes it for Keras: the root carries {@code keras_version},
 * {@code backend} and {@code model_config} (JSON) as attributes; group {@code model_weights}
 * carries {@code layer_names}, and per layer a group holding attribute {@code weight_names}
 * ({@code dense/kernel:0}, {@code dense/bias:0}) and the datasets under those names, which h5py
 * turns into a nested group {@code dense} with datasets {@code kernel:0} and {@code bias:0}.
 * Keras encodes every string to bytes first, so h5py stores them all as fixed-length,
 * null-padded strings; DL4J's reader depends on that (it reads them with the file's own type).
 */
final class KerasH5Writer {

  static final String KERAS_VERSION = "2.2.4";

  /** One Dense layer's weights: kernel [nIn][nOut] as Keras stores it, bias [nOut]. */
  record Dense(String name, float[][] kernel, float[] bias) {}

  private KerasH5Writer() {}

  /** Writes {@code file} with the given model config JSON and the layers' weights. */
  static void write(Path file, String modelConfigJson, List<Dense> layers) {
    try (H5File h5 = new H5File(file.toString(), H5F_ACC_TRUNC())) {
      writeString(h5, "keras_version", KERAS_VERSION);
      writeString(h5, "backend", "tensorflow");
      writeString(h5, "model_config", modelConfigJson);
      try (Group weights = h5.createGroup("model_weights")) {
        writeStrings(weights, "layer_names", layers.stream().map(Dense::name).toList());
        writeString(weights, "backend", "tensorflow");
        writeString(weights, "keras_version", KERAS_VERSION);
        for (Dense layer : layers) {
          writeLayer(weights, layer);
        }
      }
    }
  }

  private static void writeLayer(Group weights, Dense layer) {
    String name = layer.name();
    try (Group group = weights.createGroup(name); Group nested = group.createGroup(name)) {
      writeStrings(group, "weight_names", List.of(name + "/kernel:0", name + "/bias:0"));
      float[][] kernel = layer.kernel();
      writeFloats(nested, "kernel:0", new long[] {kernel.length, kernel[0].length},
          flatten(kernel));
      writeFloats(nested, "bias:0", new long[] {layer.bias().length}, layer.bias());
    }
  }

  /** A scalar fixed-length string attribute, as h5py stores a Python {@code bytes} value. */
  private static void writeString(H5Object target, String name, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    try (StrType type = fixedString(bytes.length);
        DataSpace scalar = new DataSpace(H5S_SCALAR);
        Attribute attribute = target.createAttribute(name, type, scalar);
        BytePointer data = new BytePointer(bytes.length)) {
      data.put(bytes);
      attribute.write(type, data);
    }
  }

  /** A 1-d fixed-length string attribute sized to the longest value, as numpy's 'S' arrays. */
  private static void writeStrings(H5Object target, String name, List<String> values) {
    List<byte[]> encoded = values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
    int width = encoded.stream().mapToInt(b -> b.length).max().orElse(1);
    byte[] packed = new byte[width * encoded.size()];
    for (int i = 0; i < encoded.size(); i++) {
      System.arraycopy(encoded.get(i), 0, packed, i * width, encoded.get(i).length);
    }
    try (StrType type = fixedString(width);
        DataSpace space = new DataSpace(1, new long[] {values.size()});
        Attribute attribute = target.createAttribute(name, type, space);
        BytePointer data = new BytePointer(packed.length)) {
      data.put(packed);
      attribute.write(type, data);
    }
  }

  private static StrType fixedString(int length) {
    StrType type = new StrType(PredType.C_S1(), length);
    type.setStrpad(H5T_STR_NULLPAD);
    return type;
  }

  private static void writeFloats(Group target, String name, long[] dims, float[] values) {
    try (DataSpace space = new DataSpace(dims.length, dims);
        DataSet dataset = target.createDataSet(name, PredType.IEEE_F32LE(), space);
        FloatPointer data = new FloatPointer(values)) {
      dataset.write(data, PredType.NATIVE_FLOAT());
    }
  }

  /** Row-major, as numpy hands a C-ordered array to HDF5. */
  private static float[] flatten(float[][] matrix) {
    int cols = matrix[0].length;
    float[] flat = new float[matrix.length * cols];
    for (int r = 0; r < matrix.length; r++) {
      System.arraycopy(matrix[r], 0, flat, r * cols, cols);
    }
    return flat;
  }
}
