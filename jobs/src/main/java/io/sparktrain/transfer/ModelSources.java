package io.sparktrain.transfer;

import io.sparktrain.model.KerasModels;
import io.sparktrain.model.OwnLayers;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;

/**
 * Where a stage's starting model comes from when it is a file: a sparktrain run (or stage)
 * directory, any DL4J {@code MultiLayerNetwork} or {@code ComputationGraph} zip, or a Keras
 * {@code .h5} (a Sequential model becomes a stack, a functional one a graph); local, HDFS or S3.
 */
public final class ModelSources {

  /** The model file inside a run or stage directory. */
  public static final String MODEL = "model.zip";

  private ModelSources() {}

  /** A model file and its SHA-256, which keys the stages that start from it. */
  public record Located(Path file, String sha256) {}

  /**
   * Resolves {@code path} to a model file: itself, or {@code model.zip} inside it when it is a
   * directory.
   *
   * @throws DataException if there is no such file
   */
  public static Located locate(String path, Configuration hadoop) {
    try {
      Path given = new Path(path);
      FileSystem fs = given.getFileSystem(hadoop);
      Path file = fs.isDirectory(given) ? new Path(given, MODEL) : given;
      if (!fs.isFile(file)) {
        throw new DataException("source: no model at " + file + (file == given ? ""
            : " (a run directory holds model.zip once its training finished)"));
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = fs.open(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      }
      return new Located(fs.makeQualified(file), HexFormat.of().formatHex(sha.digest()));
    } catch (IOException e) {
      throw new DataException("source: cannot read " + path + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Loads a model file, a stack or a graph, with its updater state for DL4J zips, and with
   * sparktrain's own layers where DL4J's convolution, max pooling or batch normalisation stand
   * ({@link OwnLayers#adopted}), in a zip written by sparktrain or by DL4J, or a Keras import.
   *
   * @throws DataException if the file is not a model DL4J or its Keras import can read
   */
  public static Model load(Path file, Configuration hadoop) {
    boolean keras = KerasModels.isKeras(file.getName());
    try {
      return OwnLayers.adopted(readLocalCopy(file, hadoop, keras ? ".h5" : ".zip", local -> keras
          ? KerasModels.load(local) : NetworkZips.read(local.toFile(), true)));
    } catch (DataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DataException("source: " + file + " is not a DL4J network zip: "
          + e.getMessage(), e);
    }
  }

  /** Reads a local file. */
  @FunctionalInterface
  public interface LocalRead<T> {
    T read(java.nio.file.Path local) throws IOException;
  }

  /**
   * Runs {@code read} on a local copy of {@code file}, which may be on HDFS or S3, for readers
   * that need a local path; the copy is deleted afterwards. A {@link DataException} that names
   * the copy names {@code file} instead.
   */
  public static <T> T readLocalCopy(Path file, Configuration hadoop, String suffix,
      LocalRead<T> read) throws IOException {
    java.nio.file.Path local = Files.createTempFile("sparktrain-source-", suffix);
    try {
      try (InputStream in = file.getFileSystem(hadoop).open(file)) {
        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
      }
      return read.read(local);
    } catch (DataException e) {
      throw new DataException(e.getMessage().replace(local.toString(), file.toString()), e);
    } finally {
      local.toFile().delete();
    }
  }
}
