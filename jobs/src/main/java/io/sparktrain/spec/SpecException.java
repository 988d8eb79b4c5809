package io.sparktrain.spec;

import java.util.List;

/** A job or pipeline spec is malformed; lists every problem found, each naming its field path. */
public final class SpecException extends SparktrainException {

  private final List<String> problems;

  public SpecException(String source, List<String> problems) {
    super("invalid spec " + source + ":\n  " + String.join("\n  ", problems), null);
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code path: rule, found value}. */
  public List<String> problems() {
    return problems;
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
