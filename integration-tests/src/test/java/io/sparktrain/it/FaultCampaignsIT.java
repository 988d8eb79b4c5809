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
 * to bit-identical parameters, and a runs directory whose disk fills up after the first epoch.
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
    assertTrue(result.output().matches("(?s).*\\| driver \\| 2 \\| final parameters and updater "
        + "state bit-identical \\| 0 \\|.*"), result.output());
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
}
