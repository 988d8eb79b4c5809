package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Corpus;
import io.sparktrain.data.DataCache;
import io.sparktrain.runs.AtomicWrite;
import io.sparktrain.runs.JobLock;
import io.sparktrain.spec.OutputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs, pipelines and Word2Vec with {@code --runs-dir hdfs://...} and the training data on HDFS,
 * against a real HDFS ({@link MiniHdfs}) through the launcher: the outputs are those of a local
 * run, bit for bit; a pipeline whose driver is killed resumes on HDFS; a second run of a job
 * exits 5 on the lock. In-process, against the same cluster: {@code runs.AtomicWrite} replaces
 * files and directories so that a reader never finds one missing or torn, and of clients racing
 * for a {@code runs.JobLock} exactly one wins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsIT {

  private static final int EPOCHS = 20;
  private static Path work;
  private static MiniHdfs hdfs;
  private static Path localDigits;

  @BeforeAll
  static void startHdfs() throws Exception {
    work = Files.createTempDirectory("sparktrain-hdfs-it");
    hdfs = MiniHdfs.start(work.resolve("dfs"));
    localDigits = DataCache.fromEnvironment().ensure("digits").resolve("digits.csv");
    hdfs.fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(localDigits.toUri()),
        hdfs.path("/data/digits.csv"));
  }

  @AfterAll
  static void stopHdfs() throws Exception {
    if (hdfs != null) {
      hdfs.close();
    }
    try (Stream<Path> paths = Files.walk(work)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void aRunOnHdfsWritesTheFilesAndTheModelOfALocalRun() throws Exception {
    Launcher.Result onHdfs = Launcher.run("train", spec("on-hdfs", hdfs.uri("/data/digits.csv")),
        "--runs-dir", hdfs.uri("/runs"));
    Launcher.Result local = Launcher.run("train", spec("local", localDigits.toString()),
        "--runs-dir", work.resolve("runs").toString());

    assertEquals(0, onHdfs.code(), onHdfs.output());
    assertEquals(0, local.code(), local.output());
    org.apache.hadoop.fs.Path run = hdfs.onlyRun("/runs/digits");
    Path localRun = Launcher.onlyRun(work.resolve("runs/digits"));
    assertEquals(localNames(localRun), hdfs.names(run), "the same files, no temporaries");
    for (String zip : List.of("model.zip", "checkpoint.zip")) {
      assertSameEntries(localRun.resolve(zip), run.suffix("/" + zip));
    }
    assertEquals(Files.readString(localRun.resolve("evaluation.json")),
        new String(hdfs.read(run.suffix("/evaluation.json"))));
    assertTrue(onHdfs.output().contains(run.toString()), "the run names its HDFS directory");
  }

  private static String spec(String name, String csv) throws IOException {
    return Files.writeString(work.resolve(name + ".yaml"), """
        name: digits
        %s
        """.formatted(trainSections(csv, ""))).toString();
  }

  /** The data, model, optimizer and training of the digits job, indented by {@code indent}. */
  private static String trainSections(String csv, String indent) {
    return """
        data: {source: csv, path: '%s', scaling: unit}
        model:
          layers:
            - {type: dense, units: 32, activation: relu}
            - {type: output, units: 10, activation: softmax, loss: mcxent}
        optimizer: {type: sgd, learningRate: 0.1}
        training: {epochs: %d, batchSize: 16, workers: 2, averagingFrequency: 5, seed: 42}
        """.formatted(csv, EPOCHS).strip().replace("\n", "\n" + indent);
  }

  private static List<String> localNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertSameEntries(Path local, org.apache.hadoop.fs.Path onHdfs)
      throws IOException {
    Map<String, byte[]> expected;
    try (InputStream in = Files.newInputStream(local)) {
      expected = MiniHdfs.entries(in);
    }
    Map<String, byte[]> actual;
    try (InputStream in = hdfs.fs().open(onHdfs)) {
      actual = MiniHdfs.entries(in);
    }
    assertEquals(expected.keySet(), actual.keySet(), onHdfs.toString());
    expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name),
        onHdfs + "!" + name + " differs from " + local));
  }

  @Test
  @Order(2)
  void aKilledPipelineOnHdfsHoldsItsLockThenResumesToTheUninterruptedModel() throws Exception {
    String pipeline = Files.writeString(work.resolve("pipeline.yaml"), """
        name: hdfs-pipeline
        stages:
          - name: digits
            type: train
            %s
          - name: export
            type: export
            from: digits
            path: %s
        """.formatted(trainSections(hdfs.uri("/data/digits.csv"), "    "),
        hdfs.uri("/exported/digits.zip"))).toString();
    String runs = hdfs.uri("/pipelines");

    Submission first = Submission.launch("pipeline", pipeline, "--runs-dir", runs);
    assertTrue(first.awaitLine(line -> line.startsWith("epoch 3/" + EPOCHS), 300),
        first.output());
    first.pause();
    Launcher.Result second = Launcher.run("pipeline", pipeline, "--runs-dir", runs);
    first.kill();
    Launcher.Result resumed = Launcher.run("pipeline", pipeline, "--runs-dir", runs);

    assertEquals(5, second.code(), second.output());
    assertTrue(second.output().contains("is locked by another run"), second.output());
    assertTrue(second.output().contains(runs + "/hdfs-pipeline/.lock"), second.output());
    assertEquals(0, resumed.code(), resumed.output());
    assertTrue(resumed.output().contains("taking over the stale lock"), resumed.output());
    assertTrue(resumed.output().matches(
        "(?s).*resuming run \\S+/digits from epoch ([2-9]|1[0-9]) of " + EPOCHS + ".*"),
        resumed.output());
    Path uninterrupted = Launcher.onlyRun(work.resolve("runs/digits")).resolve("model.zip");
    org.apache.hadoop.fs.Path run = hdfs.onlyRun("/pipelines/hdfs-pipeline");
    assertSameEntries(uninterrupted, run.suffix("/digits/model.zip"));
    assertSameEntries(uninterrupted, hdfs.path("/exported/digits.zip"));
    assertEquals(List.of("digits.zip"), hdfs.names(hdfs.path("/exported")), "no temporaries");
    assertTrue(!hdfs.fs().exists(hdfs.path("/pipelines/hdfs-pipeline/.lock")), "lock released");
  }

  @Test
  @Order(3)
  void word2VecReadsItsCorpusFromHdfsAndWritesItsVectorsThere() throws Exception {
    // The chapters as one file, on HDFS and locally, both read through Hadoop's text input (the
    // local one as a file:// URI): the same splits, so the same lines in the same partitions and
    // order, and so the same vectors. (A directory's listing order is the file system's own.)
    Path corpus = work.resolve("moby-dick.txt");
    try (OutputStream out = Files.newOutputStream(corpus)) {
      for (Path chapter : Corpus.files(
          DataCache.fromEnvironment().ensure("moby-dick"))) {
        Files.copy(chapter, out);
      }
    }
    hdfs.fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(corpus.toUri()),
        hdfs.path("/corpus/moby-dick.txt"));
    String settings = """
        word2vec: {dim: 16, epochs: 1, minCount: 10}
        training: {workers: 2, roundsPerEpoch: 2, threads: 1, seed: 42}
        """;
    Path onHdfsSpec = Files.writeString(work.resolve("w2v-hdfs.yaml"), "name: w2v-moby\n"
        + "corpus: [" + hdfs.uri("/corpus/moby-dick.txt") + "]\n" + settings);
    Path localSpec = Files.writeString(work.resolve("w2v-local.yaml"), "name: w2v-moby\n"
        + "corpus: [" + corpus.toUri() + "]\n" + settings);

    Launcher.Result onHdfs = Launcher.run("pretrain-w2v", onHdfsSpec.toString(), "--runs-dir",
        hdfs.uri("/w2v"));
    Launcher.Result local = Launcher.run("pretrain-w2v", localSpec.toString(), "--runs-dir",
        work.resolve("w2v").toString());

    assertEquals(0, onHdfs.code(), onHdfs.output());
    assertEquals(0, local.code(), local.output());
    org.apache.hadoop.fs.Path run = hdfs.onlyRun("/w2v/w2v-moby");
    Path localRun = Launcher.onlyRun(work.resolve("w2v/w2v-moby"));
    assertEquals(localNames(localRun), hdfs.names(run));
    for (String file : List.of("vectors.bin", "vectors.txt")) {
      assertArrayEquals(Files.readAllBytes(localRun.resolve(file)),
          hdfs.read(run.suffix("/" + file)), file);
    }
  }

  @Test
  void aReplacedFileIsNeverMissingOrHalfWrittenForAReader() throws Exception {
    org.apache.hadoop.fs.Path file = hdfs.path("/atomic/file.bin");
    AtomicWrite.file(hdfs.fs(), file, out -> out.write(version(0)));
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
      List<String> seen = new ArrayList<>();
      while (writing.get()) {
        byte[] content = readOrNull(file);
        seen.add(content == null ? "missing" : wholeVersion(content));
      }
      return seen;
    }, thread);

    for (int v = 1; v <= 60; v++) {
      byte[] content = version(v);
      AtomicWrite.file(hdfs.fs(), file, out -> {
        out.write(content, 0, content.length / 2);
        out.flush();
        out.write(content, content.length / 2, content.length - content.length / 2);
      });
    }
    writing.set(false);
    List<String> seen = reader.get(60, TimeUnit.SECONDS);
    thread.shutdown();

    assertTrue(seen.size() > 10, "the reader read while the file was replaced: " + seen.size());
    assertTrue(seen.stream().allMatch(s -> s.startsWith("version ")), "seen: " + seen.stream()
        .filter(s -> !s.startsWith("version ")).distinct().toList());
    assertEquals("version 60", wholeVersion(hdfs.read(file)));
    assertEquals(List.of("file.bin"), hdfs.names(hdfs.path("/atomic")), "no temporaries");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndDirectoryInPlace() throws Exception {
    org.apache.hadoop.fs.Path file = hdfs.path("/failed/file.bin");
    String dir = hdfs.uri("/failed/dir");
    AtomicWrite.file(hdfs.fs(), file, out -> out.write(version(1)));
    AtomicWrite.directory(dir, hdfs.conf(), tmp -> writeQuietly(tmp + "/part-0", version(1)));
    AtomicWrite.directory(dir, hdfs.conf(), tmp -> writeQuietly(tmp + "/part-0", version(2)));

    assertThrows(IOException.class, () -> AtomicWrite.file(hdfs.fs(), file, out -> {
      out.write(version(2), 0, 1000);
      throw new IOException("disk full");
    }));
    assertThrows(IllegalStateException.class, () -> AtomicWrite.directory(dir, hdfs.conf(),
        tmp -> {
          writeQuietly(tmp + "/part-0", version(3));
          throw new IllegalStateException("executor lost");
        }));

    assertEquals("version 1", wholeVersion(hdfs.read(file)));
    assertEquals("version 2", wholeVersion(hdfs.read(hdfs.path("/failed/dir/part-0"))));
    assertEquals(List.of("dir", "file.bin"), hdfs.names(hdfs.path("/failed")), "no temporaries");
  }

  @Test
  void ofClientsRacingForOneLockOnHdfsExactlyOneGetsIt() throws Exception {
    int clients = 6;
    CyclicBarrier start = new CyclicBarrier(clients);
    // Threads of its own: the common pool may have one thread, and the barrier needs them all.
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    List<CompletableFuture<Object>> attempts = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      // Each its own HDFS client (no shared FileSystem), as separate processes would be.
      Configuration conf = hdfs.conf();
      conf.setBoolean("fs.hdfs.impl.disable.cache", true);
      attempts.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
          return JobLock.acquire(hdfs.uri("/locks"), "raced", conf);
        } catch (OutputException e) {
          return e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, threads));
    }
    List<Object> outcomes = new ArrayList<>();
    for (CompletableFuture<Object> attempt : attempts) {
      outcomes.add(attempt.get(60, TimeUnit.SECONDS));
    }
    threads.shutdown();

    List<JobLock> held = outcomes.stream().filter(o -> o instanceof JobLock)
        .map(o -> (JobLock) o).toList();
    assertEquals(1, held.size(), "outcomes: " + outcomes);
    outcomes.stream().filter(o -> o instanceof OutputException).forEach(o -> assertTrue(
        ((OutputException) o).getMessage().contains("is locked by another run"), o.toString()));
    held.get(0).close();
    JobLock.acquire(hdfs.uri("/locks"), "raced", hdfs.conf()).close();
    assertEquals(List.of(), hdfs.names(hdfs.path("/locks/raced")), "released");
  }

  /** 64 KiB that name their version on every line, so a torn read shows. */
  private static byte[] version(int v) {
    String line = String.format("version %-7d%n", v);
    return line.repeat(65536 / line.length()).getBytes(StandardCharsets.UTF_8);
  }

  /** "version N" when {@code content} is one whole version, else what is wrong with it. */
  private static String wholeVersion(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    String first = text.lines().findFirst().orElse("").strip();
    boolean whole = content.length == version(0).length
        && text.lines().allMatch(line -> line.strip().equals(first));
    return whole ? first : "torn (" + content.length + " bytes)";
  }

  private static byte[] readOrNull(org.apache.hadoop.fs.Path file) {
    try {
      return hdfs.read(file);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeQuietly(String file, byte[] content) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
    try (OutputStream out = hdfs.fs().create(path)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
