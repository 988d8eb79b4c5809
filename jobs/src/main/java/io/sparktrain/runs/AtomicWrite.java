package io.sparktrain.runs;

import io.sparktrain.spec.OutputException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * The one way sparktrain publishes an output, file or directory: write it whole under a hidden
 * sibling name, then rename it onto the target, so a reader (or a crash) sees the old output or
 * the new one, never half of one.
 *
 * <p>On the local file system and HDFS each rename is atomic. A local file replaces its target
 * in one {@code ATOMIC_MOVE}, an HDFS file in one rename with {@code OVERWRITE} (HdfsIT has a
 * reader that never finds the file missing or half-written while it is replaced). Object stores
 * do not rename over an existing file, so there the old file is deleted first and a reader may
 * briefly find none. A directory cannot be
 * renamed over another anywhere (the rename would move it inside), so an existing target
 * directory is moved aside first and deleted only once the new one is in place. On S3 a rename is
 * a copy, and the guarantee weakens to "never half-written by this writer".
 */
public final class AtomicWrite {

  private AtomicWrite() {}

  /** The content of a file, written to the stream it is given. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} on its Hadoop file system.
   *
   * @throws IOException if the file cannot be written or published; the temporary file is gone
   */
  public static void file(FileSystem fs, Path target, Body body) throws IOException {
    if (isLocal(target)) {
      // Straight through java.nio: no .crc side files, and the rename replaces in one step.
      localFile(Paths.get(target.toUri()), body);
      return;
    }
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-"
        + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(temporary, true)) {
        body.write(out);
      }
      renameOver(fs, temporary, target);
    } finally {
      fs.delete(temporary, false);
    }
  }

  /**
   * Writes a local file, buffered.
   *
   * @throws IOException if the file cannot be written or published; the temporary file is gone
   */
  public static void localFile(java.nio.file.Path target, Body body) throws IOException {
    java.nio.file.Path absolute = target.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    java.nio.file.Path temporary = Files.createTempFile(absolute.getParent(),
        "." + absolute.getFileName(), ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary),
          1 << 16)) {
        body.write(out);
      }
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Writes the directory {@code path} on any Hadoop file system: {@code fill} is given the fully
   * qualified path of a temporary sibling to fill, which then replaces the target.
   *
   * @throws OutputException if the file system cannot be reached or the directory published;
   *     anything {@code fill} throws passes through, after the temporary directory is removed
   */
  public static void directory(String path, Configuration hadoop, Consumer<String> fill) {
    Path target;
    FileSystem fs;
    try {
      fs = new Path(path).getFileSystem(hadoop);
      target = fs.makeQualified(new Path(path));
    } catch (IOException e) {
      throw new OutputException("cannot reach " + path + ": " + e.getMessage(), e);
    }
    Path temporary = sibling(target, ".tmp-");
    boolean published = false;
    // A flag and finally, not catch (RuntimeException): Spark's job failures are Scala
    // SparkExceptions, checked in Java yet thrown undeclared, and would slip past such a catch.
    try {
      fill.accept(temporary.toString());
      replaceDirectory(fs, temporary, target);
      published = true;
    } catch (IOException e) {
      throw new OutputException("cannot publish " + target + ": " + e.getMessage(), e);
    } finally {
      if (!published) {
        deleteUntilGone(fs, temporary);
      }
    }
  }

  /**
   * Puts the directory {@code tree} in the place of {@code target}, moving an existing target
   * aside first and restoring it if the second rename fails.
   *
   * @throws IOException naming the step that failed; the target is then as it was
   */
  public static void replaceDirectory(FileSystem fs, Path tree, Path target) throws IOException {
    Path old = fs.exists(target) ? sibling(target, ".old-") : null;
    if (old != null && !fs.rename(target, old)) {
      throw new IOException("cannot move the existing " + target + " aside to " + old);
    }
    if (!fs.rename(tree, target)) {
      if (old != null) {
        fs.rename(old, target);
      }
      throw new IOException("cannot rename " + tree + " to " + target);
    }
    if (old != null) {
      fs.delete(old, true);
    }
  }

  /**
   * {@link #replaceDirectory(FileSystem, Path, Path)} for local directories, with java.nio's
   * atomic moves (which, unlike Hadoop's local rename, fail rather than fall back to a copy). An
   * existing target is left at {@code aside} for the caller to remove.
   */
  public static void replaceLocalDirectory(java.nio.file.Path tree, java.nio.file.Path target,
      java.nio.file.Path aside) throws IOException {
    java.nio.file.Path old = Files.isDirectory(target) ? aside : null;
    if (old != null) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (old != null) {
        try {
          Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException restore) {
          e.addSuppressed(restore);
        }
      }
      throw e;
    }
  }

  /**
   * Renames {@code source} onto the file {@code target}, replacing it. {@code FileSystem.rename}
   * refuses an existing target on HDFS (it returns false); HDFS's own rename with {@code
   * OVERWRITE} replaces it in one NameNode operation, so a reader finds the old file or the new
   * one, never none. Elsewhere (object stores, whose rename is a copy anyway) the old file is
   * deleted first.
   */
  private static void renameOver(FileSystem fs, Path source, Path target) throws IOException {
    if (fs instanceof DistributedFileSystem hdfs) {
      hdfs.rename(source, target, Options.Rename.OVERWRITE);
      return;
    }
    fs.delete(target, false);
    if (!fs.rename(source, target)) {
      throw new IOException("rename of " + source + " to " + target + " failed");
    }
  }

  private static boolean isLocal(Path path) {
    return "file".equals(path.toUri().getScheme());
  }

  /** A visible sibling, so that a stray one left by a killed process is noticed. */
  private static Path sibling(Path target, String marker) {
    return new Path(target.getParent(), target.getName() + marker + UUID.randomUUID());
  }

  /**
   * Removes a failed fill's temporary directory and keeps removing it while late writers recreate
   * it: a Spark job reports its first failed task while the job's other tasks are still being
   * killed, and one of them can still write its part file after the first delete (seen in
   * FeatureExtractorTest). Gives up after about two seconds; a stray temporary is harmless.
   */
  private static void deleteUntilGone(FileSystem fs, Path temporary) {
    int absentInARow = 0;
    for (int attempt = 0; attempt < 20 && absentInARow < 3; attempt++) {
      deleteQuietly(fs, temporary);
      try {
        Thread.sleep(100);
        absentInARow = fs.exists(temporary) ? 0 : absentInARow + 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void deleteQuietly(FileSystem fs, Path temporary) {
    try {
      fs.delete(temporary, true);
    } catch (IOException e) {
      // The write already failed and that failure is the one to report; a stray temporary
      // directory is named as such and harmless.
    }
  }
}
