package io.sparktrain.runs;

import io.sparktrain.spec.OutputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DL4J model zips in a run directory. DL4J's ModelSerializer reads and writes local files only, so
 * every zip passes through a local temporary file on its way to or from the run directory, which
 * may be on HDFS or S3; the copy in is atomic ({@link RunDirectory#copyIn}).
 */
public final class ModelFiles {

  private ModelFiles() {}

  /** Work on a local file that exists for the duration of the call. */
  public interface LocalWork<T> {
    T run(File local) throws IOException;
  }

  /** Lets {@code fill} write a local zip, then copies it into the run as {@code name}. */
  public static void write(RunDirectory run, String name, LocalWork<?> fill) {
    withTemporaryFile(name, local -> {
      fill.run(local);
      run.copyIn(local.toPath(), name);
      return null;
    });
  }

  /** Copies {@code name} out of the run and reads it with {@code read}; null if the run has none. */
  public static <T> T read(RunDirectory run, String name, LocalWork<T> read) {
    return withTemporaryFile(name, local -> run.copyOut(name, local.toPath()) ? read.run(local)
        : null);
  }

  private static <T> T withTemporaryFile(String name, LocalWork<T> work) {
    Path local = null;
    try {
      local = Files.createTempFile("sparktrain-", "-" + name);
      return work.run(local.toFile());
    } catch (IOException e) {
      throw new OutputException(name + ": " + e.getMessage(), e);
    } finally {
      if (local != null) {
        local.toFile().delete();
      }
    }
  }
}
