package io.sparktrain.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * PyTorch's MLP step on one thread in a Python process that lives through the benchmark
 * ({@code benchmarks/torch/step_bench.py}), so that its rounds interleave with the Java
 * candidates' and its ratio comes from the same run under the same load.
 */
final class TorchSteps implements AutoCloseable {

  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;

  private TorchSteps(Process process) {
    this.process = process;
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** The Python process, ready; null (and a line saying why) where /usr/bin/python3 has no torch. */
  static TorchSteps start() {
    try {
      Process process = new ProcessBuilder("/usr/bin/python3", "benchmarks/torch/step_bench.py")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      TorchSteps torch = new TorchSteps(process);
      String ready = torch.out.readLine();
      if ("ready".equals(ready)) {
        return torch;
      }
      process.destroy();
    } catch (IOException e) {
      System.out.println("no PyTorch row: " + e.getMessage());
      return null;
    }
    System.out.println("no PyTorch row: benchmarks/torch/step_bench.py did not start");
    return null;
  }

  /** Samples/s of {@code steps} PyTorch steps. */
  double round(int steps) {
    in.println(steps);
    try {
      return Double.parseDouble(out.readLine());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    in.close();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
