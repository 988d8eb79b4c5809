package io.sparktrain.model;

import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The shape of one example as the data arrives: a flat feature vector, or an image stored
 * flattened in row-major (channels, height, width) order, as the IDX and CSV readers produce it.
 *
 * @param image whether the features are an image
 * @param channels image channels; 1 for flat input
 * @param height image height in pixels; 1 for flat input
 * @param width image width in pixels, or the number of features of flat input (word ids of text)
 * @param words for text: the rows an embedding layer needs (the vocabulary, padding and unknown
 *     word) and the dimension of the word vectors; null otherwise
 * @param sequence whether each example is a sequence of one-hot steps of {@code width} symbols,
 *     of varying length, arriving already in DL4J's recurrent layout (characters)
 */
public record InputShape(boolean image, int channels, int height, int width, Words words,
    boolean sequence) {

  /** Image or flat input. */
  public InputShape(boolean image, int channels, int height, int width) {
    this(image, channels, height, width, null, false);
  }

  /** What an embedding layer over text input needs to know of its words. */
  public record Words(int rows, int dim) {}

  public InputShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("input dimensions must be >= 1, found " + channels
          + "x" + height + "x" + width);
    }
  }

  /** {@code n} features per example. */
  public static InputShape flat(int n) {
    return new InputShape(false, 1, 1, n);
  }

  /** {@code length} word ids per example, into {@code words}. */
  public static InputShape text(int length, Words words) {
    return new InputShape(false, 1, 1, length, words, false);
  }

  /** Sequences of one-hot steps over {@code symbols} symbols, any number of steps. */
  public static InputShape sequence(int symbols) {
    return new InputShape(false, 1, 1, symbols, null, true);
  }

  /** An image, delivered flattened row-major. */
  public static InputShape image(int channels, int height, int width) {
    return new InputShape(true, channels, height, width);
  }

  /**
   * The shape a data set reports.
   *
   * @param imageShape [height, width, channels] as {@code LabeledData} gives it, or null for flat
   *     features
   */
  public static InputShape of(int[] imageShape, int numFeatures) {
    return imageShape == null ? flat(numFeatures)
        : image(imageShape[2], imageShape[0], imageShape[1]);
  }

  /** Features per example as delivered. */
  public int size() {
    return channels * height * width;
  }

  /**
   * DL4J's input type. Images arrive flat, so DL4J inserts the reshaping preprocessor in front of
   * the first convolution itself; sequences arrive recurrent, of unknown length.
   */
  public InputType toInputType() {
    return image ? InputType.convolutionalFlat(height, width, channels)
        : sequence ? InputType.recurrent(width) : InputType.feedForward(width);
  }
}
