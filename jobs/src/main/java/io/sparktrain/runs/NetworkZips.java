package io.sparktrain.runs;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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

  private NetworkZips() {}

  /** Writes {@code network}, with its updater state, to a local zip. */
  public static void write(Model network, File local) throws IOException {
    ModelSerializer.writeModel(network, local, true);
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
