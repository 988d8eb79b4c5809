package io.sparktrain.exchange;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What a task of a several-epoch barrier stage tells the driver's {@link EpochGate} before it
 * asks for the next epoch's orders.
 *
 * @param finished the zero-based epoch the task has just trained; -1 before its first
 * @param held the digest of the state its replica holds (0 for none): the orders carry the state
 *     only where it differs from the one the next epoch starts from
 * @param scores its scores of its slices of the evaluation splits after that epoch, serialised;
 *     empty when the stage evaluates nothing or the epoch diverged
 */
public record EpochReport(int finished, long held, byte[] scores) {

  /** The most bytes of scores a report may claim; a larger claim is refused unread. */
  static final int MAX_SCORES = 64 << 20;

  /** A task that already reported and asks again after a wait that timed out. */
  public EpochReport waiting() {
    return new EpochReport(finished, held, null);
  }

  /** Whether this is a repeated question rather than a new report. */
  public boolean repeated() {
    return scores == null;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(finished);
    out.writeLong(held);
    out.writeInt(scores == null ? -1 : scores.length);
    if (scores != null) {
      out.write(scores);
    }
  }

  static EpochReport read(DataInputStream in) throws IOException {
    int finished = in.readInt();
    long held = in.readLong();
    int length = in.readInt();
    if (length < -1 || length > MAX_SCORES) {
      throw new IOException("a report claims " + length + " bytes of scores; at most "
          + MAX_SCORES);
    }
    byte[] scores = null;
    if (length >= 0) {
      scores = new byte[length];
      in.readFully(scores);
    }
    return new EpochReport(finished, held, scores);
  }
}
