package io.sparktrain.spec;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one spec document, in the order found, each {@code path: rule}. */
public final class Problems {

  private final List<String> lines = new ArrayList<>();

  public void add(String path, String message) {
    lines.add((path.isEmpty() ? "(document)" : path) + ": " + message);
  }

  /** Adds a problem line as it is (already prefixed). */
  public void addLine(String line) {
    lines.add(line);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Fails with every problem found so far, if there is any. */
  public void throwIfAny(String source) {
    if (!lines.isEmpty()) {
      throw new SpecException(source, lines);
    }
  }
}
