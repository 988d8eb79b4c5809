package io.sparktrain.model.vae;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Square grey images in [0, 1], one per row, written side by side as one PNG. */
public final class ImageGrid {

  private ImageGrid() {}

  /**
   * Writes {@code images} as a grid of {@code columns} images per line (white = 1).
   *
   * @param side each image's width and height in pixels
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(INDArray images, int side, int columns, Path file) {
    int count = (int) images.rows();
    int lines = (count + columns - 1) / columns;
    BufferedImage grid = new BufferedImage(columns * side, lines * side,
        BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < count; i++) {
      float[] pixels = images.getRow(i).toFloatVector();
      for (int p = 0; p < side * side; p++) {
        int grey = Math.round(Math.min(1f, Math.max(0f, pixels[p])) * 255f);
        grid.getRaster().setSample((i % columns) * side + p % side,
            (i / columns) * side + p / side, 0, grey);
      }
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ImageIO.write(grid, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write the image grid", e);
    }
  }
}
