package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A file in the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a magic number whose third
 * byte is the element type (only unsigned bytes, {@code 0x08}, are used by these sets) and whose
 * fourth is the number of dimensions, the dimensions as big-endian ints, then the elements
 * row-major. The file may be gzipped (recognised by its content, not its name).
 *
 * <p>{@link #open} checks the header and that the file holds exactly as many bytes as its header
 * promises, so a truncated or padded file fails before any training starts. The object is
 * serializable so that executors can read their own record ranges.
 */
public final class IdxFile implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int UNSIGNED_BYTE = 0x08;

  private final String path;
  private final int[] dims;
  private final boolean gzipped;

  private IdxFile(String path, int[] dims, boolean gzipped) {
    this.path = path;
    this.dims = dims;
    this.gzipped = gzipped;
  }

  /**
   * Reads and checks the header and the length of {@code file}.
   *
   * @throws DataException if the file is missing, not IDX, of an unsupported element type,
   *     truncated or longer than its header says
   */
  public static IdxFile open(Path file) {
    boolean gzipped = isGzipped(file);
    try (DataInputStream in = new DataInputStream(stream(file, gzipped))) {
      int magic = in.readInt();
      if ((magic >>> 16) != 0) {
        throw corrupt(file, String.format("bad magic number 0x%08x, not an IDX file", magic));
      }
      if (((magic >>> 8) & 0xff) != UNSIGNED_BYTE) {
        throw corrupt(file, String.format("element type 0x%02x is not supported (only unsigned "
            + "bytes, 0x08)", (magic >>> 8) & 0xff));
      }
      int[] dims = new int[magic & 0xff];
      if (dims.length == 0) {
        throw corrupt(file, "header declares no dimensions");
      }
      for (int i = 0; i < dims.length; i++) {
        dims[i] = in.readInt();
        if (dims[i] <= 0) {
          throw corrupt(file, "dimension " + i + " is " + dims[i]);
        }
      }
      IdxFile idx = new IdxFile(file.toString(), dims, gzipped);
      long expected = idx.count() * (long) idx.recordSize();
      long actual = gzipped ? gunzippedLength(file, in) : Files.size(file) - headerSize(dims.length);
      if (actual != expected) {
        throw corrupt(file, String.format("truncated or padded: the header promises %d records "
            + "(%d data bytes) but the file holds %d data bytes", idx.count(), expected, actual));
      }
      return idx;
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": file not found", e);
    } catch (EOFException e) {
      throw corrupt(file, "truncated inside its header");
    } catch (IOException e) {
      throw new DataException(file + ": cannot be read as IDX (" + e.getMessage() + ")", e);
    }
  }

  /** Number of records (the first dimension). */
  public int count() {
    return dims[0];
  }

  /** Bytes per record: the product of the remaining dimensions (784 for a 28x28 image). */
  public int recordSize() {
    int size = 1;
    for (int i = 1; i < dims.length; i++) {
      size = Math.multiplyExact(size, dims[i]);
    }
    return size;
  }

  /** The dimensions, the record count first. */
  public int[] dims() {
    return dims.clone();
  }

  public String path() {
    return path;
  }

  /**
   * Reads records {@code [from, to)}, each as {@link #recordSize()} unsigned bytes.
   *
   * @throws DataException if the file changed since {@link #open} and can no longer be read
   */
  public byte[] read(int from, int to) {
    if (from < 0 || to > count() || from > to) {
      throw new IllegalArgumentException("records [" + from + ", " + to + ") of " + count());
    }
    byte[] bytes = new byte[Math.multiplyExact(to - from, recordSize())];
    long offset = headerSize(dims.length) + (long) from * recordSize();
    Path file = Path.of(path);
    try {
      if (gzipped) {
        try (InputStream in = stream(file, true)) {
          in.skipNBytes(offset);
          in.readNBytes(bytes, 0, bytes.length);
        }
      } else {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
              throw new EOFException();
            }
          }
        }
      }
      return bytes;
    } catch (IOException e) {
      throw new DataException(path + ": cannot read records [" + from + ", " + to + "): " + e, e);
    }
  }

  @Override
  public String toString() {
    return path + " " + Arrays.toString(dims);
  }

  private static long headerSize(int dimensions) {
    return 4L + 4L * dimensions;
  }

  private static InputStream stream(Path file, boolean gzipped) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    return gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  private static boolean isGzipped(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": file not found", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static DataException corrupt(Path file, String why) {
    return new DataException(file + ": corrupt IDX file, " + why
        + "; delete it (or run `sparktrain data fetch --force`) to download it again");
  }

  private static long gunzippedLength(Path file, InputStream rest) throws IOException {
    try {
      return rest.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (EOFException e) {
      throw corrupt(file, "truncated: its gzip stream ends early");
    } catch (java.util.zip.ZipException e) {
      throw corrupt(file, "its gzip stream is damaged (" + e.getMessage() + ")");
    }
  }
}
