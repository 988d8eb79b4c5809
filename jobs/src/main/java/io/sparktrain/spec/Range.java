package io.sparktrain.spec;

/**
 * An interval of allowed numbers, open or closed at either end, that describes itself the way a
 * problem line states its rule.
 */
public record Range(double low, boolean lowOpen, double high, boolean highOpen) {

  public static final Range ANY =
      new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
  public static final Range POSITIVE = new Range(0, true, Double.POSITIVE_INFINITY, true);
  static final Range NON_NEGATIVE = new Range(0, false, Double.POSITIVE_INFINITY, true);
  static final Range UNIT_HALF_OPEN = new Range(0, false, 1, true);
  static final Range UNIT_LOW_OPEN = new Range(0, true, 1, false);

  public static Range atLeast(long min) {
    return new Range(min, false, Double.POSITIVE_INFINITY, true);
  }

  public boolean contains(double x) {
    boolean aboveLow = lowOpen ? x > low : x >= low;
    boolean belowHigh = highOpen ? x < high : x <= high;
    return aboveLow && belowHigh;
  }

  /** The rule, e.g. {@code must be >= 1} or {@code must be in [0, 1)}. */
  public String rule() {
    if (Double.isInfinite(high)) {
      return "must be " + (lowOpen ? "> " : ">= ") + format(low);
    }
    return "must be in " + (lowOpen ? "(" : "[") + format(low) + ", " + format(high)
        + (highOpen ? ")" : "]");
  }

  private static String format(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}
