package io.sparktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data fuzz campaign (issue 17) through the real {@code train} command: damaged CSV files
 * (iris from the data cache) and damaged MNIST IDX files (a small MNIST in a private cache). Each
 * exits 3 naming the file (and line or record where there is one), leaves the data cache exactly
 * as it was, and leaves no run behind in the runs directory: a run that never trained writes
 * nothing a later command could mistake for a run.
 */
class DataFaultsTest {

  /** The user's data cache, read before the tests point the property at a private one. */
  private static final DataCache USER_CACHE = DataCache.fromEnvironment();
  private static final int IDX_IMAGES = 120;

  @TempDir
  static Path work;
  private static Path cache;
  private static String previousCache;

  @BeforeAll
  static void smallMnistInAPrivateCache() throws IOException {
    cache = work.resolve("cache");
    Path mnist = Files.createDirectories(cache.resolve("mnist"));
    for (String split : List.of("train", "t10k")) {
      Files.write(mnist.resolve(split + "-images-idx3-ubyte"), images(IDX_IMAGES));
      Files.write(mnist.resolve(split + "-labels-idx1-ubyte"), labels(IDX_IMAGES));
    }
    previousCache = System.getProperty(DataCache.PROPERTY);
    System.setProperty(DataCache.PROPERTY, cache.toString());
  }

  @AfterAll
  static void restoreCache() {
    if (previousCache == null) {
      System.clearProperty(DataCache.PROPERTY);
    } else {
      System.setProperty(DataCache.PROPERTY, previousCache);
    }
  }

  /** A damage to iris.csv, the place the message must name, after the file's path. */
  static Stream<Arguments> damagedCsv() {
    return Stream.of(
        Arguments.of("a ragged line in the middle of partition 2",
            csvEdit(lines -> insertAt(lines, 112, "6.1,2.8,4.7,1.2,0.5,1")), ", line 112:"),
        Arguments.of("truncated in the middle of its last line",
            csvEdit(lines -> lines.subList(0, 150)).then(b -> cut(b, b.length - 9)),
            ", line 150:"),
        Arguments.of("a bit flipped in a number ('.' to 'n')",
            csvEdit(lines -> replaceLine(lines, 80, lines.get(79).replaceFirst("\\.", "n"))),
            ", line 80, column 1:"),
        Arguments.of("a bit flipped in a separator (',' to 'l')",
            csvEdit(lines -> replaceLine(lines, 40, lines.get(39).replaceFirst(",", "l"))),
            ", line 40:"),
        Arguments.of("mislabelled: a class the header does not declare",
            csvEdit(lines -> replaceLine(lines, 130, lines.get(129).replaceAll(",2$", ",3"))),
            ", line 130: label 3 out of range: model.layers[1].units declares 3 classes"),
        Arguments.of("mislabelled: a fractional label",
            csvEdit(lines -> replaceLine(lines, 20, lines.get(19).replaceAll(",0$", ",0.5"))),
            ", line 20, column 5: label 0.5 out of range"),
        Arguments.of("an empty file", (Damage) bytes -> new byte[0], ": no data lines"),
        Arguments.of("only its header",
            csvEdit(lines -> lines.subList(0, 1)), ": no data lines"),
        Arguments.of("binary garbage", (Damage) bytes -> garbage(4096), ", line "));
  }

  @ParameterizedTest(name = "CSV: {0}")
  @MethodSource("damagedCsv")
  void damagedCsvExits3NamingFileAndLine(String what, Damage damage, String where)
      throws IOException {
    Path iris = iris();
    Path csv = work.resolve("iris-damaged.csv");
    Files.write(csv, damage.apply(Files.readAllBytes(iris)));
    String spec = """
        name: csv-fault
        data:
          source: csv
          path: %s
          header: true
        model:
          layers:
            - type: dense
              units: 8
            - type: output
              units: 3
        optimizer:
          type: adam
          learningRate: 0.01
        training:
          epochs: 1
          batchSize: 16
          workers: 2
        """.formatted(csv);

    assertExit3NamingAndNothingWritten(what, spec, csv + where);
  }

  /**
   * The same mislabelled line through a pipeline's train stage: the label check lives in the data
   * loader, so a stage gets it as {@code train} does (it used to be made by {@code train} alone,
   * and the stage went on to a spec error naming no line).
   */
  @org.junit.jupiter.api.Test
  void aMislabelledCsvLineInAPipelineStageExits3NamingFileAndLine() throws IOException {
    Path iris = iris();
    Path csv = work.resolve("iris-mislabelled.csv");
    Files.write(csv, csvEdit(lines -> replaceLine(lines, 130, lines.get(129)
        .replaceAll(",2$", ",3"))).apply(Files.readAllBytes(iris)));
    Path pipeline = Files.writeString(work.resolve("pipeline.yaml"), """
        name: csv-fault-pipeline
        stages:
          - name: fit
            type: train
            data: {source: csv, path: %s, header: true}
            model:
              layers:
                - {type: dense, units: 8}
                - {type: output, units: 3}
            training: {epochs: 1, batchSize: 16, workers: 2}
        """.formatted(csv));
    StringWriter err = new StringWriter();

    int code = SparktrainCli.run(new PrintWriter(err, true), "pipeline", pipeline.toString(),
        "--runs-dir", work.resolve("pipeline-runs").toString());

    assertEquals(3, code, err.toString());
    String where = csv + ", line 130: label 3 out of range: model.layers[1].units declares 3 "
        + "classes";
    assertTrue(err.toString().contains(where), "no '" + where + "' in " + err);
  }

  /**
   * The same mislabelled line under a graph with two outputs: each is trained on the labels, so
   * the check reads the graph's output layers (it used to read model.layers only, empty for a
   * graph, and the run failed later without naming the line). The second output is the short one.
   */
  @org.junit.jupiter.api.Test
  void aMislabelledCsvLineUnderAGraphOutputExits3NamingFileLineAndOutput() throws IOException {
    Path iris = iris();
    Path csv = work.resolve("iris-mislabelled-graph.csv");
    Files.write(csv, csvEdit(lines -> replaceLine(lines, 130, lines.get(129)
        .replaceAll(",2$", ",4"))).apply(Files.readAllBytes(iris)));
    String spec = """
        name: csv-fault-graph
        data: {source: csv, path: %s, header: true}
        model:
          graph:
            layers:
              - {name: h, type: dense, units: 8, inputs: [input]}
              - {name: main, type: output, units: 5, inputs: [h]}
              - {name: aux, type: output, units: 3, inputs: [h], lossWeight: 0.5}
            outputs: [main, aux]
        training: {epochs: 1, batchSize: 16, workers: 2}
        """.formatted(csv);

    assertExit3NamingAndNothingWritten("a label beyond the aux output", spec, csv
        + ", line 130: label 4 out of range: model.graph.layers[2].units declares 3 classes");
  }

  /** A damage to the MNIST training images or labels, and what the message must name. */
  static Stream<Arguments> damagedIdx() {
    return Stream.of(
        Arguments.of("images truncated", "train-images-idx3-ubyte",
            (Damage) bytes -> cut(bytes, bytes.length - 700), "train-images-idx3-ubyte"),
        Arguments.of("images: a bit flipped in the header's count", "train-images-idx3-ubyte",
            flip(7, 0x10), "train-images-idx3-ubyte"),
        Arguments.of("images: a bit flipped in the magic number", "train-images-idx3-ubyte",
            flip(2, 0x04), "train-images-idx3-ubyte"),
        Arguments.of("labels: a bit flipped in a label (7 to 135)", "train-labels-idx1-ubyte",
            flip(8 + 57, 0x80), "train-labels-idx1-ubyte, record 57: label 135 out of range"),
        Arguments.of("labels: one record short", "train-labels-idx1-ubyte",
            (Damage) bytes -> cut(bytes, bytes.length - 1), "train-labels-idx1-ubyte"),
        Arguments.of("labels: an empty file", "train-labels-idx1-ubyte",
            (Damage) bytes -> new byte[0], "train-labels-idx1-ubyte"));
  }

  @ParameterizedTest(name = "IDX: {0}")
  @MethodSource("damagedIdx")
  void damagedIdxExits3NamingTheFile(String what, String file, Damage damage, String where)
      throws IOException {
    Path target = cache.resolve("mnist").resolve(file);
    byte[] intact = Files.readAllBytes(target);
    Files.write(target, damage.apply(intact));
    String spec = """
        name: idx-fault
        data:
          source: mnist
          scaling: unit
        model:
          layers:
            - type: dense
              units: 8
            - type: output
              units: 10
        optimizer:
          type: sgd
          learningRate: 0.1
        training:
          epochs: 1
          batchSize: 16
          workers: 2
        """;
    try {
      assertExit3NamingAndNothingWritten(what, spec, where);
    } finally {
      Files.write(target, intact);
    }
  }

  /** Runs {@code train}; exit 3 naming {@code where}, the cache as it was, no run written. */
  private static void assertExit3NamingAndNothingWritten(String what, String spec, String where)
      throws IOException {
    Path specFile = Files.writeString(work.resolve("spec.yaml"), spec);
    Path runs = work.resolve("runs-" + Integer.toHexString(what.hashCode()));
    Map<String, String> cacheBefore = digests(cache);
    StringWriter err = new StringWriter();

    int code = SparktrainCli.run(new PrintWriter(err, true), "train", specFile.toString(),
        "--runs-dir", runs.toString());

    assertEquals(3, code, what + ": " + err);
    assertTrue(err.toString().contains(where), what + ": no '" + where + "' in " + err);
    assertEquals(cacheBefore, digests(cache), what + ": the data cache changed");
    assertEquals(Map.of(), digests(runs), what + ": files left in the runs directory");
  }

  /** The real iris.csv, fetched into the user's data cache if it is not there yet. */
  private static Path iris() {
    return USER_CACHE.ensure("iris").resolve("iris.csv");
  }

  /** Path (relative) to SHA-256 of every file under {@code root}; empty if it does not exist. */
  private static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
      }
    }
    return out;
  }

  /** A change to a file's bytes. */
  @FunctionalInterface
  interface Damage extends UnaryOperator<byte[]> {
    default Damage then(Damage next) {
      return bytes -> next.apply(apply(bytes));
    }
  }

  private static Damage csvEdit(UnaryOperator<List<String>> edit) {
    return bytes -> {
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return (String.join("\n", edit.apply(lines)) + "\n").getBytes(StandardCharsets.UTF_8);
    };
  }

  /** Inserts {@code line} so that it becomes line {@code number} (1-based). */
  private static List<String> insertAt(List<String> lines, int number, String line) {
    List<String> out = new ArrayList<>(lines);
    out.add(number - 1, line);
    return out;
  }

  private static List<String> replaceLine(List<String> lines, int number, String line) {
    List<String> out = new ArrayList<>(lines);
    out.set(number - 1, line);
    return out;
  }

  private static byte[] cut(byte[] bytes, int length) {
    byte[] out = new byte[length];
    System.arraycopy(bytes, 0, out, 0, length);
    return out;
  }

  private static Damage flip(int offset, int mask) {
    return bytes -> {
      byte[] out = bytes.clone();
      out[offset] ^= (byte) mask;
      return out;
    };
  }

  private static byte[] garbage(int length) {
    byte[] out = new byte[length];
    new java.util.Random(20261202).nextBytes(out);
    return out;
  }

  /** IDX images [count, 28, 28] of a seeded pattern. */
  private static byte[] images(int count) {
    ByteBuffer buffer = ByteBuffer.allocate(16 + count * 784);
    buffer.putInt(0x00000803).putInt(count).putInt(28).putInt(28);
    java.util.Random random = new java.util.Random(7);
    while (buffer.hasRemaining()) {
      buffer.put((byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0));
    }
    return buffer.array();
  }

  /** IDX labels 0..9 in turn; record 57 holds 7. */
  private static byte[] labels(int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(8).putInt(0x00000801).putInt(count);
    out.writeBytes(header.array());
    for (int i = 0; i < count; i++) {
      out.write(i % 10);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
