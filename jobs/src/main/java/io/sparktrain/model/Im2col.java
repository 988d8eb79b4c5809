package io.sparktrain.model;

import java.util.Arrays;

/**
 * The data movement around a convolution done as one matrix product per batch (Chellapilla et
 * al., "High Performance Convolutional Neural Networks for Document Processing", 2006): image
 * patches unrolled into the columns of a matrix and, backwards, the columns' gradients folded
 * back onto the image. Plain Java loops over heap arrays: the stride-1 rows are
 * {@code System.arraycopy} and the folding loop is one C2 auto-vectorises.
 *
 * <p>Layouts. The image is NCHW, {@code [n, c, h, w]}. The column matrix is
 * {@code [c * kh * kw, n * oh * ow]}, row {@code (c * kh + i) * kw + j} holding for every output
 * position of every example the input pixel under kernel tap {@code (i, j)} of channel
 * {@code c}, so that DL4J's weight array {@code [out, c, kh, kw]}, read as {@code [out, c*kh*kw]},
 * multiplies it directly. Pixels outside the image (padding) are zero.
 *
 * @param n examples
 * @param c input channels
 * @param h input height
 * @param w input width
 * @param kh kernel height
 * @param kw kernel width
 * @param sh stride along the height
 * @param sw stride along the width
 * @param ph padding at the top (the bottom takes what the output size leaves)
 * @param pw padding at the left
 * @param oh output height
 * @param ow output width
 */
record Im2col(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh,
    int ow) {

  /** Rows of the column matrix: {@code c * kh * kw}. */
  int rows() {
    return c * kh * kw;
  }

  /** Columns of the column matrix: {@code n * oh * ow}. */
  int columns() {
    return n * oh * ow;
  }

  /** Unrolls {@code image} ([n, c, h, w]) into {@code cols} ([rows, columns]), every cell. */
  void unroll(float[] image, float[] cols) {
    int plane = oh * ow;
    forEachTap((ch, i, j, row, first, end) -> {
      for (int e = 0; e < n; e++) {
        int source = (e * c + ch) * h * w;
        for (int oy = 0; oy < oh; oy++) {
          int target = row + e * plane + oy * ow;
          int iy = oy * sh + i - ph;
          if (iy < 0 || iy >= h || first >= end) {
            Arrays.fill(cols, target, target + ow, 0f);
            continue;
          }
          Arrays.fill(cols, target, target + first, 0f);
          int from = source + iy * w + first * sw + j - pw;
          if (sw == 1) {
            System.arraycopy(image, from, cols, target + first, end - first);
          } else {
            for (int ox = first; ox < end; ox++, from += sw) {
              cols[target + ox] = image[from];
            }
          }
          Arrays.fill(cols, target + end, target + ow, 0f);
        }
      }
    });
  }

  /**
   * Folds {@code cols} ([rows, columns], the gradient of the unrolled patches) back onto
   * {@code image} ([n, c, h, w]), which it overwrites: each pixel gets the sum over every patch
   * that read it.
   */
  void fold(float[] cols, float[] image) {
    Arrays.fill(image, 0, n * c * h * w, 0f);
    int plane = oh * ow;
    forEachTap((ch, i, j, row, first, end) -> {
      for (int e = 0; e < n && first < end; e++) {
        int target = (e * c + ch) * h * w;
        for (int oy = 0; oy < oh; oy++) {
          int iy = oy * sh + i - ph;
          if (iy < 0 || iy >= h) {
            continue;
          }
          int from = row + e * plane + oy * ow;
          int to = target + iy * w + first * sw + j - pw;
          if (sw == 1) {
            addInto(cols, from + first, image, to, end - first);
          } else {
            for (int ox = first; ox < end; ox++, to += sw) {
              image[to] += cols[from + ox];
            }
          }
        }
      }
    });
  }

  /** One kernel tap of one input channel: one row of the column matrix. */
  private interface Tap {
    /**
     * @param row the offset of the tap's row in the column matrix
     * @param first the first output column whose input column lies inside the image
     * @param end one past the last such output column
     */
    void visit(int ch, int i, int j, int row, int first, int end);
  }

  /** Visits every (channel, kernel row, kernel column) tap, with its row and inside columns. */
  private void forEachTap(Tap tap) {
    int columns = columns();
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++) {
          tap.visit(ch, i, j, ((ch * kh + i) * kw + j) * columns, firstInside(j - pw, sw),
              endInside(j - pw, sw, w));
        }
      }
    }
  }

  /** {@code b[bo + k] += a[ao + k]} for k below {@code length}; a loop C2 vectorises. */
  private static void addInto(float[] a, int ao, float[] b, int bo, int length) {
    for (int k = 0; k < length; k++) {
      b[bo + k] += a[ao + k];
    }
  }

  /** The first output column whose input column {@code ox * stride + shift} is at least 0. */
  private static int firstInside(int shift, int stride) {
    return shift >= 0 ? 0 : (-shift + stride - 1) / stride;
  }

  /** One past the last output column whose input column is below {@code width}. */
  private int endInside(int shift, int stride, int width) {
    int limit = width - shift; // ox * stride < limit
    if (limit <= 0) {
      return 0;
    }
    return Math.min(ow, (limit + stride - 1) / stride);
  }
}
