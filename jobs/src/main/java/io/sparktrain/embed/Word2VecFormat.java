package io.sparktrain.embed;

import io.sparktrain.spec.DataException;
import io.sparktrain.runs.AtomicWrite;
import io.sparktrain.spec.OutputException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two word2vec vector files, as word2vec.c and gensim write and read them, so that other tools
 * (gensim, DL4J's WordVectorSerializer, word2vec.c's distance) load our vectors.
 *
 * <ul>
 *   <li>text: a line {@code V dim}, then per word a line {@code word v1 ... vdim}, UTF-8, floats
 *       in Java's shortest round-tripping notation;
 *   <li>binary: the line {@code V dim\n}, then per word its UTF-8 bytes, a space, dim
 *       little-endian float32 and {@code '\n'}.
 * </ul>
 *
 * <p>Files are written to a temporary file in the target's directory and renamed over the target,
 * so a reader never sees half a file and a failed write leaves any previous file intact.
 */
public final class Word2VecFormat {

  private Word2VecFormat() {}

  /**
   * Writes the text format.
   *
   * @throws IllegalArgumentException if a word is empty or holds whitespace (unreadable back)
   * @throws OutputException if the file cannot be written
   */
  public static void writeText(WordVectors vectors, Path file) {
    checkWords(vectors);
    writeAtomically(file, out -> {
      StringBuilder line = new StringBuilder();
      out.write(header(vectors));
      float[] v = vectors.rawVectors();
      int dim = vectors.dim();
      for (int r = 0; r < vectors.size(); r++) {
        line.setLength(0);
        line.append(vectors.words().get(r));
        for (int i = 0; i < dim; i++) {
          line.append(' ').append(v[r * dim + i]);
        }
        line.append('\n');
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
      }
    });
  }

  /**
   * Writes the binary format.
   *
   * @throws IllegalArgumentException if a word is empty or holds whitespace (unreadable back)
   * @throws OutputException if the file cannot be written
   */
  public static void writeBinary(WordVectors vectors, Path file) {
    checkWords(vectors);
    writeAtomically(file, out -> {
      out.write(header(vectors));
      float[] v = vectors.rawVectors();
      int dim = vectors.dim();
      ByteBuffer row = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (int r = 0; r < vectors.size(); r++) {
        out.write(vectors.words().get(r).getBytes(StandardCharsets.UTF_8));
        out.write(' ');
        row.clear();
        row.asFloatBuffer().put(v, r * dim, dim);
        out.write(row.array());
        out.write('\n');
      }
    });
  }

  /** Reads either format: binary for a {@code .bin} file, text otherwise. */
  public static WordVectors read(Path file) {
    return file.toString().endsWith(".bin") ? readBinary(file) : readText(file);
  }

  /**
   * Reads the text format.
   *
   * @throws DataException if the file is unreadable or malformed
   */
  public static WordVectors readText(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int[] shape = parseHeader(in.readLine(), file);
      List<String> words = new ArrayList<>(shape[0]);
      float[] v = new float[shape[0] * shape[1]];
      for (int r = 0; r < shape[0]; r++) {
        String line = in.readLine();
        String[] fields = line == null ? new String[0] : line.strip().split(" ");
        if (fields.length != shape[1] + 1) {
          throw malformed(file, "line " + (r + 2) + " has " + fields.length + " fields, expected "
              + (shape[1] + 1));
        }
        words.add(fields[0]);
        for (int i = 0; i < shape[1]; i++) {
          v[r * shape[1] + i] = Float.parseFloat(fields[i + 1]);
        }
      }
      return new WordVectors(words, v, shape[1]);
    } catch (IOException | NumberFormatException e) {
      throw new DataException("cannot read word vectors " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the binary format.
   *
   * @throws DataException if the file is unreadable or malformed
   */
  public static WordVectors readBinary(Path file) {
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(file)))) {
      int[] shape = parseHeader(readUntil(in, '\n', false), file);
      List<String> words = new ArrayList<>(shape[0]);
      float[] v = new float[shape[0] * shape[1]];
      byte[] row = new byte[shape[1] * Float.BYTES];
      for (int r = 0; r < shape[0]; r++) {
        words.add(readUntil(in, ' ', true));
        in.readFully(row);
        ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
            .get(v, r * shape[1], shape[1]);
      }
      return new WordVectors(words, v, shape[1]);
    } catch (EOFException e) {
      throw malformed(file, "ends before the vectors its header announces");
    } catch (IOException e) {
      throw new DataException("cannot read word vectors " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkWords(WordVectors vectors) {
    for (String w : vectors.words()) {
      if (w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("word vectors: '" + w + "' cannot be written: words"
            + " are separated by whitespace in both formats");
      }
    }
  }

  private static byte[] header(WordVectors vectors) {
    return (vectors.size() + " " + vectors.dim() + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static int[] parseHeader(String line, Path file) {
    String[] f = line == null ? new String[0] : line.strip().split(" ");
    try {
      if (f.length == 2 && Integer.parseInt(f[0]) >= 0 && Integer.parseInt(f[1]) >= 1) {
        return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
      }
    } catch (NumberFormatException e) {
      // reported below with the line itself
    }
    throw malformed(file, "first line must be 'V dim', found '" + line + "'");
  }

  /**
   * Bytes up to (not including) {@code end}, as UTF-8. Word reads skip the newline that ends the
   * previous row, which gensim also tolerates being absent.
   */
  private static String readUntil(InputStream in, char end, boolean skipNewlines)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    int b;
    while ((b = in.read()) != end) {
      if (b < 0) {
        throw new EOFException();
      }
      if (!(skipNewlines && b == '\n' && bytes.size() == 0)) {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static DataException malformed(Path file, String problem) {
    return new DataException("malformed word vectors " + file + ": " + problem);
  }

  private static void writeAtomically(Path file, AtomicWrite.Body body) {
    try {
      AtomicWrite.localFile(file, body);
    } catch (IOException e) {
      throw new OutputException("cannot write word vectors " + file + ": " + e.getMessage(), e);
    }
  }
}
