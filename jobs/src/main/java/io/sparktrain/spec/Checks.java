package io.sparktrain.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems a spec record finds in its own compact constructor, each {@code key: rule} with
 * the key relative to the record; a reader adds its own path in front ({@link
 * SpecNode#problems}). So a record built in code is checked by the same rules as one read from
 * YAML, and every problem is reported at once.
 */
public final class Checks {

  private final List<String> lines = new ArrayList<>();

  /** {@code key: missing required key} when {@code value} is null. */
  public Checks required(String key, Object value) {
    return check(value != null, key, "missing required key");
  }

  /** {@code key: rule} unless {@code ok}. */
  public Checks check(boolean ok, String key, String rule) {
    if (!ok) {
      lines.add(key + ": " + rule);
    }
    return this;
  }

  /** {@code key: <range rule>, found <value>} unless {@code value} lies in {@code range}. */
  public Checks in(Range range, String key, double value) {
    return check(range.contains(value), key, range.rule() + ", found "
        + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)));
  }

  /** As {@link #in}, when the key {@code applies} (a key the type reads, a value given). */
  public Checks inIf(boolean applies, Range range, String key, double value) {
    return applies ? in(range, key, value) : this;
  }

  /**
   * A stage that starts from a model: from an earlier stage or a model file, exactly one.
   */
  public Checks oneInput(String from, String source) {
    if (from != null && source != null) {
      return check(false, "source", "give either 'from' (an earlier stage) or 'source' (a model "
          + "file), not both");
    }
    return check(from != null || source != null, "from",
        "missing required key (or 'source': a model file)");
  }

  /** @throws SpecException listing every problem found, if any, under {@code what} */
  public void throwIfAny(String what) {
    if (!lines.isEmpty()) {
      throw new SpecException(what, lines);
    }
  }
}
