package io.sparktrain.data;

/**
 * Why one mirror gave no usable copy. Internal to the install loop, which moves on to the next
 * mirror and finally reports every failure in one {@link io.sparktrain.spec.DataException}.
 */
final class MirrorFailure extends Exception {

  /** Whether the mirror was reached at all; the final message says "no mirror reachable" if none was. */
  enum Kind { UNREACHABLE, CORRUPT, CHECKSUM_MISMATCH }

  private final Kind kind;

  MirrorFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  static MirrorFailure unreachable(String message, Throwable cause) {
    return new MirrorFailure(Kind.UNREACHABLE, message, cause);
  }

  static MirrorFailure corrupt(String message, Throwable cause) {
    return new MirrorFailure(Kind.CORRUPT, message, cause);
  }

  Kind kind() {
    return kind;
  }

  /** The messages along a cause chain, for a reason a user can read ("ConnectException: ..."). */
  static String describe(Throwable thrown) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
      String part = t.getClass().getSimpleName()
          + (t.getMessage() == null ? "" : ": " + t.getMessage());
      if (out.indexOf(part) < 0) {
        out.append(out.length() == 0 ? "" : " <- ").append(part);
      }
    }
    return out.toString();
  }
}
