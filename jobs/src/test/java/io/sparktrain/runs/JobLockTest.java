package io.sparktrain.runs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which holders of a job's lock are gone. */
class JobLockTest {

  /**
   * A run SIGKILLed with its launcher leaves its JVM a zombie until something reaps it, for good
   * in a container whose first process reaps nothing; Java still counts it alive.
   */
  @Test
  void aZombieHoldsNoLockALiveProcessDoes() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "no /proc: not Linux");
    // The shell's child ends after the shell has become sleep, which never reaps it (a bash
    // still running would reap it).
    Process parent = new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 30").start();
    try {
      long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(
          parent.getInputStream(), StandardCharsets.UTF_8)).readLine().trim());
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!JobLock.isZombie(zombie) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      String host = InetAddress.getLocalHost().getHostName();

      assertTrue(JobLock.isZombie(zombie), "process " + zombie + " never became a zombie");
      assumeTrue(ProcessHandle.of(zombie).map(ProcessHandle::isAlive).orElse(false),
          "this JDK counts a zombie gone: the check below is then Java's own");
      assertTrue(JobLock.isStale(host + " " + zombie + " 2026-12-07T10:13:44Z"));
      assertFalse(JobLock.isZombie(parent.pid()));
      assertFalse(JobLock.isStale(host + " " + parent.pid() + " 2026-12-07T10:13:44Z"),
          "a running holder keeps its lock");
      assertFalse(JobLock.isStale("another-host " + zombie + " 2026-12-07T10:13:44Z"),
          "another host's lock is never stale");
    } finally {
      parent.destroyForcibly();
    }
  }
}
