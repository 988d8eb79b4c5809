package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.exchange.Handshake;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sparktrain on a real standalone cluster (a master and two worker JVMs, authenticated RPC) through
 * spark-submit, against the same job in local mode. The engine's shards and random streams do not
 * depend on where tasks run, so the cluster should give the local result; the tolerance is the
 * 0.5 % a user would accept.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {

  private static final double TOLERANCE = 0.005;
  private static final int RENDEZVOUS_PORT = 17099;

  @TempDir static Path work;
  private static LocalCluster cluster;
  private static Path spec;
  private static double localAccuracy;

  @BeforeAll
  static void startClusterAndTrainLocally() throws Exception {
    spec = Files.writeString(work.resolve("mnist-cluster.yaml"),
        LocalCluster.shortMnistSpec("mnist-cluster"));
    Launcher.Result local = Launcher.run("train", spec.toString(), "--runs-dir",
        work.resolve("local").toString());
    assertEquals(0, local.code(), local.output());
    localAccuracy = accuracy(work.resolve("local"));
    cluster = LocalCluster.start(2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "{0} mode")
  @ValueSource(strings = {"client", "cluster"})
  @Order(1)
  void deployModeMatchesLocalMode(String mode) throws Exception {
    Path runs = work.resolve(mode);
    Path tmp = Files.createDirectories(work.resolve(mode + "-tmp"));

    Launcher.Result result = LocalCluster.submit(Map.of("TMPDIR", tmp.toString()),
        List.of("--deploy-mode", mode),
        "train", spec.toString(), "--runs-dir", runs.toString()).await(600);

    assertEquals(0, result.code(), result.output());
    assertEquals(localAccuracy, accuracy(runs), TOLERANCE);
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "submit.sh's properties file holds the cluster's "
          + "secret: it must be gone once the driver has ended");
    }
  }

  /**
   * While a job trains, a second client goes for its exchange on the driver: garbage, a handshake
   * under a guessed stage with a made-up secret, and a flood of idle connections. None gets an
   * answer, the job ends as an undisturbed one does, the driver logs the refusals, and the
   * cluster's secret appears nowhere in the output or the run's files.
   */
  @Test
  @Order(2)
  void aSecondClientCannotJoinARunningJobsExchange() throws Exception {
    Path runs = work.resolve("strangers");
    Submission submission = LocalCluster.submit(Map.of(),
        List.of("--conf", "spark.driver.host=127.0.0.1",
            "--conf", "spark.sparktrain.rendezvousPort=" + RENDEZVOUS_PORT,
            "--conf", "spark.sparktrain.ringPorts=17100-17120"),
        "train", spec.toString(), "--runs-dir", runs.toString());
    Launcher.Result result;
    try {
      pokeAtTheExchange(submission);
      result = submission.await(600);
    } finally {
      // A failed check must not leave the driver running (and holding the cluster's cores).
      submission.kill();
    }
    assertEquals(0, result.code(), result.output());
    assertEquals(localAccuracy, accuracy(runs), TOLERANCE);
    assertTrue(result.output().contains("the training exchange refused"), result.output());
    String secret = Files.readString(Launcher.HOME.resolve("cluster/target/secret")).strip();
    assertTrue(secret.length() >= 32, "the cluster's secret file");
    assertFalse(result.output().contains(secret), "the secret is in the driver's output");
    try (Stream<Path> files = Files.walk(runs)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
            .contains(secret), "the secret is in " + file);
      }
    }
  }

  /** Garbage, a guessed stage with a made-up secret, and 500 idle connections, after epoch 1. */
  private static void pokeAtTheExchange(Submission submission) throws Exception {
    assertTrue(submission.awaitLine(line -> line.startsWith("epoch 1/3"), 300),
        submission.output());
    InetAddress other = InetAddress.getLocalHost();
    if (!other.isLoopbackAddress()) {
      // Bound to the driver's address only, not to every interface.
      assertThrows(IOException.class, () -> new Socket(other, RENDEZVOUS_PORT).close());
    }
    List<Socket> strangers = new ArrayList<>();
    try {
      Socket garbage = stranger();
      garbage.getOutputStream().write("GET / HTTP/1.1\r\nHost: sparktrain\r\n\r\n".getBytes());
      strangers.add(garbage);
      Socket guess = stranger();
      String label = "00000000-0000-0000-0000-000000000000/epoch-2#0";
      assertThrows(EOFException.class, () -> Handshake.asClient(
          new DataInputStream(guess.getInputStream()),
          new DataOutputStream(guess.getOutputStream()),
          Handshake.derive(Handshake.randomSecret(), label), label, "the driver"));
      strangers.add(guess);
      for (int i = 0; i < 500; i++) {
        strangers.add(stranger());
      }
      for (Socket s : strangers.subList(0, 3)) {
        assertTrue(hungUp(s), "the driver answered a stranger");
      }
    } finally {
      strangers.forEach(s -> {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a socket the driver already closed
        }
      });
    }
  }

  /** Whether the driver closed the connection without a word (a reset counts: unread bytes). */
  private static boolean hungUp(Socket socket) throws IOException {
    socket.setSoTimeout(60_000);
    try {
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  private static Socket stranger() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", RENDEZVOUS_PORT), 10_000);
    return socket;
  }

  @Test
  @Order(3)
  void submissionWithoutTheSecretIsRefused() throws Exception {
    Path wrong = Files.writeString(work.resolve("wrong-secret"), "0123456789abcdef");
    Path runs = work.resolve("refused");

    Launcher.Result result = LocalCluster.submit(
        Map.of("SPARKTRAIN_SECRET_FILE", wrong.toString()), List.of(),
        "train", spec.toString(), "--runs-dir", runs.toString()).await(300);

    assertNotEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("SaslException"), result.output());
    assertTrue(result.output().contains("the cluster stopped this Spark application"),
        result.output());
    try (Stream<Path> written = Files.exists(runs) ? Files.walk(runs) : Stream.empty()) {
      assertEquals(List.of(), written.filter(Files::isRegularFile).toList(),
          "a refused job wrote files (its lock included)");
    }
  }

  @Test
  @Order(4)
  void trainingSurvivesAWorkerKilledMidway() throws Exception {
    Path runs = work.resolve("worker-killed");
    Submission submission = submitPastFirstEpoch(runs);

    cluster.killWorker(2);
    Launcher.Result result = submission.await(600);

    assertEquals(0, result.code(), result.output());
    assertEquals(localAccuracy, accuracy(runs), TOLERANCE);
  }

  @Test
  @Order(5)
  void rerunAfterTheDriverIsKilledResumesFromItsCheckpoint() throws Exception {
    Path runs = work.resolve("driver-killed");
    Submission first = submitPastFirstEpoch(runs);

    first.kill();
    Launcher.Result rerun = LocalCluster.submit(Map.of(), List.of(),
        "train", spec.toString(), "--runs-dir", runs.toString()).await(600);

    assertEquals(0, rerun.code(), rerun.output());
    assertTrue(rerun.output().matches("(?s).*resuming run \\S+ from epoch [23] of 3.*"),
        rerun.output());
    assertEquals(localAccuracy, accuracy(runs), TOLERANCE);
  }

  /**
   * A submission stopped as a scheduler stops one (SIGTERM to the script) passes the signal to its
   * driver, exits as a terminated process, and leaves neither a JVM nor its secret behind.
   */
  @Test
  @Order(6)
  void aStoppedSubmissionStopsItsDriverAndRemovesItsSecret() throws Exception {
    Path tmp = Files.createDirectories(work.resolve("stopped-tmp"));
    Submission submission = submitPastFirstEpoch(work.resolve("stopped"),
        Map.of("TMPDIR", tmp.toString()));
    List<ProcessHandle> driver = submission.children();
    assertFalse(driver.isEmpty(), "the driver's JVM runs as the script's child");

    int code = submission.terminate(120);

    assertEquals(143, code, submission.output());
    for (ProcessHandle process : driver) {
      process.onExit().get(30, TimeUnit.SECONDS);
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "the properties file with the secret is removed");
    }
  }

  /** Submits the job in client mode and returns once its first epoch is reported. */
  private static Submission submitPastFirstEpoch(Path runs) throws Exception {
    return submitPastFirstEpoch(runs, Map.of());
  }

  private static Submission submitPastFirstEpoch(Path runs, Map<String, String> env)
      throws Exception {
    Submission submission = LocalCluster.submit(env, List.of(),
        "train", spec.toString(), "--runs-dir", runs.toString());
    assertTrue(submission.awaitLine(line -> line.startsWith("epoch 1/3"), 300),
        submission.output());
    return submission;
  }

  private static double accuracy(Path runs) throws Exception {
    return ExampleSpec.testAccuracy(Launcher.onlyRun(runs.resolve("mnist-cluster")));
  }

}
