package io.sparktrain.transfer;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a directory on any Hadoop file system (local, HDFS, S3) so that its final path only ever
 * holds a complete output: the writer fills a sibling {@code <name>.tmp-<uuid>}, which is renamed
 * to the target once the writer returns. An existing target is moved aside first and deleted only
 * after the new one is in place; a failed writer leaves the target as it was.
 *
 * <p>On HDFS and the local file system each rename is atomic, so readers see the old or the new
 * directory (and for a moment none, between the two renames). On S3 a rename is a copy, so the
 * guarantee weakens to "the target is never half-written by this writer".
 */
final class AtomicDirectory {

  private final FileSystem fs;
  private final Path target;
  private final String suffix = UUID.randomUUID().toString();

  private AtomicDirectory(FileSystem fs, Path target) {
    this.fs = fs;
    this.target = target;
  }

  /** @throws OutputException if the file system of {@code path} cannot be reached */
  static AtomicDirectory at(String path, Configuration hadoop) {
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      return new AtomicDirectory(fs, fs.makeQualified(target));
    } catch (IOException e) {
      throw new OutputException("cannot reach " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Lets {@code fill} write the temporary directory, whose fully qualified path it is given, then
   * publishes it at the target.
   *
   * @throws OutputException if the temporary directory cannot be published; anything {@code fill}
   *     throws passes through, after the temporary directory is removed
   */
  void write(Consumer<String> fill) {
    Path temporary = sibling(".tmp-");
    boolean published = false;
    // A flag and finally, not catch (RuntimeException): Spark's job failures are Scala
    // SparkExceptions, checked in Java yet thrown undeclared, and would slip past such a catch.
    try {
      fill.accept(temporary.toString());
      publish(temporary);
      published = true;
    } finally {
      if (!published) {
        deleteQuietly(temporary);
      }
    }
  }

  private void publish(Path temporary) {
    try {
      // rename(src, dst) onto an existing directory would move src inside it, so the old output
      // is moved aside first rather than overwritten.
      Path old = fs.exists(target) ? sibling(".old-") : null;
      if (old != null && !fs.rename(target, old)) {
        throw new OutputException("cannot move the existing " + target + " aside to " + old);
      }
      if (!fs.rename(temporary, target)) {
        if (old != null) {
          fs.rename(old, target);
        }
        throw new OutputException("cannot rename " + temporary + " to " + target);
      }
      if (old != null) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new OutputException("cannot publish " + target + ": " + e.getMessage(), e);
    }
  }

  private Path sibling(String marker) {
    return new Path(target.getParent(), target.getName() + marker + suffix);
  }

  private void deleteQuietly(Path temporary) {
    try {
      fs.delete(temporary, true);
    } catch (IOException e) {
      // The write already failed and that failure is the one to report; a stray temporary
      // directory is named as such and harmless.
    }
  }
}
