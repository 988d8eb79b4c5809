package io.sparktrain.runs;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;

/**
 * An exclusive lock on one job's runs, {@code <runs dir>/<job>/.lock}, so that two invocations of
 * the same job (a cron run that overlaps the previous one, say) never write or resume the same run.
 * The lock file is created with create-if-absent, atomic on HDFS ({@code create(overwrite=false)}
 * is one NameNode operation; a file another client is still writing counts as taken) and
 * (through {@code CREATE_NEW}) on the local file system; object stores have no atomic create, so
 * there it is best effort. It holds {@code host pid start-time}. A lock left by a process that no
 * longer runs on this host is stale and taken over; a lock of another host is only ever removed
 * by hand.
 */
public final class JobLock implements AutoCloseable {

  public static final String FILE = ".lock";

  private final FileSystem fs;
  private final Path file;

  private JobLock(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
  }

  /**
   * Takes the lock.
   *
   * @throws OutputException naming the lock file and its holder when the job is locked
   */
  public static JobLock acquire(String runsDir, String jobName, Configuration hadoop) {
    Path unqualified = new Path(new Path(runsDir, jobName), FILE);
    try {
      FileSystem fs = unqualified.getFileSystem(hadoop);
      Path file = fs.makeQualified(unqualified);
      fs.mkdirs(file.getParent());
      for (int attempt = 0; attempt < 3; attempt++) {
        if (tryCreate(fs, file)) {
          return new JobLock(fs, file);
        }
        String holder = read(fs, file);
        if (holder == null) {
          continue; // released between our attempt and the read
        }
        if (attempt > 0 || !isStale(holder)) {
          throw new OutputException("job '" + jobName + "' is locked by another run ("
              + (holder.isEmpty() ? "one that is taking the lock right now" : holder)
              + "); lock file " + file + ". Wait for that run to end, or delete "
              + "the file if you know it is dead");
        }
        System.err.println("sparktrain: taking over the stale lock " + file + " (" + holder
            + ": that process is gone)");
        fs.delete(file, false);
      }
      throw new IllegalStateException("unreachable");
    } catch (IOException e) {
      throw new OutputException("cannot lock " + unqualified + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      throw new OutputException("cannot remove the lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean tryCreate(FileSystem fs, Path file) throws IOException {
    byte[] holder = (host() + " " + ProcessHandle.current().pid() + " " + Instant.now())
        .getBytes(StandardCharsets.UTF_8);
    if ("file".equals(file.toUri().getScheme())) {
      // Hadoop's local create(path, false) checks, then opens: two runs could both get through.
      java.nio.file.Path local = Paths.get(file.toUri());
      try {
        Files.write(local, holder, StandardOpenOption.CREATE_NEW);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      } catch (IOException e) {
        Files.deleteIfExists(local);
        throw e;
      }
    }
    OutputStream out;
    try {
      out = fs.create(file, false);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (RemoteException e) {
      // HDFS: another client has the file open, between its create and its close.
      if (e.getClassName().endsWith(".AlreadyBeingCreatedException")) {
        return false;
      }
      throw e;
    }
    try (out) {
      out.write(holder);
      return true;
    } catch (IOException e) {
      // Created but not written (found on a full disk): a lock naming no holder is never stale,
      // so it would hold the job until someone deleted it by hand.
      fs.delete(file, false);
      throw e;
    }
  }

  /** The holder line, or null if the file is gone. */
  private static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /** Held by a process of this host that no longer exists, or exists only as a zombie. */
  static boolean isStale(String holder) {
    String[] fields = holder.split(" ");
    if (fields.length < 2 || !fields[0].equals(host())) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(fields[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    return ProcessHandle.of(pid).map(p -> !p.isAlive() || isZombie(pid)).orElse(true);
  }

  /**
   * Whether Linux lists {@code pid} as a zombie: it has ended, and its parent has not reaped it.
   * Java counts a zombie alive; in a container without an init that reaps orphans, a killed run's
   * JVM can stay one for good, and its lock with it.
   */
  static boolean isZombie(long pid) {
    java.nio.file.Path proc = Paths.get("/proc", Long.toString(pid));
    try {
      // Latin-1: a command name need not be UTF-8.
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
      // "pid (command) state ...": the command may hold spaces and parentheses.
      int end = stat.lastIndexOf(')');
      if (end < 0 || stat.length() <= end + 2 || stat.charAt(end + 2) != 'Z') {
        return false;
      }
      // A main thread that ended on its own shows Z while the others may still run.
      try (Stream<java.nio.file.Path> tasks = Files.list(proc.resolve("task"))) {
        return tasks.count() <= 1;
      }
    } catch (IOException | RuntimeException e) {
      return false; // no /proc (not Linux): Java's answer stands
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
