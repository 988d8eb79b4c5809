package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

  @TempDir Path dir;

  @Test
  void readsRecordRangesOfPlainAndGzippedFiles() throws IOException {
    byte[] idx = images(5, 2, 3);
    Path plain = write("images", idx);
    Path gz = write("images.gz", gzip(idx));

    for (Path file : new Path[] {plain, gz}) {
      IdxFile f = IdxFile.open(file);
      assertEquals(5, f.count());
      assertEquals(6, f.recordSize());
      assertArrayEquals(new int[] {5, 2, 3}, f.dims());
      assertArrayEquals(Arrays.copyOfRange(idx, 16 + 6, 16 + 18), f.read(1, 3));
    }
  }

  @Test
  void rejectsTruncatedFileAndLeavesItAsItWas() throws IOException {
    byte[] idx = images(5, 2, 3);
    byte[] truncated = Arrays.copyOf(idx, idx.length - 7);
    Path file = write("train-images-idx3-ubyte", truncated);

    DataException e = assertThrows(DataException.class, () -> IdxFile.open(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("30 data bytes"), e.getMessage());
    assertArrayEquals(truncated, Files.readAllBytes(file));
  }

  @Test
  void rejectsTruncatedGzipStream() throws IOException {
    byte[] gz = gzip(images(50, 4, 4));
    Path file = write("images.gz", Arrays.copyOf(gz, gz.length / 2));

    DataException e = assertThrows(DataException.class, () -> IdxFile.open(file));

    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void rejectsFileLongerThanItsHeaderSays() throws IOException {
    byte[] idx = images(2, 2, 2);
    Path file = write("padded", Arrays.copyOf(idx, idx.length + 1));

    DataException e = assertThrows(DataException.class, () -> IdxFile.open(file));

    assertTrue(e.getMessage().contains("padded"), e.getMessage());
  }

  @Test
  void rejectsWhatIsNotIdx() throws IOException {
    Path file = write("notes.txt", "hello, this is not IDX".getBytes());

    DataException e = assertThrows(DataException.class, () -> IdxFile.open(file));

    assertTrue(e.getMessage().contains("bad magic number"), e.getMessage());
  }

  @Test
  void rejectsHeaderCutShort() throws IOException {
    Path file = write("short", new byte[] {0, 0, 8, 3, 0, 0});

    DataException e = assertThrows(DataException.class, () -> IdxFile.open(file));

    assertTrue(e.getMessage().contains("truncated inside its header"), e.getMessage());
  }

  @Test
  void rejectsUnsupportedElementType() throws IOException {
    Path file = write("floats", new byte[] {0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0});

    DataException e = assertThrows(DataException.class, () -> IdxFile.open(file));

    assertTrue(e.getMessage().contains("element type 0x0d"), e.getMessage());
  }

  @Test
  void namesAMissingFile() {
    Path file = dir.resolve("absent");

    DataException e = assertThrows(DataException.class, () -> IdxFile.open(file));

    assertEquals(file + ": file not found", e.getMessage());
  }

  @Test
  void rejectsImagesAndLabelsOfDifferentCounts() throws IOException {
    Path images = write("images", images(4, 2, 2));
    Path labels = write("labels", labels(0, 1, 2));

    DataException e = assertThrows(DataException.class, () -> IdxImageSource.open(images, labels));

    assertTrue(e.getMessage().contains("holds 4 images but"), e.getMessage());
  }

  /** An IDX file of unsigned bytes: dims, then element i = i mod 251. */
  static byte[] images(int count, int height, int width) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0803);
    out.writeInt(count);
    out.writeInt(height);
    out.writeInt(width);
    for (int i = 0; i < count * height * width; i++) {
      out.writeByte(i % 251);
    }
    return bytes.toByteArray();
  }

  static byte[] labels(int... values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0801);
    out.writeInt(values.length);
    for (int v : values) {
      out.writeByte(v);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }
}
