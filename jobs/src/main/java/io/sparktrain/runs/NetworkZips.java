package io.sparktrain.runs;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J model zips of either network kind, a stack ({@code MultiLayerNetwork}) or a graph
 * ({@code ComputationGraph}). DL4J's serializer writes both the same way but restores each with
 * its own method, and a stack's restorer fails on a graph's zip; the zip's configuration says
 * which one it holds.
 */
public final class NetworkZips {

  /** The entries in which DL4J's serializer keeps a network's configuration JSON and state. */
  private static final String CONFIGURATION = "configuration.json";
  private static final String COEFFICIENTS = "coefficients.bin";
  /** Floats byte-swapped at a time into the entry: 64 KiB. */
  private static final int BLOCK_FLOATS = 16_384;
  private static final String UPDATER = "updaterState.bin";
  /** Where DL4J's {@code ModelSerializer.getObjectFromFile} looks for an added object. */
  private static final String OBJECTS = "objects/";

  /**
   * sparktrain's layer configurations that are DL4J's under another name (the same fields and
   * JSON; {@code io.sparktrain.model.OwnLayers} puts them back on reading), by the name of
   * DL4J's: a zip names DL4J's class, so that a DL4J application without sparktrain on its
   * classpath restores it.
   */
  private static final Map<String, String> DL4J_NAMES = Map.of(
      "io.sparktrain.model.GemmConvolution", "org.deeplearning4j.nn.conf.layers.ConvolutionLayer",
      "io.sparktrain.model.TiledMaxPooling", "org.deeplearning4j.nn.conf.layers.SubsamplingLayer",
      "io.sparktrain.model.FusedBatchNormalization",
      "org.deeplearning4j.nn.conf.layers.BatchNormalization");

  private NetworkZips() {}

  /** Writes {@code network}, with its updater state, to a local zip. */
  public static void write(Model network, File local) throws IOException {
    write(network, local, Map.of());
  }

  /**
   * Writes {@code network} with its updater state and {@code objects} (Java-serialised, each under
   * its key, where DL4J's {@code ModelSerializer.getObjectFromFile} reads them) to a local zip.
   *
   * <p>The entries are DL4J's {@code ModelSerializer.writeModel}'s, byte for byte and in its
   * order, so DL4J restores the zip as its own, but for the names of sparktrain's own layers
   * (written as DL4J's, {@link #ownLayersRenamed}), and stored, not deflated. Deflating the
   * parameters and Adam's moments took 0.18 s of the MNIST MLP's 0.2 s checkpoint, after every
   * epoch, and saved 12 % of the file (docs/performance.md). DL4J's own
   * {@code addObjectToFile} would also rewrite the whole zip per object.
   */
  public static void write(Model network, File local, Map<String, ? extends Serializable> objects)
      throws IOException {
    String json = network instanceof MultiLayerNetwork stack
        ? stack.getLayerWiseConfigurations().toJson()
        : network instanceof ComputationGraph graph ? graph.getConfiguration().toJson() : null;
    if (json == null || network.params() == null) {
      throw new IOException("cannot write a " + network.getClass().getSimpleName()
          + (json == null ? ": neither a stack nor a graph" : " without parameters"));
    }
    String configuration = dl4jNames(json);
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(local)) {
      // A file, not a stream: the entries' sizes and checksums are filled in afterwards.
      out.setMethod(ZipArchiveOutputStream.STORED);
      entry(out, CONFIGURATION, data -> data.write(configuration.getBytes(StandardCharsets.UTF_8)));
      entry(out, COEFFICIENTS, data -> writeArray(network.params(), data));
      INDArray updater = updaterState(network);
      if (updater != null && updater.length() > 0) {
        entry(out, UPDATER, data -> writeArray(updater, data));
      }
      for (Map.Entry<String, ? extends Serializable> object : objects.entrySet()) {
        byte[] bytes = serialised(object.getValue());
        entry(out, OBJECTS + object.getKey(), data -> data.write(bytes));
      }
    }
  }

  /** A configuration's JSON with DL4J's class names for sparktrain's own layers. */
  static String dl4jNames(String json) {
    String named = json;
    for (Map.Entry<String, String> own : DL4J_NAMES.entrySet()) {
      // Quoted: the whole class name of a "@class" value, not a prefix of another.
      named = named.replace('"' + own.getKey() + '"', '"' + own.getValue() + '"');
    }
    return named;
  }

  /** The own layer configurations written under DL4J's names, by their class names. */
  public static Map<String, String> ownLayersRenamed() {
    return DL4J_NAMES;
  }

  private interface EntryWriter {
    void write(DataOutputStream data) throws IOException;
  }

  private static void entry(ZipArchiveOutputStream out, String name, EntryWriter writer)
      throws IOException {
    out.putArchiveEntry(new ZipArchiveEntry(name));
    // Buffered, and flushed rather than closed: closing would close the zip.
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
    writer.write(data);
    data.flush();
    out.closeArchiveEntry();
  }

  /**
   * {@code Nd4j.write}'s bytes for {@code array}: its shape information, then its buffer's header
   * and values, big-endian. ND4J writes the values one call at a time, each a synchronized write
   * of the buffer (28 ms of the MNIST MLP's checkpoint after every epoch, docs/performance.md); a
   * float array's go here in blocks, byte-swapped by the JDK's bulk copy (NetworkZipsTest
   * compares the bytes with DL4J's). The same bytes but for a NaN's payload, which ND4J's
   * {@code writeFloat} makes the canonical one and the copy keeps: either reads back as NaN.
   * Anything else, a view (which ND4J copies first) or a buffer of 2 GiB or more, goes through
   * ND4J.
   */
  private static void writeArray(INDArray array, DataOutputStream out) throws IOException {
    DataBuffer data = array.data();
    if (array.isView() || array.dataType() != DataType.FLOAT || data.offset() != 0
        || data.length() != array.length() || data.length() > Integer.MAX_VALUE / Float.BYTES) {
      Nd4j.write(array, out);
      return;
    }
    array.shapeInfoDataBuffer().write(out);
    out.writeUTF(data.allocationMode().name());
    out.writeLong(data.length());
    out.writeUTF(data.dataType().name());
    FloatBuffer values = data.asNioFloat().position(0).limit(Math.toIntExact(data.length()));
    byte[] block = new byte[BLOCK_FLOATS * Float.BYTES];
    FloatBuffer bigEndian = ByteBuffer.wrap(block).order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
    while (values.hasRemaining()) {
      int n = Math.min(BLOCK_FLOATS, values.remaining());
      bigEndian.clear();
      bigEndian.put(values.slice().limit(n));
      values.position(values.position() + n);
      out.write(block, 0, n * Float.BYTES);
    }
  }

  private static INDArray updaterState(Model network) {
    if (network instanceof MultiLayerNetwork stack) {
      return stack.getUpdater() == null ? null : stack.getUpdater().getStateViewArray();
    }
    ComputationGraph graph = (ComputationGraph) network;
    return graph.getUpdater() == null ? null : graph.getUpdater().getStateViewArray();
  }

  private static byte[] serialised(Serializable object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  /**
   * Restores the network of a local zip, with its updater state when {@code updater}: with DL4J's
   * layers, which {@code io.sparktrain.model.OwnLayers.adopted} turns into sparktrain's.
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
