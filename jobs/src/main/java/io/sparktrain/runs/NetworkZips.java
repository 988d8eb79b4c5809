package io.sparktrain.runs;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * DL4J model zips of either network kind, a stack ({@code MultiLayerNetwork}) or a graph
 * ({@code ComputationGraph}). DL4J's serializer writes both the same way but restores each with
 * its own method, and a stack's restorer fails on a graph's zip; the zip's configuration says
 * which one it holds.
 */
public final class NetworkZips {

  /** The entry in which DL4J's serializer keeps the network's configuration JSON. */
  private static final String CONFIGURATION = "configuration.json";
  /** Where DL4J's {@code ModelSerializer.getObjectFromFile} looks for an added object. */
  private static final String OBJECTS = "objects/";

  private NetworkZips() {}

  /** Writes {@code network}, with its updater state, to a local zip. */
  public static void write(Model network, File local) throws IOException {
    ModelSerializer.writeModel(network, local, true);
  }

  /**
   * Writes {@code network} with its updater state and {@code objects} (Java-serialised, each under
   * its key, where DL4J's {@code ModelSerializer.getObjectFromFile} reads them) to a local zip.
   *
   * <p>DL4J's own {@code addObjectToFile} rewrites the whole zip per object, deflating the
   * parameters and updater state again each time: three deflates of the state for a checkpoint
   * with two objects. Here DL4J's entries are copied still compressed, with commons-compress
   * (which Spark ships), so the state is deflated once: the MNIST MLP's driver went from 0.73-0.84
   * s to 0.29-0.34 s between an epoch's evaluation and the next epoch (docs/performance.md).
   */
  public static void write(Model network, File local, Map<String, ? extends Serializable> objects)
      throws IOException {
    Path plain = Files.createTempFile(local.getAbsoluteFile().toPath().getParent(),
        "sparktrain-", ".zip");
    try {
      write(network, plain.toFile());
      try (org.apache.commons.compress.archivers.zip.ZipFile dl4j =
               new org.apache.commons.compress.archivers.zip.ZipFile(plain.toFile());
           ZipArchiveOutputStream out = new ZipArchiveOutputStream(local)) {
        dl4j.copyRawEntries(out, entry -> true);
        for (Map.Entry<String, ? extends Serializable> object : objects.entrySet()) {
          out.putArchiveEntry(new ZipArchiveEntry(OBJECTS + object.getKey()));
          out.write(serialised(object.getValue()));
          out.closeArchiveEntry();
        }
      }
    } finally {
      Files.deleteIfExists(plain);
    }
  }

  private static byte[] serialised(Serializable object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  /**
   * Restores the network of a local zip, with its updater state when {@code updater}.
   *
   * @throws IOException if the zip holds no DL4J configuration
   */
  public static Model read(File local, boolean updater) throws IOException {
    return isGraph(local) ? ModelSerializer.restoreComputationGraph(local, updater)
        : ModelSerializer.restoreMultiLayerNetwork(local, updater);
  }

  /** Whether the zip holds a graph: only a graph's configuration has {@code vertices}. */
  public static boolean isGraph(File local) throws IOException {
    try (ZipFile zip = new ZipFile(local)) {
      ZipEntry entry = zip.getEntry(CONFIGURATION);
      if (entry == null) {
        throw new IOException(local + " has no " + CONFIGURATION
            + ": not a DL4J model zip");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"vertices\"");
      }
    }
  }
}
