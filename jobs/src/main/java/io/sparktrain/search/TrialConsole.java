package io.sparktrain.search;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A trial's console: its lines go to the search's console whole, each prefixed with the trial's
 * name, so that trials running side by side stay readable.
 */
final class TrialConsole extends OutputStream {

  private final PrintStream out;
  private final String prefix;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private TrialConsole(PrintStream out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  static PrintStream of(PrintStream out, String trial) {
    return new PrintStream(new TrialConsole(out, "[" + trial + "] "), true,
        StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      flushLine();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void flush() {
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (line.size() > 0) {
      flushLine();
    }
  }

  private void flushLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    synchronized (out) {
      out.println(prefix + text);
    }
  }
}
