package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The lines of a text corpus, read lazily: an installed corpus set ({@code cache.ensure("sotu")}),
 * any directory (every regular file under it, in path order) or one file. Gzip files (by their
 * magic bytes, so dictd's {@code .dict.dz} too) are decompressed on the fly; text is UTF-8, with
 * malformed bytes replaced rather than failing on an odd e-mail. Nothing holds more than one line
 * of a file in memory.
 */
public final class Corpus {

  private Corpus() {}

  /**
   * The regular files of a corpus, sorted by relative path; a file on its own is its own corpus.
   *
   * @throws DataException if the path does not exist or holds no files
   */
  public static List<Path> files(Path fileOrDir) {
    if (Files.isRegularFile(fileOrDir)) {
      return List.of(fileOrDir);
    }
    if (!Files.isDirectory(fileOrDir)) {
      throw new DataException("corpus not found: " + fileOrDir);
    }
    List<Path> files = TreeDigest.files(fileOrDir).stream().map(fileOrDir::resolve).toList();
    if (files.isEmpty()) {
      throw new DataException("corpus " + fileOrDir + " holds no files");
    }
    return files;
  }

  /**
   * Every line of the corpus, file after file, opening each file only when the stream reaches it.
   * Close the stream (try-with-resources) to release the open file.
   *
   * @throws DataException if the corpus does not exist; reading failures surface as
   *     {@link UncheckedIOException} from the stream
   */
  public static Stream<String> lines(Path fileOrDir) {
    return files(fileOrDir).stream().flatMap(file -> {
      BufferedReader reader = open(file);
      return reader.lines().onClose(() -> close(reader));
    });
  }

  /** A location with a URI scheme ({@code hdfs://}, {@code s3a://}, {@code file://}). */
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  /**
   * The lines of a corpus at {@code location} as an RDD. A location with a URI scheme (HDFS, S3,
   * any Hadoop file system) is read by Hadoop's text input: a file, a directory or a glob, gzip and
   * bzip2 decompressed by extension, split into at least 4 partitions per core of the application
   * so that counting a large corpus shows progress task by task. Anything else is a local path
   * ({@link #lines(JavaSparkContext, Path)}).
   *
   * @throws DataException if a local corpus does not exist
   */
  public static JavaRDD<String> lines(JavaSparkContext sc, String location) {
    if (URI_SCHEME.matcher(location).matches()) {
      return sc.textFile(location, 4 * sc.defaultParallelism());
    }
    return lines(sc, Path.of(location));
  }

  /**
   * The corpus's lines as an RDD: the file list is parallelized and each executor streams its
   * files itself, so the driver never reads the text. The path must be readable from every
   * executor (local mode, or a directory shared by all nodes).
   *
   * @throws DataException if the corpus does not exist
   */
  public static JavaRDD<String> lines(JavaSparkContext sc, Path fileOrDir) {
    List<String> files = files(fileOrDir).stream().map(Path::toString).toList();
    int slices = Math.max(1, Math.min(files.size(), 4 * sc.defaultParallelism()));
    return sc.parallelize(files, slices).flatMap(Corpus::readLines);
  }

  /** Lower-cased runs of letters, digits and apostrophes: a plain word tokenizer for one line. */
  public static Stream<String> tokens(String line) {
    return Stream.of(line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+"))
        .filter(token -> !token.isEmpty());
  }

  /** Runs on an executor: the lines of one file, read as the iterator is consumed. */
  private static Iterator<String> readLines(String file) {
    LineIterator lines = new LineIterator(open(Path.of(file)));
    TaskContext task = TaskContext.get();
    if (task != null) {
      // A task that stops early (take, an error) must not leak the open file.
      task.addTaskCompletionListener((TaskCompletionListener) context -> lines.close());
    }
    return lines;
  }

  private static BufferedReader open(Path file) {
    try {
      InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      in.mark(2);
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      InputStream text = gzip ? new GZIPInputStream(in, 1 << 16) : in;
      return new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read corpus file " + file, e);
    }
  }

  private static void close(BufferedReader reader) {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines of a reader, closing it when the last line has been read. */
  private static final class LineIterator implements Iterator<String> {

    private final BufferedReader reader;
    private String next;
    private boolean closed;

    LineIterator(BufferedReader reader) {
      this.reader = reader;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !closed) {
        try {
          next = reader.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (next == null) {
          close();
        }
      }
      return next != null;
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String line = next;
      next = null;
      return line;
    }

    void close() {
      if (!closed) {
        closed = true;
        Corpus.close(reader);
      }
    }
  }
}
