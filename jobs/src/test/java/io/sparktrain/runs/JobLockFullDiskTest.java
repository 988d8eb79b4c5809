package io.sparktrain.runs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by the disk-full campaign: on a full disk the lock file was created but its holder never
 * written, and the empty lock, naming no process, was never stale, so every later run of the job
 * exited 5 until someone deleted it.
 */
class JobLockFullDiskTest {

  @TempDir
  Path dir;

  /** The local disk under the scheme fulldisk:, where every write fails as a full disk's does. */
  public static final class FullDisk extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("fulldisk:///");
    }

    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite,
        int bufferSize, short replication, long blockSize, Progressable progress)
        throws IOException {
      super.create(f, overwrite, bufferSize, replication, blockSize, progress).close();
      return new FSDataOutputStream(new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          throw new IOException("No space left on device");
        }
      }, null);
    }
  }

  @Test
  void aLockThatCouldNotBeWrittenIsNotLeftBehind() {
    Configuration full = new Configuration();
    full.set("fs.fulldisk.impl", FullDisk.class.getName());
    full.setBoolean("fs.fulldisk.impl.disable.cache", true);

    OutputException e = assertThrows(OutputException.class,
        () -> JobLock.acquire("fulldisk://" + dir.resolve("runs"), "job", full));

    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("runs/job").resolve(JobLock.FILE)), "a lock left behind");
    try (JobLock again = JobLock.acquire(dir.resolve("runs").toString(), "job",
        new Configuration())) {
      assertTrue(Files.exists(dir.resolve("runs/job").resolve(JobLock.FILE)));
    }
  }
}
