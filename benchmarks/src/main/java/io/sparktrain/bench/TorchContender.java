package io.sparktrain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PyTorch on CPU, driven epoch by epoch: {@code benchmarks/torch/mnist_bench.py} in a child process
 * reads the examples and orders {@link BenchData#write} wrote, trains one epoch per line it reads
 * on stdin and answers each with one JSON line on stdout. The race's rule (when to stop, which
 * epoch is timed) thereby stays in {@link Race}, the same for every candidate.
 */
final class TorchContender implements Race.Contender {

  /** Debian's python3-torch is installed for the system Python, not pyenv's. */
  static final String PYTHON = "/usr/bin/python3";
  static final Path SCRIPT = Path.of("benchmarks", "torch", "mnist_bench.py");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path log;
  private final Writer commands;
  private final BufferedReader answers;
  private double accuracy = Double.NaN;

  private TorchContender(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.answers = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * The system Python's torch version and the BLAS library its matrix products load (as
   * "1.13.0a0 CPU, OpenBLAS"), or null without torch; run.sh installs both where it can.
   * Debian's torch multiplies through whatever {@code libblas.so.3} the machine's alternatives
   * point to: the reference BLAS ran the MLP at 2,062 samples/s on one thread where OpenBLAS ran
   * it at 16,000, and a row on it would flatter every other.
   */
  static String version() {
    try {
      Process process = new ProcessBuilder(PYTHON, "-c", String.join("\n",
          "import torch",
          "torch.ones(8, 8) @ torch.ones(8, 8)",
          "maps = [l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l]",
          "blas = 'OpenBLAS' if any('openblas' in m for m in maps) else 'the reference BLAS' "
              + "if any('/blas/' in m for m in maps) else 'BLAS ' + (' '.join(sorted(set(maps))) "
              + "or 'not named')",
          "print(torch.__version__ + ' CPU, ' + blas)"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String version = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8).strip();
      return process.waitFor() == 0 ? version : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Starts the script on {@code dataFile} with {@code threads} intra-op threads (OpenMP's too, so
   * that no pool uses more cores than the row says). Its stderr goes to {@code log}.
   */
  static TorchContender start(BenchNetwork net, Path dataFile, int threads, Path log) {
    ProcessBuilder builder = new ProcessBuilder(PYTHON, SCRIPT.toString(),
        "--data", dataFile.toString(), "--network", net.key(),
        "--threads", Integer.toString(threads), "--batch", Integer.toString(net.batchSize()),
        "--seed", Long.toString(net.seed()))
        .redirectError(log.toFile());
    builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    builder.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
    builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    // Idle OpenMP threads sleep rather than spin: on a machine shared with other work, spinning
    // made two threads ten times slower than one (GNU OpenMP's default is to spin a while).
    builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    try {
      return new TorchContender(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + PYTHON, e);
    }
  }

  @Override
  public Race.Lap train(int epoch) {
    try {
      commands.write("epoch " + epoch + "\n");
      commands.flush();
      String line = answers.readLine();
      if (line == null) {
        throw new IllegalStateException("mnist_bench.py stopped: " + tail());
      }
      JsonNode answer = JSON.readTree(line);
      accuracy = answer.get("validationAccuracy").asDouble();
      return new Race.Lap(answer.get("examples").asLong(), answer.get("seconds").asDouble());
    } catch (IOException e) {
      throw new IllegalStateException("mnist_bench.py stopped: " + tail(), e);
    }
  }

  /** Measured by the script right after its epoch, outside the epoch's time. */
  @Override
  public double validationAccuracy() {
    return accuracy;
  }

  @Override
  public void close() {
    try {
      commands.close();
      process.waitFor();
    } catch (IOException e) {
      // The script has gone already; nothing is left to tell it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.destroyForcibly();
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
