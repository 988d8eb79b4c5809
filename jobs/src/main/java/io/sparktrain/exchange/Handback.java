package io.sparktrain.exchange;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * What rank 0 hands the driver at the end of a stage, over its {@link Rendezvous} connection
 * instead of through Spark: a few counts and measures and the trained arrays. Spark would
 * serialise the arrays into a shuffle file, read them back in a second task and serialise them
 * again as that task's result: for the MLP's 6.4 MB, 76-161 ms from the last task's end to the
 * driver holding the state, against 20-53 ms this way (docs/performance.md).
 *
 * @param longs counts (examples, rounds, ...), in an order the two sides agree on
 * @param doubles measures (loss sums, ...)
 * @param arrays the trained state (parameters, updater state)
 */
public record Handback(long[] longs, double[] doubles, float[][] arrays) {

  /** Floats per bulk copy between the arrays and the stream. */
  private static final int CHUNK = 16_384;

  void write(DataOutputStream out) throws IOException {
    out.writeInt(longs.length);
    for (long v : longs) {
      out.writeLong(v);
    }
    out.writeInt(doubles.length);
    for (double v : doubles) {
      out.writeDouble(v);
    }
    out.writeInt(arrays.length);
    ByteBuffer bytes = ByteBuffer.allocate(4 * CHUNK);
    FloatBuffer floats = bytes.asFloatBuffer();
    for (float[] array : arrays) {
      out.writeInt(array.length);
      for (int from = 0; from < array.length; from += CHUNK) {
        int n = Math.min(CHUNK, array.length - from);
        floats.put(0, array, from, n);
        out.write(bytes.array(), 0, 4 * n);
      }
    }
    out.flush();
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @param maxFloats the most floats the arrays may hold together; a larger claim is refused
   *     before anything is allocated for it
   */
  static Handback read(DataInputStream in, long maxFloats) throws IOException {
    long[] longs = new long[count(in.readInt(), 64, "counts")];
    for (int i = 0; i < longs.length; i++) {
      longs[i] = in.readLong();
    }
    double[] doubles = new double[count(in.readInt(), 64, "measures")];
    for (int i = 0; i < doubles.length; i++) {
      doubles[i] = in.readDouble();
    }
    float[][] arrays = new float[count(in.readInt(), 64, "arrays")][];
    byte[] chunk = new byte[4 * CHUNK];
    FloatBuffer floats = ByteBuffer.wrap(chunk).asFloatBuffer();
    long left = maxFloats;
    for (int a = 0; a < arrays.length; a++) {
      int length = in.readInt();
      if (length < 0 || length > left) {
        throw new IOException("a handed-back array of " + length + " floats, more than the "
            + maxFloats + " the stage's state holds");
      }
      left -= length;
      arrays[a] = new float[length];
      for (int from = 0; from < length; from += CHUNK) {
        int n = Math.min(CHUNK, length - from);
        in.readFully(chunk, 0, 4 * n);
        floats.get(0, arrays[a], from, n);
      }
    }
    return new Handback(longs, doubles, arrays);
  }

  private static int count(int n, int max, String what) throws IOException {
    if (n < 0 || n > max) {
      throw new IOException("a handback claims " + n + " " + what + "; at most " + max);
    }
    return n;
  }
}
