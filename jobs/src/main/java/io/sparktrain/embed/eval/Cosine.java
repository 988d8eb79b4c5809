package io.sparktrain.embed.eval;

/** Cosine similarity and unit vectors; a zero vector has cosine 0 with everything. */
final class Cosine {

  private Cosine() {}

  /** The cosine of the angle between {@code x} and {@code y}, accumulated in double. */
  static double of(float[] x, float[] y) {
    double dot = 0;
    double xx = 0;
    double yy = 0;
    for (int k = 0; k < x.length; k++) {
      dot += (double) x[k] * y[k];
      xx += (double) x[k] * x[k];
      yy += (double) y[k] * y[k];
    }
    return xx == 0 || yy == 0 ? 0 : dot / Math.sqrt(xx * yy);
  }

  /** {@code x} scaled to length 1, as a new array; a zero vector stays zero. */
  static float[] unit(float[] x) {
    double norm = 0;
    for (float value : x) {
      norm += (double) value * value;
    }
    float[] unit = new float[x.length];
    if (norm > 0) {
      double scale = 1 / Math.sqrt(norm);
      for (int k = 0; k < x.length; k++) {
        unit[k] = (float) (x[k] * scale);
      }
    }
    return unit;
  }
}
