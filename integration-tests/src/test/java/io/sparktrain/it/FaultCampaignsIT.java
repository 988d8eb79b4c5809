package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short versions of the fault campaigns under {@code integration-tests/campaigns/} (the full
 * ones, and their measured tables, are in docs/reliability.md): two driver SIGKILLs, each resumed
 * to bit-identical parameters, a runs directory whose disk fills up after the first epoch, and a
 * job too big for its memory.
 */
class FaultCampaignsIT {

  private static final Path CAMPAIGNS = Launcher.HOME.resolve("integration-tests/campaigns");

  @TempDir static Path work;
  private static Path spec;

  /** The digits job of conf/optimizers/adam.yaml, cut to three epochs for CI. */
  @BeforeAll
  static void shortJob() throws Exception {
    spec = Files.writeString(work.resolve("digits-faults.yaml"),
        Files.readString(Launcher.HOME.resolve("conf/optimizers/adam.yaml"))
            .replace("name: optimizer-adam", "name: digits-faults")
            .replace("epochs: 6", "epochs: 3"));
  }

  @Test
  void driverKilledTwiceAtRandomResumesBitIdentical() throws Exception {
    Launcher.Result result = Launcher.runCommand(Map.of(), List.of(
        CAMPAIGNS.resolve("kill.sh").toString(), "--driver-kills", "2", "--executor-kills", "0",
        "--spec", spec.toString(), "--work", work.resolve("kill").toString()));

    assertEquals(0, result.code(), result.output());
    // Runs, kills that landed (a kill drawn late can find the run finished), what was checked,
    // failures.
    assertTrue(result.output().matches("(?s).*\\| driver \\| 2 \\| [0-2] \\| final parameters and "
        + "updater state bit-identical \\| 0 \\|.*"), result.output());
  }

  @Test
  void diskFullAfterTheFirstEpochExits5AndResumes() throws Exception {
    Launcher.Result result = Launcher.runCommand(Map.of(), List.of(
        CAMPAIGNS.resolve("disk-full.sh").toString(), "--cases", "full:1",
        "--spec", spec.toString(), "--work", work.resolve("disk").toString()));

    assumeTrue(result.code() != 77, "no tmpfs can be mounted here (needs root): "
        + result.output());
    assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("full:1: exit 5 (error: cannot write"), result.output());
    assertTrue(result.output().contains("resuming run"), result.output());
  }

  /**
   * A task whose network does not fit its JVM (local mode: the executor is the driver's JVM): a
   * 400,000-unit layer on the digits, 30 M parameters with their gradients and Adam's two moments
   * on each of two workers, against a 512 MB heap, which also caps ND4J's off-heap arrays. Exit 6
   * and, last, one line naming the setting to raise, not an OutOfMemoryError's stack.
   */
  @Test
  void aJobTooBigForItsHeapExits6NamingTheSettingToRaise() throws Exception {
    Path big = Files.writeString(work.resolve("digits-too-big.yaml"),
        Files.readString(spec).replace("name: digits-faults", "name: digits-too-big")
            .replace("units: 64", "units: 400000"));

    Launcher.Result result = Launcher.run(Map.of("SPARKTRAIN_JAVA_OPTS", "-Xmx512m"), "train",
        big.toString(), "--runs-dir", work.resolve("memory").toString());

    assertEquals(6, result.code(), result.output());
    List<String> lines = result.output().strip().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.startsWith("error: out of memory") && last.contains("SPARKTRAIN_JAVA_OPTS"),
        result.output());
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("Exception in thread")),
        result.output());
  }
}
