package io.sparktrain.spec;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one spec document, in the order found, each {@code path: rule}. */
public final class Problems {

  private final List<String> lines = new ArrayList<>();

  public void add(String path, String message) {
    lines.add(printable((path.isEmpty() ? "(document)" : path) + ": " + message));
  }

  /** Adds a problem line as it is (already prefixed). */
  public void addLine(String line) {
    lines.add(printable(line));
  }

  /**
   * The line with control characters escaped: a key the user wrote with a carriage return or a
   * terminal escape in it would otherwise break the problem list into lines that name no place.
   */
  static String printable(String line) {
    StringBuilder out = new StringBuilder(line.length());
    line.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }

  /** How many problems were found so far. */
  public int count() {
    return lines.size();
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
